import {
  currentOrNextWindow,
  normaliseRrule,
  recurrenceText,
  windowsBetween,
} from './maintenance-windows';

const at = (iso: string) => new Date(iso);
const sunday = at('2030-01-06T02:00:00Z');

describe('maintenance windows', () => {
  it('normalises a rule as the library writes it, with or without RRULE:, in any case', () => {
    expect(normaliseRrule('rrule:freq=weekly;byday=su', sunday)).toBe('FREQ=WEEKLY;BYDAY=SU');
    expect(normaliseRrule(' FREQ=MONTHLY;BYDAY=1SU;COUNT=12 ', sunday)).toBe(
      'FREQ=MONTHLY;BYDAY=+1SU;COUNT=12',
    );
  });

  it.each([
    ['FREQ=MINUTELY', 'FREQ must be one of DAILY, WEEKLY, MONTHLY, YEARLY'],
    ['BYDAY=SU', 'FREQ must be one of DAILY, WEEKLY, MONTHLY, YEARLY'],
    ['FREQ=DAILY;BYHOUR=3', 'FREQ=DAILY may not use BYHOUR (the time of day is that of startsAt)'],
    ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'FREQ=DAILY may not use BYMONTH'],
    ['FREQ=WEEKLY;BYDAY=1SU', 'FREQ=WEEKLY takes BYDAY without ordinals'],
    ['FREQ=MONTHLY;BYDAY=MO;BYSETPOS=10', 'BYSETPOS must be from -5 to 5, not 0'],
    ['FREQ=MONTHLY;BYMONTHDAY=1;BYDAY=MO', 'use BYMONTHDAY or BYDAY, not both'],
    ['FREQ=WEEKLY;INTERVAL=0', 'INTERVAL must be a whole number from 1 to 1000'],
    ['FREQ=WEEKLY;UNTIL=20200101T000000Z', 'UNTIL must be a date and time after startsAt'],
    ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'it gives no window at all'],
    ['FREQ=WEEKLY\nDTSTART:20300101T000000Z', 'only letters, digits and = ; , + - : on one line'],
    ['FREQ=WEEKLY;FOO=1', "Unknown RRULE property 'FOO'"],
  ])('refuses %j: %s', (rule, message) => {
    const started = Date.now();
    expect(() => normaliseRrule(rule, sunday)).toThrow(message);
    // Never a rule the library walks for seconds (an impossible daily one took 12 s).
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('tells the window in progress from the next one, for one-off and repeating windows', () => {
    const once = { startsAt: sunday, durationMinutes: 60, rrule: null };
    expect(currentOrNextWindow(once, at('2030-01-06T01:00:00Z'))).toEqual({
      start: sunday,
      end: at('2030-01-06T03:00:00Z'),
    });
    expect(currentOrNextWindow(once, at('2030-01-06T02:30:00Z'))?.start).toEqual(sunday);
    expect(currentOrNextWindow(once, at('2030-01-06T03:00:00Z'))).toBeNull();

    const weekly = { startsAt: sunday, durationMinutes: 90, rrule: 'FREQ=WEEKLY;BYDAY=SU' };
    expect(currentOrNextWindow(weekly, at('2030-01-13T03:00:00Z'))).toEqual({
      start: at('2030-01-13T02:00:00Z'),
      end: at('2030-01-13T03:30:00Z'),
    });
    expect(currentOrNextWindow(weekly, at('2030-01-13T03:30:00Z'))?.start).toEqual(
      at('2030-01-20T02:00:00Z'),
    );
    const ended = { ...weekly, rrule: 'FREQ=WEEKLY;COUNT=2' };
    expect(currentOrNextWindow(ended, at('2030-01-14T00:00:00Z'))).toBeNull();
  });

  it('keeps the windows of a span, at most as many as asked', () => {
    const daily = { startsAt: sunday, durationMinutes: 30, rrule: 'FREQ=DAILY' };
    const windows = windowsBetween(
      daily,
      at('2030-01-10T02:10:00Z'),
      at('2030-01-20T00:00:00Z'),
      3,
    );
    expect(windows.map((w) => w.start.toISOString())).toEqual([
      '2030-01-10T02:00:00.000Z',
      '2030-01-11T02:00:00.000Z',
      '2030-01-12T02:00:00.000Z',
    ]);
    expect(recurrenceText(daily)).toBe('every day');
  });
});
