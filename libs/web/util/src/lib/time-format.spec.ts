import { localTime, relativeTime } from './time-format';

describe('time formats', () => {
  const now = Date.parse('2026-12-07T03:00:00Z');

  it('says how long ago (or ahead) in the unit a person reads at a glance', () => {
    expect(relativeTime('2026-12-07T02:59:58Z', now)).toBe('just now');
    expect(relativeTime('2026-12-07T02:59:48Z', now)).toBe('12 s ago');
    expect(relativeTime('2026-12-07T02:57:00Z', now)).toBe('3 min ago');
    expect(relativeTime('2026-12-07T01:00:00Z', now)).toBe('2 h ago');
    expect(relativeTime('2026-12-03T03:00:00Z', now)).toBe('4 d ago');
    expect(relativeTime('2026-12-07T03:05:00Z', now)).toBe('in 5 min');
    expect(relativeTime('not a date', now)).toBe('not a date');
  });

  it('shows a full local time, a dash for none, and an unreadable value as it is', () => {
    expect(localTime('2026-12-07T03:12:05Z')).toMatch(/2026/);
    expect(localTime(null)).toBe('—');
    expect(localTime('soon')).toBe('soon');
  });
});
