import type { OnCallNow } from '@hyperion/contracts';

import { formatZonedMoment } from '../time/zone-math';

/** How often the schedules page asks who is on call. */
export const ON_CALL_REFRESH_MS = 30_000;
/** An answer older than this is stale even without an error (a sleeping laptop, a frozen tab). */
export const STALE_AFTER_MS = 3 * ON_CALL_REFRESH_MS;
/** The API computes a shift's bounds at most this far around the moment asked about. */
const SHIFT_REACH_MS = 89 * 24 * 3_600_000;

/** What the page knows of one schedule's "on call now". */
export interface OnCallState {
  readonly answer: OnCallNow | null;
  /** When the answer arrived (ms), null before the first one. */
  readonly fetchedAt: number | null;
  /** The last refresh failed: why (in words), and when; null once one succeeds again. */
  readonly error: string | null;
  readonly failedAt: number | null;
}

export const NOTHING_YET: OnCallState = {
  answer: null,
  fetchedAt: null,
  error: null,
  failedAt: null,
};

/** "just now", "12 s ago", "3 min ago", "2 h ago". */
export function ago(then: number, now: number): string {
  const seconds = Math.max(0, Math.round((now - then) / 1000));
  if (seconds < 5) return 'just now';
  if (seconds < 60) return `${seconds} s ago`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ago`;
  return `${Math.floor(minutes / 60)} h ago`;
}

export interface Freshness {
  /** "Updated 12 s ago", or why what is shown may be out of date. */
  readonly text: string;
  /** What is shown may no longer be true: the page says so loudly. */
  readonly stale: boolean;
}

/**
 * How fresh the shown answer is: updated when, or stale — the last refresh failed, the answer is
 * old, or the shift it names has ended meanwhile.
 */
export function freshness(state: OnCallState, now: number): Freshness {
  const { answer, fetchedAt, error, failedAt } = state;
  if (error !== null) {
    const when = failedAt === null ? '' : ` ${ago(failedAt, now)}`;
    return {
      text:
        answer && fetchedAt !== null
          ? `Could not refresh${when}: ${error} Showing the answer from ${ago(fetchedAt, now)}.`
          : `Could not load who is on call: ${error}`,
      stale: true,
    };
  }
  if (!answer || fetchedAt === null) return { text: 'Loading…', stale: false };
  if (shiftOver(answer, now)) {
    return { text: 'This shift has ended: checking who is on call now…', stale: true };
  }
  if (now - fetchedAt > STALE_AFTER_MS) {
    return { text: `Not updated since ${ago(fetchedAt, now)}: refreshing…`, stale: true };
  }
  return { text: `Updated ${ago(fetchedAt, now)}`, stale: false };
}

/** The shift the answer names has ended (someone else may be on call by now). */
export function shiftOver(answer: OnCallNow, now: number): boolean {
  return answer.shiftEnd !== null && Date.parse(answer.shiftEnd) <= now;
}

/**
 * "until Tue 8 Dec, 09:00 CET" in the schedule's zone; "until at least …" when the shift runs to
 * the edge of what the API computes; null when nobody is on call.
 */
export function untilText(answer: OnCallNow, timeZone: string, now: number): string | null {
  if (!answer.contactId || !answer.shiftEnd) return null;
  const end = Date.parse(answer.shiftEnd);
  const atLeast = end - Date.parse(answer.at) >= SHIFT_REACH_MS ? 'at least ' : '';
  return `until ${atLeast}${formatZonedMoment(answer.shiftEnd, timeZone, now)}`;
}

/** "Override" or "Rotation “Primary”". */
export function sourceText(source: string | null): string {
  if (!source) return '';
  return source === 'override' ? 'Override' : `Rotation “${source}”`;
}
