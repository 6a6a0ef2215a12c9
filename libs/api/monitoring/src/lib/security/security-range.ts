import type { SecurityRange } from '@hyperion/contracts';
import { SECURITY_RANGE_BUCKETS } from '@hyperion/contracts';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The instants a dashboard of one range is read between, and the width of its bars. */
export interface SecurityWindow {
  range: SecurityRange;
  bucket: 'hour' | 'day';
  buckets: number;
  bucketMs: number;
  /** The start of the first bar (a UTC hour or midnight). */
  from: Date;
  /** The previous period: as long as [from, now), ending at `from`. */
  previousFrom: Date;
  now: Date;
}

/**
 * The window of `range` at `now`: whole UTC hours (24h) or days (7d, 30d), the last one the
 * current, partial one, so every bar of the chart covers the same hour or day whenever it is
 * drawn, and the bars add up to the range's count.
 */
export function securityWindow(range: SecurityRange, now: Date): SecurityWindow {
  const { bucket, buckets } = SECURITY_RANGE_BUCKETS[range];
  const bucketMs = bucket === 'hour' ? HOUR_MS : DAY_MS;
  const currentStart = now.getTime() - (now.getTime() % bucketMs);
  const from = currentStart - (buckets - 1) * bucketMs;
  return {
    range,
    bucket,
    buckets,
    bucketMs,
    from: new Date(from),
    previousFrom: new Date(from - (now.getTime() - from)),
    now,
  };
}

/** Every bar of the window, oldest first, with the counts found (by bar index) or zero. */
export function fillSeries(
  window: SecurityWindow,
  counts: ReadonlyMap<number, number>,
): { at: string; count: number }[] {
  return Array.from({ length: window.buckets }, (_, index) => ({
    at: new Date(window.from.getTime() + index * window.bucketMs).toISOString(),
    count: counts.get(index) ?? 0,
  }));
}
