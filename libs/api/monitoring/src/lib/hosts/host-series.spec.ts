import { BadRequestException } from '@nestjs/common';

import { planRange, Retention } from './host-series';

const retention: Retention = { rawHours: 24, minuteDays: 30, hourDays: 365 };
const now = new Date('2026-03-01T12:00:00Z');
const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
const H = 3_600_000;
const D = 24 * H;

const plan = (from: string, resolution?: 'auto' | 'raw' | '1m' | '1h', intervalSeconds = 15) =>
  planRange({ from, to: now.toISOString(), resolution, intervalSeconds, retention, now });

describe('planning a range query', () => {
  it('picks raw samples, then minutes, then hours, keeping to about 1,000 points', () => {
    expect(plan(ago(H))).toMatchObject({ resolution: 'raw', stepSeconds: 15 });
    // 6 h at 15 s is 1,440 samples: minutes instead.
    expect(plan(ago(6 * H))).toMatchObject({ resolution: '1m', stepSeconds: 60 });
    expect(plan(ago(2 * D))).toMatchObject({ resolution: '1h', stepSeconds: 3600 });
    // A year of hours is 8,760: binned 9 hours to a point (973 points).
    expect(plan(ago(365 * D))).toMatchObject({ resolution: '1h', stepSeconds: 9 * 3600 });
  });

  it('skips a resolution no longer kept at the start of the range', () => {
    const from = new Date(now.getTime() - 25 * H);
    const short = planRange({
      from: from.toISOString(),
      to: new Date(from.getTime() + 10 * 60_000).toISOString(),
      intervalSeconds: 15,
      retention,
      now,
    });
    expect(short.resolution).toBe('1m');
  });

  it('defaults to the last hour, and takes a resolution asked for', () => {
    const p = planRange({ intervalSeconds: 15, retention, now });
    expect([p.from.toISOString(), p.to.toISOString()]).toEqual([ago(H), now.toISOString()]);
    expect(plan(ago(2 * H), '1m')).toMatchObject({ resolution: '1m', stepSeconds: 60 });
  });

  it('refuses a range upside down, too long, or too long for the resolution asked, naming the field', () => {
    const refused = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(BadRequestException);
        return (error as BadRequestException).message;
      }
      throw new Error('not refused');
    };
    expect(
      refused(() =>
        planRange({ from: now.toISOString(), to: ago(H), intervalSeconds: 15, retention, now }),
      ),
    ).toBe('from: must be before to');
    expect(refused(() => plan(ago(401 * D)))).toMatch(/^from: a range covers at most 400 days/);
    expect(refused(() => plan(ago(7 * H), 'raw'))).toMatch(
      /^resolution: raw samples cover at most 6 hours/,
    );
    expect(refused(() => plan(ago(3 * D), '1m'))).toMatch(
      /^resolution: 1-minute points cover at most 48 hours/,
    );
  });
});
