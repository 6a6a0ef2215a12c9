import type { OnCallShift } from '@hyperion/contracts';

import { buildCalendar, calendarRange, colourOrder, nextCell } from './calendar';

const ZONE = 'Europe/Paris';
/** Mon 7 Dec 2026, 03:00 in Paris. */
const NOW = Date.parse('2026-12-07T02:00:00Z');

const shift = (name: string, start: string, end: string, source = 'Primary'): OnCallShift => ({
  contactId: name.toLowerCase(),
  contactName: name,
  source,
  start,
  end,
});

describe('on-call calendar', () => {
  it('asks the shifts from the start of today, in the zone, for whole weeks', () => {
    expect(calendarRange(ZONE, NOW, 2)).toEqual({
      first: { year: 2026, month: 12, day: 7 },
      days: 14,
      from: '2026-12-06T23:00:00.000Z',
      to: '2026-12-20T23:00:00.000Z',
    });
  });

  it('cuts shifts at midnight in the zone, with their hours and bands, in rows of seven', () => {
    const weeks = buildCalendar(
      [
        // Alice until Tuesday 09:00 Paris, then Bob.
        shift('Alice', '2026-12-01T08:00:00Z', '2026-12-08T08:00:00Z'),
        shift('Bob', '2026-12-08T08:00:00Z', '2026-12-15T08:00:00Z'),
      ],
      { timeZone: ZONE, first: { year: 2026, month: 12, day: 7 }, days: 14, now: NOW },
    );
    expect(weeks).toHaveLength(2);
    expect(weeks[0].days).toHaveLength(7);

    const [monday, tuesday] = weeks[0].days;
    expect(monday.label).toBe('Mon 7 Dec');
    expect(monday.today).toBe(true);
    expect(monday.entries.map((e) => [e.contactName, e.when, e.now])).toEqual([
      ['Alice', 'all day', true],
    ]);
    expect(tuesday.today).toBe(false);
    expect(tuesday.entries.map((e) => [e.contactName, e.when])).toEqual([
      ['Alice', 'until 09:00'],
      ['Bob', 'from 09:00'],
    ]);
    expect(tuesday.entries[0].startFraction).toBe(0);
    expect(tuesday.entries[0].endFraction).toBeCloseTo(9 / 24);
    expect(tuesday.entries[1].endFraction).toBe(1);
    expect(tuesday.spoken).toBe('Tuesday 8 December: Alice until 09:00; Bob from 09:00.');
    expect(monday.spoken).toBe('Monday 7 December, today: Alice all day, on call now.');
    // Alice and Bob keep different colours.
    expect(tuesday.entries[0].colour).not.toBe(tuesday.entries[1].colour);
  });

  it('shows who covers an override and where nobody is on call', () => {
    const [week] = buildCalendar(
      [
        shift('Alice', '2026-12-07T08:00:00Z', '2026-12-07T12:00:00Z'),
        shift('Carol', '2026-12-07T12:00:00Z', '2026-12-07T16:00:00Z', 'override'),
      ],
      { timeZone: ZONE, first: { year: 2026, month: 12, day: 7 }, days: 7, now: NOW },
    );
    const monday = week.days[0];
    expect(monday.entries.map((e) => [e.contactName, e.when, e.now])).toEqual([
      ['Nobody on call', 'until 09:00', true],
      ['Alice', '09:00–13:00', false],
      ['Carol', '13:00–17:00', false],
      ['Nobody on call', 'from 17:00', false],
    ]);
    expect(monday.spoken).toBe(
      'Monday 7 December, today: nobody on call until 09:00 (now); ' +
        'Alice 09:00–13:00; Carol 13:00–17:00 (override); nobody on call from 17:00.',
    );
    expect(monday.entries[0].colour).toBe(-1);
    expect(week.days[1].entries.map((e) => e.contactName)).toEqual(['Nobody on call']);
  });

  it('keeps a 23-hour day whole (the spring-forward change)', () => {
    const [week] = buildCalendar([shift('Alice', '2026-03-28T23:00:00Z', '2026-03-29T22:00:00Z')], {
      timeZone: ZONE,
      first: { year: 2026, month: 3, day: 29 },
      days: 1,
      now: NOW,
    });
    expect(week.days[0].entries.map((e) => [e.contactName, e.when])).toEqual([
      ['Alice', 'all day'],
    ]);
  });

  it('gives each person the same colour whatever is shown: rotation order, then overrides', () => {
    const colours = colourOrder({
      layers: [
        {
          name: 'Primary',
          rotation: 'weekly',
          handoffTime: '09:00',
          startsAt: '2026-12-01T08:00:00Z',
          memberIds: ['bob', 'alice'],
        },
      ],
      overrides: [{ id: 'o1', contactId: 'carol', start: 'x', end: 'y' }],
    });
    expect([...colours]).toEqual([
      ['bob', 0],
      ['alice', 1],
      ['carol', 2],
    ]);
    const [week] = buildCalendar([shift('Alice', '2026-12-07T00:00:00Z', '2026-12-08T00:00:00Z')], {
      timeZone: 'UTC',
      first: { year: 2026, month: 12, day: 7 },
      days: 7,
      now: NOW,
      colours,
    });
    expect(week.days[0].entries[0].colour).toBe(1);
  });

  it('moves the keyboard focus by cell and by row, staying inside the grid', () => {
    expect(nextCell(0, 'ArrowRight', 14)).toBe(1);
    expect(nextCell(0, 'ArrowLeft', 14)).toBe(0);
    expect(nextCell(3, 'ArrowDown', 14)).toBe(10);
    expect(nextCell(10, 'ArrowDown', 14)).toBe(13);
    expect(nextCell(10, 'ArrowUp', 14)).toBe(3);
    expect(nextCell(10, 'Home', 14)).toBe(7);
    expect(nextCell(8, 'End', 14)).toBe(13);
    expect(nextCell(8, 'Tab', 14)).toBeNull();
  });
});
