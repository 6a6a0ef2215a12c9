import { erf, erfInverse, median } from './robust-stats';
import { scoreSeries, SeriesPoint, StreamingAnomalyDetector } from './streaming-detector';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
const STEP = 5 * MINUTE;
const START = Date.UTC(2026, 0, 5); // a Monday, 00:00 UTC

/** Seeded gaussian noise (Park–Miller and Box–Muller), so every run sees the same series. */
function noise(seed: number): () => number {
  let state = seed;
  const uniform = () => (state = (state * 16807) % 2147483647) / 2147483647;
  return () =>
    Math.sqrt(-2 * Math.log(Math.max(uniform(), 1e-12))) * Math.cos(2 * Math.PI * uniform());
}

/** `days` of 5-minute points: shape(t) plus gaussian noise of `sigma`. */
function series(days: number, shape: (at: number) => number, sigma: number, seed = 11) {
  const gauss = noise(seed);
  const points: SeriesPoint[] = [];
  for (let at = START; at < START + days * DAY; at += STEP) {
    points.push({ at, value: shape(at) + sigma * gauss() });
  }
  return points;
}

const hourOfDay = (at: number) => (at % DAY) / HOUR;
const index = (at: number) => (at - START) / STEP;
const flagged = (scored: ReturnType<typeof scoreSeries>) =>
  scored.filter((p) => p.anomalous).map((p) => p.at);

describe('robust statistics', () => {
  it('finds medians of odd and even counts without reordering the input', () => {
    const values = [5, 1, 4, 2, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 4, 2, 3]);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7, 7, 7, 7])).toBe(7);
    expect(median([])).toBeNaN();
  });

  it('has erf and its inverse agree', () => {
    expect(erf(0)).toBeCloseTo(0, 6);
    expect(erf(1)).toBeCloseTo(0.8427, 4);
    expect(erf(-1)).toBeCloseTo(-0.8427, 4);
    expect(erf(erfInverse(0.95))).toBeCloseTo(0.95, 6);
  });
});

describe('streaming anomaly detector', () => {
  it('refuses a threshold outside (0, 1)', () => {
    for (const threshold of [0, 1, -0.5, 2, Number.NaN]) {
      expect(() => new StreamingAnomalyDetector({ threshold })).toThrow(RangeError);
    }
  });

  it('scores nothing while it warms up, then gives an expected value inside its band', () => {
    const scored = scoreSeries(series(1, () => 100, 2));
    expect(scored.slice(0, 10).every((p) => p.score === 0 && p.expected === null)).toBe(true);
    const later = scored[200];
    expect(Math.abs((later?.expected ?? 0) - 100)).toBeLessThan(2);
    expect(later?.lower).toBeLessThan(later?.expected ?? 0);
    expect(later?.upper).toBeGreaterThan(later?.expected ?? 0);
  });

  it('flags a spike in noise, and nothing else over three days', () => {
    const points = series(3, () => 50, 1);
    const spike = points[600] as SeriesPoint;
    spike.value += 9;
    const scored = scoreSeries(points);
    expect(flagged(scored)).toEqual([spike.at]);
    expect(scored[600]?.score).toBeGreaterThan(0.99);
  });

  it('scores a larger departure higher', () => {
    const base = series(2, () => 50, 1);
    const score = (by: number) => {
      const points = base.map((p) => ({ ...p }));
      (points[400] as SeriesPoint).value += by;
      return scoreSeries(points)[400]?.score ?? 0;
    };
    const scores = [2, 4, 6, 8].map(score);
    expect(scores).toEqual([...scores].sort((a, b) => a - b));
    expect(new Set(scores).size).toBe(4);
  });

  it('learns a nightly job within the first week: the job is not flagged after, a spike still is', () => {
    const job = (at: number) => (hourOfDay(at) >= 2 && hourOfDay(at) < 2.5 ? 20 : 0);
    const points = series(10, (at) => 40 + job(at), 1.5);
    const noon = START + 8 * DAY + 12 * HOUR;
    (points[index(noon)] as SeriesPoint).value += 15;
    const late = flagged(scoreSeries(points)).filter((at) => at >= START + 7 * DAY);
    expect(late).toEqual([noon]);
  });

  it('does not flag a small nightly job that one of its well-fitting models expected', () => {
    // A small job and weekends 18 % lower: the plain level fits the day about as well as the
    // seasonal models, and a point is anomalous only if no model that fits well explains it.
    const weekday = (at: number) => (Math.floor(at / DAY) + 4) % 7;
    const shape = (at: number) =>
      (21 + (hourOfDay(at) >= 2 && hourOfDay(at) < 2.5 ? 6 : 0)) *
      (weekday(at) === 0 || weekday(at) === 6 ? 0.82 : 1);
    const points = series(14, shape, 1, 3);
    expect(flagged(scoreSeries(points)).filter((at) => at >= START + 7 * DAY)).toEqual([]);
  });

  it('learns a daily shape: a spike far smaller than the day swing is flagged', () => {
    const day = (at: number) => 100 + 40 * Math.sin((2 * Math.PI * (at % DAY)) / DAY);
    const points = series(6, day, 1);
    const evening = START + 5 * DAY + 19 * HOUR;
    (points[index(evening)] as SeriesPoint).value -= 8;
    const late = flagged(scoreSeries(points)).filter((at) => at >= START + 3 * DAY);
    expect(late).toEqual([evening]);
  });

  it('flags a level shift where it starts, then takes the new level as normal', () => {
    const shiftAt = START + 2 * DAY + 10 * HOUR;
    const points = series(4, (at) => (at >= shiftAt ? 70 : 50), 1);
    const found = flagged(scoreSeries(points));
    expect(found[0]).toBe(shiftAt);
    // Within the first hour it is over: nothing after.
    expect(found.every((at) => at < shiftAt + HOUR)).toBe(true);
  });

  it('takes a constant series changing for the first time as anomalous', () => {
    const points = series(1, () => 3, 0);
    (points[250] as SeriesPoint).value = 4;
    expect(flagged(scoreSeries(points))).toEqual([(points[250] as SeriesPoint).at]);
  });

  it('uses the threshold it is given: a lower one flags more', () => {
    const points = series(3, () => 50, 1, 5);
    const strict = flagged(scoreSeries(points, { threshold: 0.99 })).length;
    const loose = flagged(scoreSeries(points, { threshold: 0.5 })).length;
    expect(loose).toBeGreaterThan(strict);
  });
});
