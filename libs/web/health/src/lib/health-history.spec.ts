import type { HealthTransition } from '@hyperion/contracts';

import { checkTimeline, historyWindow, timelineLabel, windowShort } from './health-history';

const HOUR = 3_600_000;
const now = Date.parse('2026-11-22T12:00:00Z');

function transition(hoursAgo: number, database: 'OK' | 'ERROR'): HealthTransition {
  return {
    occurredAt: new Date(now - hoursAgo * HOUR).toISOString(),
    status: database === 'OK' ? 'healthy' : 'unhealthy',
    database,
    redis: 'OK',
    diskHealthy: true,
    memoryHealthy: true,
    errors: [],
  };
}

describe('checkTimeline', () => {
  it('takes the state at the window start from an older change, and counts outages', () => {
    // Newest first, as the API answers.
    const history = [
      transition(3, 'OK'),
      transition(6, 'ERROR'),
      transition(12, 'OK'),
      transition(18, 'ERROR'),
      transition(30, 'OK'),
    ];

    const timeline = checkTimeline(history, 'database', now, 24 * HOUR);

    expect(timeline.segments).toEqual([
      { start: 0, end: 0.25, ok: true },
      { start: 0.25, end: 0.5, ok: false },
      { start: 0.5, end: 0.75, ok: true },
      { start: 0.75, end: 0.875, ok: false },
      { start: 0.875, end: 1, ok: true },
    ]);
    expect(timeline.outages).toBe(2);
    expect(timeline.knownFrom).toBe(0);
    expect(timelineLabel('Database', timeline)).toBe('Database over the last 24 hours: 2 outages');
  });

  it('knows nothing before the oldest change, and merges changes of other checks', () => {
    const redisDown = {
      ...transition(6, 'OK'),
      redis: 'ERROR' as const,
      status: 'unhealthy' as const,
    };
    const history = [transition(3, 'ERROR'), redisDown, transition(12, 'OK')];

    const timeline = checkTimeline(history, 'database', now, 24 * HOUR);

    expect(timeline.segments).toEqual([
      { start: 0.5, end: 0.875, ok: true },
      { start: 0.875, end: 1, ok: false },
    ]);
    expect(timeline.knownFrom).toBe(0.5);
    expect(timelineLabel('Database', timeline)).toBe(
      'Database over the last 24 hours: 1 outage, failing now',
    );
    expect(checkTimeline(history, 'redis', now, 24 * HOUR).outages).toBe(1);
  });

  it('is empty without history', () => {
    const timeline = checkTimeline([], 'disk', now);
    expect(timeline.segments).toEqual([]);
    expect(timelineLabel('Disk', timeline)).toBe('Disk: no recorded changes in the last 24 hours');
  });
});

describe('historyWindow', () => {
  it('spans a young history from its first change (at least a minute), at most 24 hours', () => {
    expect(historyWindow([transition(3, 'OK')], now)).toBe(3 * HOUR);
    expect(historyWindow([transition(0.005, 'OK')], now)).toBe(60_000);
    expect(historyWindow([transition(0.5, 'OK')], now)).toBe(30 * 60_000);
    expect(historyWindow([transition(30, 'OK'), transition(2, 'ERROR')], now)).toBe(24 * HOUR);
    expect(historyWindow([], now)).toBe(24 * HOUR);
    expect(windowShort(3 * HOUR)).toBe('3 h');
    expect(windowShort(10 * 60_000)).toBe('10 min');
  });

  it('names the window in the label', () => {
    const history = [transition(2, 'OK')];
    const window = historyWindow(history, now);
    const timeline = checkTimeline(history, 'database', now, window);

    expect(timeline.segments).toEqual([{ start: 0, end: 1, ok: true }]);
    expect(timelineLabel('Database', timeline, window)).toBe(
      'Database over the last 2 hours: no outage',
    );
  });
});
