import {
  formatZonedTime,
  fromDateTimeInput,
  lockedUntilLabel,
  toDateTimeInput,
  zoneAbbreviation,
} from './zoned-time';

const BERLIN = { timeZone: 'Europe/Berlin' };

describe('zoned time', () => {
  it('shows a time with the short name of its zone', () => {
    expect(formatZonedTime('2026-11-22T05:41:03.000Z', BERLIN)).toBe('2026-11-22 06:41:03 CET');
    expect(formatZonedTime('2026-07-01T05:41:03.000Z', BERLIN)).toBe('2026-07-01 07:41:03 CEST');
    expect(formatZonedTime('2026-11-22T05:41:03.000Z', { timeZone: 'America/New_York' })).toBe(
      '2026-11-22 00:41:03 EST',
    );
    // No common name: the offset.
    expect(formatZonedTime('2026-11-22T05:41:03.000Z', { timeZone: 'Asia/Tokyo' })).toBe(
      '2026-11-22 14:41:03 GMT+9',
    );
  });

  it('shows UTC when asked, whatever the zone', () => {
    expect(formatZonedTime('2026-11-22T05:41:03.000Z', { ...BERLIN, utc: true })).toBe(
      '2026-11-22 05:41:03 UTC',
    );
    expect(zoneAbbreviation(new Date(), { utc: true })).toBe('UTC');
    // Midnight is 00, not 24.
    expect(formatZonedTime('2026-11-22T00:00:00.000Z', { utc: true })).toBe(
      '2026-11-22 00:00:00 UTC',
    );
  });

  it('leaves an unreadable time as it is', () => {
    expect(formatZonedTime('not a time', BERLIN)).toBe('not a time');
  });

  it('labels a lock with its end time and zone, the date only when not today', () => {
    const now = new Date('2026-11-22T05:41:00.000Z');
    expect(lockedUntilLabel('2026-11-22T05:56:00.000Z', now, BERLIN)).toBe(
      'Locked until 06:56 (CET)',
    );
    expect(lockedUntilLabel('2026-11-23T07:00:00.000Z', now, BERLIN)).toBe(
      'Locked until 2026-11-23 08:00 (CET)',
    );
    expect(lockedUntilLabel('2026-11-22T05:56:00.000Z', now, { utc: true })).toBe(
      'Locked until 05:56 (UTC)',
    );
    // Over, or none: not locked.
    expect(lockedUntilLabel('2026-11-22T05:40:59.000Z', now, BERLIN)).toBeNull();
    expect(lockedUntilLabel(null, now, BERLIN)).toBeNull();
  });

  it('turns instants into datetime-local values and back, in UTC or the local zone', () => {
    expect(toDateTimeInput('2026-11-22T05:41:03.000Z', { utc: true })).toBe('2026-11-22T05:41');
    expect(fromDateTimeInput('2026-11-22T05:41', true)).toBe('2026-11-22T05:41:00.000Z');
    expect(toDateTimeInput('2026-11-22T05:41:03.000Z', BERLIN)).toBe('2026-11-22T06:41');
    // The browser's zone, both ways.
    const local = toDateTimeInput('2026-11-22T05:41:00.000Z');
    expect(fromDateTimeInput(local, false)).toBe('2026-11-22T05:41:00.000Z');
    expect(toDateTimeInput('')).toBe('');
    expect(fromDateTimeInput('', false)).toBe('');
    expect(fromDateTimeInput('22.11.2026 06:41', false)).toBe('');
  });
});
