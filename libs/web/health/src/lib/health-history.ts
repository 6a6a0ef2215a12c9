import type { HealthTransition } from '@hyperion/contracts';
import type { StateSegment } from '@hyperion/web/ui';

/** The checks the history records (the API itself is up whenever a change is recorded). */
export type HistoryCheck = 'overall' | 'database' | 'redis' | 'disk' | 'memory';

/** The longest window the sparklines cover. */
export const HISTORY_WINDOW_MS = 24 * 60 * 60 * 1000;
/** The shortest: a deployment a minute old still gets a readable line. */
export const MIN_HISTORY_WINDOW_MS = 60 * 1000;

/**
 * The window to draw: the last 24 hours, or, for a younger history, from its first recorded
 * change (at least a minute), so the line spans the sparkline instead of a sliver at its end.
 */
export function historyWindow(transitions: readonly HealthTransition[], now: number): number {
  const times = transitions.map((t) => Date.parse(t.occurredAt)).filter((at) => !Number.isNaN(at));
  if (times.length === 0) {
    return HISTORY_WINDOW_MS;
  }
  const span = now - Math.min(...times);
  return Math.min(HISTORY_WINDOW_MS, Math.max(MIN_HISTORY_WINDOW_MS, span));
}

/** A window's length in words: "24 hours", "3 hours", "12 minutes". */
export function windowWords(windowMs: number): string {
  const minutes = Math.round(windowMs / 60_000);
  if (minutes < 60) {
    return `${minutes} minute${minutes === 1 ? '' : 's'}`;
  }
  const hours = Math.round(minutes / 60);
  return `${hours} hour${hours === 1 ? '' : 's'}`;
}

/** The same, short: "24 h", "12 min". */
export function windowShort(windowMs: number): string {
  const minutes = Math.round(windowMs / 60_000);
  return minutes < 60 ? `${minutes} min` : `${Math.round(minutes / 60)} h`;
}

function okIn(transition: HealthTransition, check: HistoryCheck): boolean {
  switch (check) {
    case 'overall':
      return transition.status === 'healthy';
    case 'database':
      return transition.database === 'OK';
    case 'redis':
      return transition.redis === 'OK';
    case 'disk':
      return transition.diskHealthy;
    case 'memory':
      return transition.memoryHealthy;
  }
}

/** A check's states over the window ending `now`, as fractions of it; and how often it failed. */
export interface CheckTimeline {
  readonly segments: StateSegment[];
  /** Times the check was failing within the window (each stretch once). */
  readonly outages: number;
  /** The history reaches back only this far into the window (0: all of it). */
  readonly knownFrom: number;
}

/**
 * The state of one check over the last `windowMs` up to `now`, from the recorded transitions
 * (any order; the API answers newest first). Before the oldest transition nothing is known,
 * unless an older one gives the state at the window's start. Consecutive transitions with the
 * same state of this check merge into one segment.
 */
export function checkTimeline(
  transitions: readonly HealthTransition[],
  check: HistoryCheck,
  now: number,
  windowMs = HISTORY_WINDOW_MS,
): CheckTimeline {
  const start = now - windowMs;
  const sorted = transitions
    .map((transition) => ({ at: Date.parse(transition.occurredAt), ok: okIn(transition, check) }))
    .filter((point) => !Number.isNaN(point.at) && point.at <= now)
    .sort((a, b) => a.at - b.at);
  const before = sorted.filter((point) => point.at <= start).at(-1);
  const inside = sorted.filter((point) => point.at > start);
  const points = before ? [{ at: start, ok: before.ok }, ...inside] : inside;

  const fraction = (at: number) => (at - start) / windowMs;
  const segments: StateSegment[] = [];
  points.forEach((point, index) => {
    const end = index + 1 < points.length ? points[index + 1].at : now;
    const last = segments.at(-1);
    if (last && last.ok === point.ok) {
      segments[segments.length - 1] = { ...last, end: fraction(end) };
    } else {
      segments.push({ start: fraction(point.at), end: fraction(end), ok: point.ok });
    }
  });
  // Each failing stretch once, also one that began before the window.
  const outages = segments.filter((segment) => !segment.ok).length;
  return { segments, outages, knownFrom: points.length > 0 ? fraction(points[0].at) : 1 };
}

/** The sparkline's accessible name, e.g. "Database over the last 24 hours: 2 outages". */
export function timelineLabel(
  title: string,
  timeline: CheckTimeline,
  windowMs = HISTORY_WINDOW_MS,
): string {
  const window = windowWords(windowMs);
  if (timeline.segments.length === 0) {
    return `${title}: no recorded changes in the last ${window}`;
  }
  const failingNow = timeline.segments.at(-1)?.ok === false;
  const outages =
    timeline.outages === 0
      ? 'no outage'
      : `${timeline.outages} outage${timeline.outages === 1 ? '' : 's'}`;
  return `${title} over the last ${window}: ${outages}${failingNow ? ', failing now' : ''}`;
}
