import { fillSeries, securityWindow } from './security-range';

describe('securityWindow', () => {
  const now = new Date('2031-03-10T10:30:00.000Z');

  it('24h: 24 whole UTC hours, the current one last; the previous period as long, just before', () => {
    const w = securityWindow('24h', now);
    expect(w).toMatchObject({ bucket: 'hour', buckets: 24, bucketMs: 3_600_000 });
    expect(w.from.toISOString()).toBe('2031-03-09T11:00:00.000Z');
    // 23 h 30 min long, so the period before is too.
    expect(w.previousFrom.toISOString()).toBe('2031-03-08T11:30:00.000Z');
  });

  it('7d and 30d: whole UTC days, today last', () => {
    expect(securityWindow('7d', now).from.toISOString()).toBe('2031-03-04T00:00:00.000Z');
    const month = securityWindow('30d', now);
    expect(month).toMatchObject({ bucket: 'day', buckets: 30 });
    expect(month.from.toISOString()).toBe('2031-02-09T00:00:00.000Z');
  });
});

describe('fillSeries', () => {
  it('gives every bar, oldest first, zero where nothing was counted', () => {
    const w = securityWindow('7d', new Date('2031-03-10T10:30:00.000Z'));
    const series = fillSeries(
      w,
      new Map([
        [1, 4],
        [6, 2],
      ]),
    );
    expect(series.map((p) => p.count)).toEqual([0, 4, 0, 0, 0, 0, 2]);
    expect(series[6].at).toBe('2031-03-10T00:00:00.000Z');
  });
});
