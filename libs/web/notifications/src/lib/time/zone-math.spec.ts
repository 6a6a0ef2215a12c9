import {
  addDays,
  formatZonedMoment,
  fromLocalInput,
  isValidTimeZone,
  localParts,
  toLocalInput,
  zonedInstant,
} from './zone-math';

describe('zone maths', () => {
  it('reads a datetime-local value as wall-clock time in the given zone, both ways', () => {
    // Paris is UTC+1 in winter, UTC+2 in summer; New York UTC-5 in winter.
    expect(fromLocalInput('2026-12-07T09:00', 'Europe/Paris')).toBe('2026-12-07T08:00:00.000Z');
    expect(fromLocalInput('2026-07-07T09:00', 'Europe/Paris')).toBe('2026-07-07T07:00:00.000Z');
    expect(fromLocalInput('2026-12-07T09:00', 'America/New_York')).toBe('2026-12-07T14:00:00.000Z');
    expect(toLocalInput('2026-12-07T08:00:00.000Z', 'Europe/Paris')).toBe('2026-12-07T09:00');
    expect(toLocalInput('2026-12-07T08:00:00.000Z', 'Asia/Tokyo')).toBe('2026-12-07T17:00');
  });

  it('refuses what is not a date and time, and impossible days', () => {
    expect(fromLocalInput('', 'UTC')).toBeNull();
    expect(fromLocalInput('tomorrow', 'UTC')).toBeNull();
    expect(fromLocalInput('2026-02-31T09:00', 'UTC')).toBeNull();
    expect(fromLocalInput('2026-02-28T24:00', 'UTC')).toBeNull();
  });

  it('moves a time skipped by the spring-forward change past the gap', () => {
    // 02:30 does not exist in Paris on 29 March 2026: it becomes 03:30 CEST (01:30 UTC).
    expect(
      new Date(
        zonedInstant('Europe/Paris', { year: 2026, month: 3, day: 29 }, 2, 30),
      ).toISOString(),
    ).toBe('2026-03-29T01:30:00.000Z');
  });

  it('adds days across months and years', () => {
    expect(addDays({ year: 2026, month: 12, day: 30 }, 3)).toEqual({
      year: 2027,
      month: 1,
      day: 2,
    });
    expect(addDays({ year: 2028, month: 2, day: 28 }, 1)).toEqual({
      year: 2028,
      month: 2,
      day: 29,
    });
  });

  it('tells the local hour and weekday in a zone', () => {
    const t = localParts('Asia/Tokyo', Date.parse('2026-12-06T20:00:00Z'));
    expect(t).toEqual({ year: 2026, month: 12, day: 7, hour: 5, minute: 0, weekday: 1 });
  });

  it('formats a moment with its day, time and zone name, the year only when not this one', () => {
    const now = Date.parse('2026-12-07T03:00:00Z');
    expect(formatZonedMoment('2026-12-08T08:00:00Z', 'Europe/Paris', now)).toBe(
      'Tue 8 Dec, 09:00 CET',
    );
    expect(formatZonedMoment('2027-01-04T08:00:00Z', 'Europe/Paris', now)).toBe(
      'Mon 4 Jan 2027, 09:00 CET',
    );
  });

  it('knows a real zone from a made-up one', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('UTC')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
  });
});
