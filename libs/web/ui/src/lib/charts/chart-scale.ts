/** A moment as the charts accept it: a Date, an ISO 8601 text or epoch milliseconds. */
export type ChartTime = Date | string | number;

/** One measure of a series; `v: null` is a hole (no data), drawn as a gap in the line. */
export interface ChartPoint {
  readonly t: ChartTime;
  readonly v: number | null;
}

export const toMillis = (t: ChartTime): number =>
  typeof t === 'number' ? t : typeof t === 'string' ? Date.parse(t) : t.getTime();

/** Maps a domain [d0, d1] onto a range [r0, r1]; a flat domain maps to the range's middle. */
export function linear(d0: number, d1: number, r0: number, r1: number): (value: number) => number {
  const span = d1 - d0;
  if (span === 0) return () => (r0 + r1) / 2;
  return (value) => r0 + ((value - d0) / span) * (r1 - r0);
}

const round1 = (value: number) => Math.round(value * 10) / 10;

/**
 * The SVG path of a line through points in time order: a hole (`null`), or a step in time
 * longer than `gapMs`, lifts the pen, so missing data shows as a gap rather than a made-up line.
 * A point alone between two gaps is drawn as a dot (a zero-length segment with round caps).
 */
export function linePath(
  times: readonly number[],
  values: readonly (number | null)[],
  x: (t: number) => number,
  y: (v: number) => number,
  gapMs = Infinity,
): string {
  const parts: string[] = [];
  let open = false;
  let lastT = -Infinity;
  for (let i = 0; i < times.length; i++) {
    const v = values[i];
    if (v === null || !Number.isFinite(v)) {
      open = false;
      continue;
    }
    const t = times[i];
    const point = `${round1(x(t))} ${round1(y(v))}`;
    if (open && t - lastT <= gapMs) {
      parts.push(`L${point}`);
    } else {
      parts.push(`M${point}`);
      // A dot until the next point continues the line (removed if it does).
      parts.push('h0');
    }
    open = true;
    lastT = t;
  }
  // "M… h0 L…": the dot is not needed where a line follows.
  return parts.filter((part, i) => part !== 'h0' || parts[i + 1]?.[0] !== 'L').join(' ');
}

/** 1, 2 or 5 times a power of ten: a step a person reads at a glance. */
function niceStep(rough: number): number {
  const power = 10 ** Math.floor(Math.log10(rough));
  const fraction = rough / power;
  return (fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10) * power;
}

/** Round tick values covering [min, max] (about `count` of them) and the domain they span. */
export function niceTicks(
  min: number,
  max: number,
  count = 4,
): { ticks: number[]; min: number; max: number } {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return { ticks: [0, 1], min: 0, max: 1 };
  if (max === min) {
    const pad = Math.abs(max) > 0 ? Math.abs(max) * 0.1 : 1;
    min -= min === 0 ? 0 : pad;
    max += pad;
  }
  const step = niceStep((max - min) / count);
  const lo = Math.floor(min / step + 1e-9) * step;
  const hi = Math.ceil(max / step - 1e-9) * step;
  const ticks: number[] = [];
  for (let v = lo; v <= hi + step / 2 && ticks.length < 50; v += step) {
    ticks.push(Math.round(v / step) * step);
  }
  return { ticks, min: lo, max: hi };
}

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const TIME_STEPS = [
  SECOND,
  5 * SECOND,
  15 * SECOND,
  30 * SECOND,
  MINUTE,
  5 * MINUTE,
  15 * MINUTE,
  30 * MINUTE,
  HOUR,
  3 * HOUR,
  6 * HOUR,
  12 * HOUR,
  DAY,
  7 * DAY,
  30 * DAY,
];

/**
 * Time ticks at round moments (every 15 s, 5 min, 3 h, 1 day …), at most `count` of them. Steps
 * under a day fall on round local clock times; days fall on local midnights.
 */
export function timeTicks(from: number, to: number, count = 6): { ticks: number[]; step: number } {
  if (!(to > from)) return { ticks: [], step: MINUTE };
  const step =
    TIME_STEPS.find((candidate) => (to - from) / candidate <= count) ?? TIME_STEPS.at(-1) ?? DAY;
  // Round to the local clock: an hour tick at 14:00 local, not at a UTC hour in India (+5:30).
  const offset = new Date(from).getTimezoneOffset() * MINUTE;
  const first = Math.ceil((from - offset) / step) * step + offset;
  const ticks: number[] = [];
  for (let t = first; t <= to && ticks.length < count + 1; t += step) ticks.push(t);
  return { ticks, step };
}

/** The console's way of writing dates and numbers (as `localTime` of @hyperion/web/util). */
export const CHART_LOCALE = 'en-GB';

const CLOCK = new Intl.DateTimeFormat(CHART_LOCALE, { hour: '2-digit', minute: '2-digit' });
const CLOCK_SECONDS = new Intl.DateTimeFormat(CHART_LOCALE, {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});
const DAY_MONTH = new Intl.DateTimeFormat(CHART_LOCALE, { day: 'numeric', month: 'short' });
const FULL = new Intl.DateTimeFormat(CHART_LOCALE, {
  day: 'numeric',
  month: 'short',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** A tick's label for ticks `step` apart: "14:05:30", "14:05" or "7 Dec". */
export function tickLabel(t: number, step: number): string {
  if (step >= DAY) return DAY_MONTH.format(t);
  return step < MINUTE ? CLOCK_SECONDS.format(t) : CLOCK.format(t);
}

/** A moment in full, for the readout and the text summary: "7 Dec, 14:05:30". */
export const momentText = (t: number): string => FULL.format(t);

/** The index of the time in sorted `times` nearest to `t` (-1 for none). */
export function nearestIndex(times: readonly number[], t: number): number {
  if (times.length === 0) return -1;
  let lo = 0;
  let hi = times.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid] < t) lo = mid + 1;
    else hi = mid;
  }
  if (lo > 0 && t - times[lo - 1] <= times[lo] - t) return lo - 1;
  return lo;
}
