import type { OnCallShift, ScheduleSummary } from '@hyperion/contracts';

import {
  LocalDate,
  addDays,
  dateKey,
  formatClock,
  localDate,
  longDay,
  shortDay,
  zonedInstant,
} from '../time/zone-math';

/** How many colours the calendar's bands take turns with (see schedule-calendar.scss). */
export const PALETTE_SIZE = 8;

/** One stretch of a day: someone on call, or nobody (a gap). */
export interface CalendarEntry {
  /** null: nobody is on call then. */
  readonly contactId: string | null;
  readonly contactName: string;
  /** 'override', a layer's name, or '' for a gap. */
  readonly source: string;
  /** Index into the palette (-1 for a gap). */
  readonly colour: number;
  /** Where the band starts and ends in the day, 0 – 1 (a 23- or 25-hour day included). */
  readonly startFraction: number;
  readonly endFraction: number;
  /** "all day", "until 09:00", "from 09:00", "09:00–17:00". */
  readonly when: string;
  /** This stretch of the day holds the current moment. */
  readonly now: boolean;
}

export interface CalendarDay {
  /** "2026-12-07" */
  readonly key: string;
  /** "Mon 7 Dec" */
  readonly label: string;
  /** What a screen reader says of the whole cell. */
  readonly spoken: string;
  readonly today: boolean;
  readonly entries: readonly CalendarEntry[];
}

export interface CalendarWeek {
  readonly key: string;
  readonly days: readonly CalendarDay[];
}

export interface CalendarOptions {
  readonly timeZone: string;
  /** The first day shown (in the zone). */
  readonly first: LocalDate;
  readonly days: number;
  /** ms */
  readonly now: number;
  /** Palette index of each person (people not in it get the next free ones). */
  readonly colours?: ReadonlyMap<string, number>;
}

/** The days a calendar of `weeks` weeks starting today shows, and the instants to ask shifts for. */
export function calendarRange(
  timeZone: string,
  now: number,
  weeks: number,
): { first: LocalDate; days: number; from: string; to: string } {
  const first = localDate(timeZone, now);
  const days = weeks * 7;
  return {
    first,
    days,
    from: new Date(zonedInstant(timeZone, first)).toISOString(),
    to: new Date(zonedInstant(timeZone, addDays(first, days))).toISOString(),
  };
}

/**
 * A colour per person that stays the same whatever range is shown: the rotation members in
 * layer order, then whoever covers an override, each the next palette colour.
 */
export function colourOrder(
  schedule: Pick<ScheduleSummary, 'layers' | 'overrides'>,
): Map<string, number> {
  const order = new Map<string, number>();
  const add = (id: string) => {
    if (!order.has(id)) order.set(id, order.size % PALETTE_SIZE);
  };
  schedule.layers.forEach((layer) => layer.memberIds.forEach(add));
  schedule.overrides.forEach((override) => add(override.contactId));
  return order;
}

function whenText(
  start: number,
  end: number,
  dayStart: number,
  dayEnd: number,
  timeZone: string,
): string {
  const fromStart = start <= dayStart;
  const toEnd = end >= dayEnd;
  if (fromStart && toEnd) return 'all day';
  if (fromStart) return `until ${formatClock(end, timeZone)}`;
  if (toEnd) return `from ${formatClock(start, timeZone)}`;
  return `${formatClock(start, timeZone)}–${formatClock(end, timeZone)}`;
}

function spokenEntry(entry: CalendarEntry): string {
  if (entry.contactId === null) return `nobody on call ${entry.when}${entry.now ? ' (now)' : ''}`;
  const by = entry.source === 'override' ? ' (override)' : '';
  return `${entry.contactName} ${entry.when}${by}${entry.now ? ', on call now' : ''}`;
}

/**
 * The shifts as days of the schedule's zone, `days` of them from `first`, in rows of seven:
 * each day the people on call in order, with their hours and a band (start / end fraction of the
 * day), and "Nobody on call" where a stretch of the day has no one.
 */
export function buildCalendar(
  shifts: readonly OnCallShift[],
  options: CalendarOptions,
): CalendarWeek[] {
  const { timeZone, first, days, now } = options;
  const colours = new Map(options.colours ?? []);
  const colourOf = (id: string) => {
    if (!colours.has(id)) colours.set(id, colours.size % PALETTE_SIZE);
    return colours.get(id) ?? 0;
  };
  const parsed = shifts
    .map((shift) => ({ shift, start: Date.parse(shift.start), end: Date.parse(shift.end) }))
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start);

  const todayKey = dateKey(localDate(timeZone, now));
  const out: CalendarDay[] = [];
  for (let i = 0; i < days; i++) {
    const date = addDays(first, i);
    const dayStart = zonedInstant(timeZone, date);
    const dayEnd = zonedInstant(timeZone, addDays(date, 1));
    const length = dayEnd - dayStart;
    const fraction = (t: number) => Math.min(1, Math.max(0, (t - dayStart) / length));
    const entries: CalendarEntry[] = [];
    const gap = (from: number, to: number) => {
      if (to <= from) return;
      entries.push({
        contactId: null,
        contactName: 'Nobody on call',
        source: '',
        colour: -1,
        startFraction: fraction(from),
        endFraction: fraction(to),
        when: whenText(from, to, dayStart, dayEnd, timeZone),
        now: from <= now && now < to,
      });
    };
    let cursor = dayStart;
    for (const { shift, start, end } of parsed) {
      if (end <= dayStart || start >= dayEnd) continue;
      const from = Math.max(start, dayStart);
      const to = Math.min(end, dayEnd);
      gap(cursor, from);
      entries.push({
        contactId: shift.contactId,
        contactName: shift.contactName,
        source: shift.source,
        colour: colourOf(shift.contactId),
        startFraction: fraction(from),
        endFraction: fraction(to),
        when: whenText(start, end, dayStart, dayEnd, timeZone),
        now: from <= now && now < to,
      });
      cursor = Math.max(cursor, to);
    }
    gap(cursor, dayEnd);
    const key = dateKey(date);
    const today = key === todayKey;
    out.push({
      key,
      label: shortDay(date),
      spoken: `${longDay(date)}${today ? ', today' : ''}: ${entries.map(spokenEntry).join('; ')}.`,
      today,
      entries,
    });
  }
  const weeks: CalendarWeek[] = [];
  for (let i = 0; i < out.length; i += 7) {
    const slice = out.slice(i, i + 7);
    weeks.push({ key: slice[0].key, days: slice });
  }
  return weeks;
}

/**
 * Where the keyboard goes from cell `index` of a grid of `total` cells, `columns` wide: arrows
 * by one cell or one row, Home / End to the row's ends; null for other keys (left to the browser).
 */
export function nextCell(index: number, key: string, total: number, columns = 7): number | null {
  const rowStart = index - (index % columns);
  let next: number;
  switch (key) {
    case 'ArrowRight':
      next = index + 1;
      break;
    case 'ArrowLeft':
      next = index - 1;
      break;
    case 'ArrowDown':
      next = index + columns;
      break;
    case 'ArrowUp':
      next = index - columns;
      break;
    case 'Home':
      next = rowStart;
      break;
    case 'End':
      next = Math.min(rowStart + columns - 1, total - 1);
      break;
    default:
      return null;
  }
  return Math.min(Math.max(next, 0), total - 1);
}
