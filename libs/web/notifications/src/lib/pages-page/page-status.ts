import type {
  NotificationSeverity,
  PageState,
  PageStep,
  PageSummary,
  PageUrgency,
} from '@hyperion/contracts';

import { kindInfo } from '../channel-kinds';
import { Freshness, ago } from '../schedules-page/on-call-status';
import { formatClock, localDate, shortDay, zoneName } from '../time/zone-math';

/** How often the pages page asks for the pages again. */
export const PAGES_REFRESH_MS = 15_000;
/** A list older than this is stale even without an error (a sleeping laptop, a frozen tab). */
export const PAGES_STALE_AFTER_MS = 3 * PAGES_REFRESH_MS;
/** How many pages one load shows (newest first). */
export const PAGES_LIMIT = 100;
/** A scheduled step this late is said to be late (the queue should have run it by now). */
const LATE_AFTER_MS = 60_000;

/** The state filter: '' for every state. "Notifying" first: it is what someone on call looks for. */
export type PageStateFilter = '' | PageState;

export const PAGE_STATE_FILTERS: readonly { value: PageStateFilter; label: string }[] = [
  { value: 'notifying', label: 'Notifying' },
  { value: 'exhausted', label: 'Nobody acknowledged' },
  { value: 'acknowledged', label: 'Acknowledged' },
  { value: '', label: 'All' },
];

export const DEFAULT_PAGE_STATE_FILTER: PageStateFilter = 'notifying';

/** `GET /pages` of a state filter. */
export function pagesQuery(filter: PageStateFilter): { state?: PageState; limit: number } {
  return filter === '' ? { limit: PAGES_LIMIT } : { state: filter, limit: PAGES_LIMIT };
}

/** Whether a page belongs in the list the filter shows. */
export function matchesFilter(page: PageSummary, filter: PageStateFilter): boolean {
  return filter === '' || page.state === filter;
}

/** A state in words, and the tone of its chip (the words alone say it: colour only adds). */
export interface StateInfo {
  readonly label: string;
  /** One sentence: what the state means for the person paged. */
  readonly detail: string;
  readonly tone: 'warning' | 'ok' | 'error';
}

export const PAGE_STATES: Readonly<Record<PageState, StateInfo>> = {
  notifying: {
    label: 'Notifying',
    detail: 'Not acknowledged yet: the remaining steps will run.',
    tone: 'warning',
  },
  acknowledged: {
    label: 'Acknowledged',
    detail: 'Someone is on it: the remaining steps were cancelled.',
    tone: 'ok',
  },
  exhausted: {
    label: 'Nobody acknowledged',
    detail: 'Every step ran and nobody acknowledged.',
    tone: 'error',
  },
};

export const SEVERITIES: readonly { value: NotificationSeverity; label: string }[] = [
  { value: 'critical', label: 'Critical' },
  { value: 'high', label: 'High' },
  { value: 'warning', label: 'Warning' },
  { value: 'info', label: 'Info' },
];

export function severityLabel(severity: NotificationSeverity): string {
  return SEVERITIES.find((s) => s.value === severity)?.label ?? severity;
}

export const URGENCIES: readonly { value: PageUrgency; label: string; hint: string }[] = [
  { value: 'high', label: 'High urgency', hint: 'Follows the high-urgency rules, day and night.' },
  {
    value: 'low',
    label: 'Low urgency',
    hint: 'Follows the low-urgency rules; waits for the end of quiet hours.',
  },
];

export function urgencyLabel(urgency: PageUrgency): string {
  return URGENCIES.find((u) => u.value === urgency)?.label ?? urgency;
}

/** "03:12 CET" when `iso` falls on the same day as `now` in `timeZone`, else "Mon 7 Dec, 03:12 CET". */
export function clockText(iso: string, timeZone: string, now: number): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return iso;
  const day = localDate(timeZone, instant);
  const today = localDate(timeZone, now);
  const sameDay = day.year === today.year && day.month === today.month && day.day === today.day;
  const clock = `${formatClock(instant, timeZone)} ${zoneName(instant, timeZone)}`;
  if (sameDay) return clock;
  const year = day.year !== today.year ? ` ${day.year}` : '';
  return `${shortDay(day)}${year}, ${clock}`;
}

/** "at once", "after 5 min", "after 2 h", "after 1 h 30 min". */
export function delayText(minutes: number): string {
  if (minutes <= 0) return 'at once';
  if (minutes < 60) return `after ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest === 0 ? `after ${hours} h` : `after ${hours} h ${rest} min`;
}

/**
 * What became of a step: "sent at 03:12 CET", "scheduled at 03:17 CET" (or "due at 03:17 CET,
 * not sent yet" once it is late), "skipped: the contact has no phone number", "cancelled:
 * acknowledged first".
 */
export function stepOutcome(step: PageStep, timeZone: string, now: number): string {
  switch (step.state) {
    case 'sent':
      return `sent at ${clockText(step.doneAt ?? step.dueAt, timeZone, now)}`;
    case 'scheduled': {
      const due = clockText(step.dueAt, timeZone, now);
      return Date.parse(step.dueAt) < now - LATE_AFTER_MS
        ? `due at ${due}, not sent yet`
        : `scheduled at ${due}`;
    }
    case 'skipped':
      return `skipped: ${step.reason ?? 'no reason given'}`;
    case 'cancelled':
      if (!step.reason) return 'cancelled';
      return step.reason === 'acknowledged'
        ? 'cancelled: acknowledged first'
        : `cancelled: ${step.reason}`;
  }
}

/** One step in words: "after 5 min · SMS · sent at 03:17 CET". */
export function stepText(step: PageStep, timeZone: string, now: number): string {
  const when = delayText(step.delayMinutes);
  return `${when[0].toUpperCase()}${when.slice(1)} · ${kindInfo(step.kind).label} · ${stepOutcome(step, timeZone, now)}`;
}

/** Whether a step needs a second look (it did not reach the person, or is late). */
export function stepProblem(step: PageStep, now: number): boolean {
  return (
    step.state === 'skipped' ||
    (step.state === 'scheduled' && Date.parse(step.dueAt) < now - LATE_AFTER_MS)
  );
}

/** "Acknowledged at 03:14 CET by you" / "… by another user" / "… through the API". */
export function acknowledgedText(
  page: Pick<PageSummary, 'acknowledgedAt' | 'acknowledgedBy'>,
  me: string | null,
  timeZone: string,
  now: number,
): string | null {
  if (!page.acknowledgedAt) return null;
  const by =
    page.acknowledgedBy === null
      ? 'through the API'
      : page.acknowledgedBy === me
        ? 'by you'
        : 'by another user';
  return `Acknowledged at ${clockText(page.acknowledgedAt, timeZone, now)} ${by}`;
}

/** What the page knows of the list: the last answer, and how its last refresh went. */
export interface PagesState {
  readonly pages: readonly PageSummary[] | null;
  /** When the answer arrived (ms), null before the first one. */
  readonly fetchedAt: number | null;
  /**
   * When the request of that answer was sent (ms), null before the first one: live changes sent
   * from then on are in the list.
   */
  readonly askedAt: number | null;
  /** The last refresh failed: why (in words), and when; null once one succeeds again. */
  readonly error: string | null;
  readonly failedAt: number | null;
}

export const NO_PAGES_YET: PagesState = {
  pages: null,
  fetchedAt: null,
  askedAt: null,
  error: null,
  failedAt: null,
};

/** How fresh the list is, and whether its changes arrive as they happen. */
export interface PagesFreshness extends Freshness {
  /** Live updates flow and the list was asked for since they started: nothing was missed. */
  readonly live: boolean;
}

/** Whether the list shown is live: the socket is connected since `liveSince`, and the list was asked for since. */
export function isLive(state: PagesState, liveSince: number | null): boolean {
  return liveSince !== null && state.askedAt !== null && state.askedAt >= liveSince;
}

/**
 * How fresh the list shown is: "Live" while live updates flow (the list was asked for since they
 * started), else "Updated 12 s ago" — saying when live updates are off — or stale: the last
 * refresh failed (the last answer stays shown, with its age) or the answer is old.
 * `liveSince`: since when the socket is connected (ms), null while it is not.
 */
export function pagesFreshness(
  state: PagesState,
  now: number,
  liveSince: number | null = null,
): PagesFreshness {
  const { pages, fetchedAt, error, failedAt } = state;
  if (error !== null) {
    const when = failedAt === null ? '' : ` ${ago(failedAt, now)}`;
    return {
      text:
        pages && fetchedAt !== null
          ? `Could not refresh${when}: ${error} Showing the pages from ${ago(fetchedAt, now)}.`
          : `Could not load the pages: ${error}`,
      stale: true,
      live: false,
    };
  }
  if (!pages || fetchedAt === null) return { text: 'Loading…', stale: false, live: false };
  if (now - fetchedAt > PAGES_STALE_AFTER_MS) {
    return {
      text: `Not updated since ${ago(fetchedAt, now)}: refreshing…`,
      stale: true,
      live: false,
    };
  }
  if (isLive(state, liveSince)) {
    return { text: 'Live: changes show as they happen', stale: false, live: true };
  }
  const updated = `Updated ${ago(fetchedAt, now)}`;
  return {
    // Connected a moment ago: the list is being asked for again, then it is live.
    text:
      liveSince !== null
        ? updated
        : `${updated} (live updates are off: asking every ${PAGES_REFRESH_MS / 1000} s)`,
    stale: false,
    live: false,
  };
}

const STATE_RANK: Readonly<Record<PageState, number>> = {
  notifying: 0,
  exhausted: 1,
  acknowledged: 2,
};

/**
 * How far a page has got: each step that ran (sent, skipped or cancelled), then "nobody
 * acknowledged", then acknowledged. Every change of a page raises it: of two copies of a page,
 * the one with the higher progress is the newer.
 */
export function pageProgress(page: PageSummary): number {
  return page.steps.filter((s) => s.state !== 'scheduled').length + STATE_RANK[page.state];
}

/**
 * The list after a page changed (a live `page:changed`, an acknowledgement, a page made here):
 * a copy older than the one shown is ignored; a page shown is replaced in place, or removed once
 * the filter no longer shows it — unless `keep` holds it (acknowledged here: it stays in view,
 * acknowledged, until the next refresh); a page not shown is added when the filter shows it, where
 * its creation puts it (newest first: a new page at the top). At most PAGES_LIMIT pages.
 */
export function applyPageChange(
  pages: readonly PageSummary[],
  page: PageSummary,
  filter: PageStateFilter,
  keep: ReadonlySet<string> = new Set(),
): PageSummary[] {
  const index = pages.findIndex((p) => p.id === page.id);
  if (index >= 0) {
    if (pageProgress(pages[index]) > pageProgress(page)) return [...pages];
    if (!matchesFilter(page, filter) && !keep.has(page.id)) {
      return pages.filter((p) => p.id !== page.id);
    }
    return pages.map((p) => (p.id === page.id ? page : p));
  }
  if (!matchesFilter(page, filter)) return [...pages];
  const created = Date.parse(page.createdAt);
  const at = pages.findIndex((p) => Date.parse(p.createdAt) < created);
  const next = at < 0 ? [...pages, page] : [...pages.slice(0, at), page, ...pages.slice(at)];
  return next.slice(0, PAGES_LIMIT);
}

/**
 * The list a refresh answered, with the changes received while it was under way applied again
 * (the answer may have been read before them; older copies are ignored).
 */
export function withChangesSince(
  answer: readonly PageSummary[],
  changes: readonly PageSummary[],
  filter: PageStateFilter,
): PageSummary[] {
  return changes.reduce<PageSummary[]>(
    (pages, page) => applyPageChange(pages, page, filter),
    [...answer],
  );
}
