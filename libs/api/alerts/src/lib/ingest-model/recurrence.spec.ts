import type { SilenceRecurrence } from '@hyperion/contracts';
import { BadRequestException } from '@nestjs/common';

import { isInRecurrence, nextOccurrence, validateRecurrence } from './recurrence';

function errorOf(r: unknown): string {
  try {
    validateRecurrence(r, 'recurrence');
  } catch (e) {
    expect(e).toBeInstanceOf(BadRequestException);
    return (e as BadRequestException).message;
  }
  throw new Error('expected a 400');
}

const sundays: SilenceRecurrence = {
  rrule: 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0',
  durationMinutes: 120,
  timeZone: 'Europe/Paris',
};
const STARTS = new Date('2025-03-01T00:00:00Z');
const ENDS = new Date('2025-12-31T00:00:00Z');
const inWindow = (iso: string, r = sundays, s = STARTS, e = ENDS) =>
  isInRecurrence(r, s, e, new Date(iso));

describe('validateRecurrence', () => {
  it('returns the recurrence, without an RRULE: prefix', () => {
    expect(validateRecurrence({ ...sundays, rrule: 'RRULE:' + sundays.rrule }, 'r')).toEqual(
      sundays,
    );
    expect(
      validateRecurrence(
        {
          rrule: 'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;BYHOUR=22',
          durationMinutes: 10080,
          timeZone: 'UTC',
        },
        'r',
      ).durationMinutes,
    ).toBe(10080);
  });

  it('names the field and what is wrong', () => {
    const cases: [unknown, string | RegExp][] = [
      ['FREQ=DAILY', 'recurrence: must be an object with rrule, durationMinutes and timeZone'],
      [
        { ...sundays, timeZone: 'Mars/Olympus' },
        'recurrence.timeZone: must be an IANA time zone, e.g. Europe/Paris or UTC',
      ],
      [
        { ...sundays, durationMinutes: 0 },
        'recurrence.durationMinutes: must be a whole number of minutes from 1 to 10080',
      ],
      [{ ...sundays, durationMinutes: 10081 }, /^recurrence\.durationMinutes: /],
      [{ ...sundays, durationMinutes: 1.5 }, /^recurrence\.durationMinutes: /],
      [{ ...sundays, rrule: 42 }, /^recurrence\.rrule: required/],
      [
        { ...sundays, rrule: 'FREQ=MINUTELY' },
        'recurrence.rrule: FREQ=SECONDLY and FREQ=MINUTELY are not allowed: a window repeats at most hourly',
      ],
      [
        { ...sundays, rrule: 'FREQ=SECONDLY;INTERVAL=5' },
        /FREQ=SECONDLY and FREQ=MINUTELY are not allowed/,
      ],
      [
        { ...sundays, rrule: 'BYHOUR=2' },
        'recurrence.rrule: FREQ is required, one of HOURLY, DAILY, WEEKLY, MONTHLY, YEARLY',
      ],
      [
        { ...sundays, rrule: 'FREQ=DAILY;BYHOUR=99' },
        'recurrence.rrule: BYHOUR must be a list of 0 to 23',
      ],
      [
        { ...sundays, rrule: 'FREQ=DAILY;INTERVAL=x' },
        'recurrence.rrule: INTERVAL must be a whole number from 1 to 1000',
      ],
      [{ ...sundays, rrule: 'FREQ=DAILY;BYDAY=XX' }, /^recurrence\.rrule: BYDAY must be a list/],
      [{ ...sundays, rrule: 'FREQ=DAILY;FREQ=WEEKLY' }, 'recurrence.rrule: FREQ is given twice'],
      [
        { ...sundays, rrule: 'FREQ=DAILY;BYYEARDAY=1' },
        /^recurrence\.rrule: BYYEARDAY is not supported/,
      ],
      [
        { ...sundays, rrule: 'DTSTART:20250101T000000Z\nRRULE:FREQ=DAILY' },
        /^recurrence\.rrule: one RRULE line only/,
      ],
      [
        { ...sundays, rrule: 'FREQ=DAILY;COUNT=3;UNTIL=20250101' },
        'recurrence.rrule: COUNT and UNTIL exclude each other',
      ],
      [{ ...sundays, rrule: 'FREQ=DAILY;UNTIL=20250230' }, /^recurrence\.rrule: UNTIL must be/],
      // Rules that could never occur (the rrule package would search up to the year 9999).
      [
        { ...sundays, rrule: 'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30' },
        'recurrence.rrule: BYMONTHDAY never falls in BYMONTH (e.g. February 30)',
      ],
      [
        { ...sundays, rrule: 'FREQ=DAILY;BYMONTHDAY=29;BYDAY=MO' },
        /a DAILY rule takes BYDAY or BYMONTHDAY, not both/,
      ],
      [
        { ...sundays, rrule: 'FREQ=HOURLY;INTERVAL=2;BYHOUR=3' },
        /INTERVAL above 1 does not take BYHOUR/,
      ],
      [
        { ...sundays, rrule: 'FREQ=DAILY;INTERVAL=7;BYDAY=MO' },
        /INTERVAL above 1 does not take BYDAY/,
      ],
      [
        { ...sundays, rrule: 'FREQ=MONTHLY;INTERVAL=12;BYMONTH=2' },
        /INTERVAL above 1 does not take BYMONTH/,
      ],
      [
        { ...sundays, rrule: 'FREQ=MONTHLY;BYDAY=1MO;BYMONTHDAY=15' },
        /numbered BYDAY and BYMONTHDAY exclude each other/,
      ],
      [
        { ...sundays, rrule: 'FREQ=WEEKLY;BYDAY=MO;BYSETPOS=2' },
        /^recurrence\.rrule: BYSETPOS needs FREQ=MONTHLY/,
      ],
      [
        { ...sundays, rrule: 'FREQ=DAILY;BYDAY=1MO' },
        /numbered BYDAY .* needs FREQ=MONTHLY or YEARLY/,
      ],
      [
        { ...sundays, rrule: 'FREQ=YEARLY;INTERVAL=4;BYMONTH=2;BYMONTHDAY=29' },
        /never falls in BYMONTH/,
      ],
    ];
    for (const [r, message] of cases) expect(errorOf(r)).toMatch(message);
  });

  it('answers at once for the rules it accepts, even rare ones', () => {
    const rare = [
      'FREQ=MONTHLY;BYMONTH=2;BYMONTHDAY=29;BYDAY=MO;BYHOUR=1',
      'FREQ=DAILY;BYMONTH=2;BYMONTHDAY=29',
      'FREQ=YEARLY;BYMONTHDAY=31;BYMONTH=12;BYDAY=SU',
      'FREQ=HOURLY;BYDAY=SU;BYHOUR=3',
      'FREQ=MONTHLY;INTERVAL=1000;BYMONTHDAY=28',
      'FREQ=YEARLY;BYMONTH=2;BYDAY=5FR',
      'FREQ=WEEKLY;INTERVAL=1000;BYMONTH=2',
    ];
    for (const rrule of rare) {
      const r = validateRecurrence({ rrule, durationMinutes: 60, timeZone: 'Europe/Paris' }, 'r');
      const started = Date.now();
      const starts = new Date('2025-01-01T00:00:00Z');
      const ends = new Date('2125-01-01T00:00:00Z');
      for (let i = 0; i < 20; i++) {
        const at = new Date(starts.getTime() + i * 1.5e11);
        isInRecurrence(r, starts, ends, at);
        nextOccurrence(r, starts, ends, at);
      }
      expect(Date.now() - started).toBeLessThan(2000);
    }
  });
});

describe('isInRecurrence', () => {
  it('keeps 02:00 Paris time on Sundays across the spring and autumn changes', () => {
    // Winter: 02:00 CET is 01:00 UTC.
    expect(inWindow('2025-03-23T00:59:59Z')).toBe(false);
    expect(inWindow('2025-03-23T01:00:00Z')).toBe(true);
    expect(inWindow('2025-03-23T02:59:59Z')).toBe(true);
    expect(inWindow('2025-03-23T03:00:00Z')).toBe(false);
    // Summer: 02:00 CEST is 00:00 UTC.
    expect(inWindow('2025-04-06T00:00:00Z')).toBe(true);
    expect(inWindow('2025-04-06T01:59:00Z')).toBe(true);
    expect(inWindow('2025-04-06T02:00:00Z')).toBe(false);
    expect(inWindow('2025-04-05T00:30:00Z')).toBe(false);
    // 26 October, clocks back at 03:00 CEST: 02:00 (first time) is 00:00 UTC.
    expect(inWindow('2025-10-26T00:00:00Z')).toBe(true);
    expect(inWindow('2025-11-02T01:00:00Z')).toBe(true);
    expect(inWindow('2025-11-02T00:30:00Z')).toBe(false);
  });

  it('moves a skipped 02:00 (30 March, spring forward) to 03:00 local', () => {
    expect(inWindow('2025-03-30T00:59:00Z')).toBe(false);
    expect(inWindow('2025-03-30T01:00:00Z')).toBe(true);
    expect(inWindow('2025-03-30T02:59:00Z')).toBe(true);
  });

  it('holds only inside [startsAt, endsAt)', () => {
    const starts = new Date('2025-03-23T01:30:00Z');
    const ends = new Date('2025-04-06T01:00:00Z');
    expect(inWindow('2025-03-23T01:15:00Z', sundays, starts, ends)).toBe(false);
    expect(inWindow('2025-03-30T01:30:00Z', sundays, starts, ends)).toBe(true);
    expect(inWindow('2025-04-06T00:30:00Z', sundays, starts, ends)).toBe(true);
    expect(inWindow('2025-04-06T01:00:00Z', sundays, starts, ends)).toBe(false);
  });

  it('follows a long-running daily rule years after its start', () => {
    const nightly = {
      rrule: 'FREQ=DAILY;BYHOUR=23;BYMINUTE=30',
      durationMinutes: 60,
      timeZone: 'America/New_York',
    };
    const starts = new Date('2020-01-01T00:00:00Z');
    const ends = new Date('2040-01-01T00:00:00Z');
    // 23:30 EDT on 1 July 2035 is 03:30 UTC on 2 July; 23:30 EST on 1 Jan 2036 is 04:30 UTC.
    expect(isInRecurrence(nightly, starts, ends, new Date('2035-07-02T03:45:00Z'))).toBe(true);
    expect(isInRecurrence(nightly, starts, ends, new Date('2035-07-02T04:45:00Z'))).toBe(false);
    expect(isInRecurrence(nightly, starts, ends, new Date('2036-01-02T05:15:00Z'))).toBe(true);
  });

  it('answers repeated calls within the same state from memory', () => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < 100_000; i++) inWindow('2025-03-23T01:30:00Z');
    // 100,000 checks of one silence in well under a second: fine on the ingest path.
    expect(Number(process.hrtime.bigint() - started) / 1e6).toBeLessThan(1000);
    expect(inWindow('2025-03-23T01:30:00Z')).toBe(true);
    expect(inWindow('2025-03-23T03:30:00Z')).toBe(false);
    expect(inWindow('2025-03-23T02:59:00Z')).toBe(true);
  });

  it('is never in force for a rule that no longer parses', () => {
    expect(inWindow('2025-03-23T01:00:00Z', { ...sundays, rrule: 'FREQ=DAILY;INTERVAL=x' })).toBe(
      false,
    );
  });
});

describe('nextOccurrence', () => {
  it('gives the next window start in UTC, across the DST change, and null past the end', () => {
    const next = (iso: string, e = ENDS) =>
      nextOccurrence(sundays, STARTS, e, new Date(iso))?.toISOString();
    expect(next('2025-03-20T12:00:00Z')).toBe('2025-03-23T01:00:00.000Z');
    expect(next('2025-03-23T01:00:00Z')).toBe('2025-03-30T01:00:00.000Z');
    expect(next('2025-03-30T01:00:00Z')).toBe('2025-04-06T00:00:00.000Z');
    expect(next('2025-02-01T00:00:00Z')).toBe('2025-03-02T01:00:00.000Z');
    expect(next('2025-03-20T12:00:00Z', new Date('2025-03-23T01:00:00Z'))).toBeUndefined();
  });
});
