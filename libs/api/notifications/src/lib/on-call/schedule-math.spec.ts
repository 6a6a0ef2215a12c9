import type { ScheduleLayer } from '@hyperion/contracts';
import type ICALNamespace from 'ical.js';
import * as icalModule from 'ical.js';

import { toICalendar } from './ical';
import {
  onCallAt,
  ScheduleInput,
  scheduleProblems,
  shiftsBetween,
  zonedInstant,
} from './schedule-math';

/** ical.js's CommonJS build exports its members directly; its types describe the ES default export. */
const ICAL = ((icalModule as { default?: typeof ICALNamespace }).default ??
  icalModule) as unknown as typeof ICALNamespace;

// Time-zone maths through Intl is CPU-bound: room for a loaded CI machine.
jest.setTimeout(30_000);

const at = (iso: string) => new Date(iso);
const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

const daily: ScheduleLayer = {
  name: 'primary',
  rotation: 'daily',
  handoffTime: '09:00',
  startsAt: '2026-03-27T00:00:00+01:00',
  memberIds: ['A', 'B', 'C'],
};
const paris = (
  layers: ScheduleLayer[],
  overrides: ScheduleInput['overrides'] = [],
): ScheduleInput => ({
  timeZone: 'Europe/Paris',
  layers,
  overrides,
});
const who = (s: ScheduleInput, instant: string) => onCallAt(s, at(instant))?.contactId ?? null;

describe('local time across DST (hand-computed)', () => {
  it('converts wall-clock times, moving a skipped time forward and taking the first of a repeated one', () => {
    expect(iso(new Date(zonedInstant('Europe/Paris', 2026, 3, 28, 9, 0)))).toBe(
      '2026-03-28T08:00:00.000Z',
    );
    expect(iso(new Date(zonedInstant('Europe/Paris', 2026, 3, 29, 9, 0)))).toBe(
      '2026-03-29T07:00:00.000Z',
    );
    // 02:30 does not exist in Paris on 2026-03-29: 03:30 CEST.
    expect(iso(new Date(zonedInstant('Europe/Paris', 2026, 3, 29, 2, 30)))).toBe(
      '2026-03-29T01:30:00.000Z',
    );
    // 02:30 happens twice on 2026-10-25: the first (CEST).
    expect(iso(new Date(zonedInstant('Europe/Paris', 2026, 10, 25, 2, 30)))).toBe(
      '2026-10-25T00:30:00.000Z',
    );
  });
});

describe('daily rotation, Europe/Paris, hand-off 09:00', () => {
  const s = paris([daily]);

  it('keeps 09:00 local across the spring-forward change: a 23-hour turn', () => {
    expect(who(s, '2026-03-27T08:00:00Z')).toBe('A');
    expect(who(s, '2026-03-28T07:59:00Z')).toBe('A');
    expect(who(s, '2026-03-28T08:00:00Z')).toBe('B');
    expect(who(s, '2026-03-29T06:59:00Z')).toBe('B');
    expect(who(s, '2026-03-29T07:00:00Z')).toBe('C');
    const b = onCallAt(s, at('2026-03-28T20:00:00Z'));
    expect([iso(b?.start), iso(b?.end)]).toEqual([
      '2026-03-28T08:00:00.000Z',
      '2026-03-29T07:00:00.000Z',
    ]);
  });

  it('keeps 09:00 local across the fall-back change: a 25-hour turn', () => {
    const autumn = paris([{ ...daily, startsAt: '2026-10-23T00:00:00+02:00' }]);
    expect(who(autumn, '2026-10-23T07:00:00Z')).toBe('A');
    expect(who(autumn, '2026-10-24T07:00:00Z')).toBe('B');
    expect(who(autumn, '2026-10-25T07:30:00Z')).toBe('B');
    expect(who(autumn, '2026-10-25T08:00:00Z')).toBe('C');
    const b = onCallAt(autumn, at('2026-10-24T12:00:00Z'));
    expect([iso(b?.start), iso(b?.end)]).toEqual([
      '2026-10-24T07:00:00.000Z',
      '2026-10-25T08:00:00.000Z',
    ]);
  });

  it('hands off at 03:30 CEST when 02:30 does not exist that day', () => {
    const gap = paris([{ ...daily, handoffTime: '02:30' }]);
    // 2026-03-27 02:30 CET is before startsAt's day? No: startsAt is 00:00 on the 27th → first 01:30Z.
    expect(who(gap, '2026-03-27T01:30:00Z')).toBe('A');
    expect(who(gap, '2026-03-28T01:30:00Z')).toBe('B');
    expect(who(gap, '2026-03-29T01:29:00Z')).toBe('B');
    expect(who(gap, '2026-03-29T01:30:00Z')).toBe('C');
    expect(who(gap, '2026-03-30T00:30:00Z')).toBe('A');
  });

  it('has nobody before the first hand-off and after the layer ends', () => {
    expect(who(s, '2026-03-27T07:59:00Z')).toBeNull();
    const ending = paris([{ ...daily, endsAt: '2026-03-30T00:00:00Z' }]);
    expect(who(ending, '2026-03-29T23:59:00Z')).toBe('C');
    expect(who(ending, '2026-03-30T00:00:00Z')).toBeNull();
  });
});

describe('weekly rotation, America/New_York, Monday 09:00', () => {
  const s: ScheduleInput = {
    timeZone: 'America/New_York',
    overrides: [],
    layers: [
      {
        name: 'week',
        rotation: 'weekly',
        handoffTime: '09:00',
        startsAt: '2026-03-02T00:00:00-05:00',
        memberIds: ['A', 'B'],
      },
    ],
  };
  it('hands off Monday 09:00 EST, then 09:00 EDT after 2026-03-08: a 167-hour turn', () => {
    expect(who(s, '2026-03-02T14:00:00Z')).toBe('A');
    expect(who(s, '2026-03-09T12:59:00Z')).toBe('A');
    expect(who(s, '2026-03-09T13:00:00Z')).toBe('B');
    const a = onCallAt(s, at('2026-03-05T00:00:00Z'));
    expect(a && (a.end.getTime() - a.start.getTime()) / 3_600_000).toBe(167);
    expect(who(s, '2026-11-02T13:59:00Z')).not.toBeNull();
  });
});

describe('custom turns', () => {
  it('counts exact elapsed hours: 12-hour turns drift to 21:00 local after spring-forward', () => {
    const s = paris([
      {
        ...daily,
        rotation: 'custom',
        turnHours: 12,
        handoffTime: '20:00',
        startsAt: '2026-03-28T00:00:00+01:00',
      },
    ]);
    expect(who(s, '2026-03-28T19:00:00Z')).toBe('A');
    expect(who(s, '2026-03-29T07:00:00Z')).toBe('B');
    expect(who(s, '2026-03-29T18:59:00Z')).toBe('B');
    expect(who(s, '2026-03-29T19:00:00Z')).toBe('C');
  });
});

describe('overrides and layers', () => {
  it('an override splits a shift; the timeline merges back-to-back pieces', () => {
    const s = paris(
      [daily],
      [{ contactId: 'X', start: '2026-03-27T12:00:00Z', end: '2026-03-27T14:00:00Z' }],
    );
    const shifts = shiftsBetween(s, at('2026-03-27T08:00:00Z'), at('2026-03-28T08:00:00Z')).map(
      (x) => [x.contactId, x.source, iso(x.start), iso(x.end)],
    );
    expect(shifts).toEqual([
      ['A', 'primary', '2026-03-27T08:00:00.000Z', '2026-03-27T12:00:00.000Z'],
      ['X', 'override', '2026-03-27T12:00:00.000Z', '2026-03-27T14:00:00.000Z'],
      ['A', 'primary', '2026-03-27T14:00:00.000Z', '2026-03-28T08:00:00.000Z'],
    ]);
    expect(onCallAt(s, at('2026-03-27T13:00:00Z'))).toMatchObject({
      contactId: 'X',
      source: 'override',
    });
    // Without the override A's two pieces are one shift.
    expect(
      shiftsBetween(paris([daily]), at('2026-03-27T08:00:00Z'), at('2026-03-28T08:00:00Z')),
    ).toHaveLength(1);
  });

  it('a weekday 09:00–17:00 layer wins over the 24/7 layer inside its hours only', () => {
    const business: ScheduleLayer = {
      name: 'business',
      rotation: 'weekly',
      handoffTime: '09:00',
      startsAt: '2026-03-23T00:00:00+01:00',
      memberIds: ['D'],
      restrictions: [1, 2, 3, 4, 5].map((day) => ({ day, from: '09:00', to: '17:00' })),
    };
    const s = paris([daily, business]);
    expect(onCallAt(s, at('2026-03-27T09:00:00Z'))).toMatchObject({
      contactId: 'D',
      source: 'business',
    });
    expect(who(s, '2026-03-27T16:30:00Z')).toBe('A'); // 17:30 CET, after hours
    expect(who(s, '2026-03-28T09:00:00Z')).toBe('B'); // Saturday
    expect(who(s, '2026-03-30T08:00:00Z')).toBe('D'); // Monday 10:00 CEST
  });
});

describe('validation', () => {
  it('names every bad field', () => {
    const problems = scheduleProblems({
      timeZone: 'Mars/Olympus',
      overrides: [],
      layers: [
        {
          name: '',
          rotation: 'custom',
          turnHours: 0,
          handoffTime: '25:00',
          startsAt: 'soon',
          endsAt: 'later',
          memberIds: [],
          restrictions: [{ day: 7, from: '9', to: '9' }],
        } as ScheduleLayer,
      ],
    });
    expect(problems).toEqual([
      'timeZone: an IANA time zone such as Europe/Paris',
      'layers[0].name: 1 to 128 characters',
      'layers[0].turnHours: a whole number of hours from 1 to 8760',
      'layers[0].handoffTime: HH:MM (24-hour)',
      'layers[0].startsAt: an ISO 8601 date and time',
      'layers[0].endsAt: an ISO 8601 date and time, or null',
      'layers[0].memberIds: at least one contact',
      'layers[0].restrictions[0].day: 0 (Sunday) to 6',
      'layers[0].restrictions[0].from: HH:MM (24-hour)',
      'layers[0].restrictions[0].to: HH:MM (24-hour)',
      'layers[0].restrictions[0].to: differs from from',
    ]);
    expect(scheduleProblems(paris([daily]))).toEqual([]);
    expect(() =>
      shiftsBetween(paris([daily]), at('2026-01-01T00:00:00Z'), at('2027-06-01T00:00:00Z')),
    ).toThrow(RangeError);
  });

  it('computes 92 days of three layers quickly', () => {
    const s = paris([
      daily,
      { ...daily, name: 'b', rotation: 'weekly' },
      { ...daily, name: 'c', rotation: 'custom', turnHours: 6 },
    ]);
    const started = performance.now();
    const shifts = shiftsBetween(s, at('2026-03-01T00:00:00Z'), at('2026-06-01T00:00:00Z'));
    expect(shifts.length).toBeGreaterThan(200);
    expect(performance.now() - started).toBeLessThan(2000);
  });
});

describe('iCal feed', () => {
  it('parses with ical.js: UTC times, summaries, escaping and folding', () => {
    const name = 'Zoë, the on-call; "primary" engineer with a rather long name that must fold';
    const text = toICalendar(
      'schedule-1',
      'Primary, ops',
      [
        {
          contactId: 'A',
          contactName: name,
          source: 'primary',
          start: '2026-03-28T08:00:00.000Z',
          end: '2026-03-29T07:00:00.000Z',
        },
        {
          contactId: 'X',
          contactName: 'Xavier',
          source: 'override',
          start: '2026-03-29T07:00:00.000Z',
          end: '2026-03-29T09:00:00.000Z',
        },
      ],
      at('2026-03-20T00:00:00Z'),
    );
    expect(text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    const calendar = new ICAL.Component(ICAL.parse(text));
    expect(text).toContain('\r\nX-WR-CALNAME:Primary\\, ops\r\n');
    const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(
      events.map((e) => [
        e.summary,
        e.startDate.toJSDate().toISOString(),
        e.endDate.toJSDate().toISOString(),
      ]),
    ).toEqual([
      [`On call: ${name}`, '2026-03-28T08:00:00.000Z', '2026-03-29T07:00:00.000Z'],
      ['On call: Xavier (override)', '2026-03-29T07:00:00.000Z', '2026-03-29T09:00:00.000Z'],
    ]);
    expect(events[0].uid).toBe('schedule-1-A-20260328T080000Z@hyperion');
  });
});
