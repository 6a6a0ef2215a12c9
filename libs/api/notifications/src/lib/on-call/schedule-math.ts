import type { ScheduleLayer, ScheduleOverride } from '@hyperion/contracts';
import { ON_CALL_RULES } from '@hyperion/contracts';

/**
 * On-call schedule maths, pure (no clock, no database): layers of rotations handing off at a
 * wall-clock time in a time zone (so 09:00 stays 09:00 local across DST changes), weekly
 * restrictions, higher layers over lower ones, overrides over everything.
 */
export interface ScheduleInput {
  timeZone: string;
  layers: ScheduleLayer[];
  overrides: Pick<ScheduleOverride, 'contactId' | 'start' | 'end'>[];
}

/** One continuous stretch of one person on call; `source` is 'override' or the layer's name. */
export interface Shift {
  contactId: string;
  source: string;
  start: Date;
  end: Date;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/** How far around an instant `onCallAt` looks to find the bounds of the current shift. */
const REACH = 90 * DAY;
/** The longest range computed at once (a year and a month: the feeds ask for 97 days). */
const MAX_RANGE = 400 * DAY;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, f);
  }
  return f;
}

export interface LocalTime {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  weekday: number; // 0 = Sunday
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

/** The wall-clock time in `timeZone` at `instant`. */
export function localTime(timeZone: string, instant: number): LocalTime {
  const parts: Record<string, string> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(instant))) parts[p.type] = p.value;
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    weekday: WEEKDAYS.indexOf(parts['weekday']),
  };
}

/** The zone's offset from UTC at `instant`, in ms (Paris in winter: +3,600,000). */
function offsetAt(timeZone: string, instant: number): number {
  const t = localTime(timeZone, instant);
  const seconds = new Date(instant).getUTCSeconds();
  const asUtc = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, seconds);
  return asUtc - (instant - (instant % 1000));
}

/**
 * The instant a wall-clock time happens in `timeZone`. A time skipped by a spring-forward change
 * (02:30 in Paris on the last Sunday of March) moves forward by the gap (03:30); a time that
 * happens twice at a fall-back change takes the first occurrence.
 */
export function zonedInstant(
  timeZone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const candidates = new Set<number>();
  for (const probe of [wall - DAY, wall, wall + DAY])
    candidates.add(wall - offsetAt(timeZone, probe));
  const exact = [...candidates].filter((c) => {
    const t = localTime(timeZone, c);
    return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) === wall;
  });
  if (exact.length > 0) return Math.min(...exact);
  // In a gap: the offset before the change, which lands after the gap.
  return wall - offsetAt(timeZone, wall - DAY);
}

/** The same wall-clock time `days` calendar days later (month and year overflow handled). */
function addDays(t: { year: number; month: number; day: number }, days: number) {
  const d = new Date(Date.UTC(t.year, t.month - 1, t.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

function hhmm(value: string): [number, number] {
  const [h, m] = value.split(':').map(Number);
  return [h, m];
}

/** The turns of one layer overlapping [from, to), before restrictions. */
function layerTurns(layer: ScheduleLayer, zone: string, from: number, to: number): Shift[] {
  const members = layer.memberIds;
  if (members.length === 0) return [];
  const startsAt = Date.parse(layer.startsAt);
  const endsAt = layer.endsAt ? Date.parse(layer.endsAt) : Infinity;
  const [hour, minute] = hhmm(layer.handoffTime);
  // The first hand-off at or after startsAt, in the layer's zone.
  const startLocal = localTime(zone, startsAt);
  let firstDay = { year: startLocal.year, month: startLocal.month, day: startLocal.day };
  let first = zonedInstant(zone, firstDay.year, firstDay.month, firstDay.day, hour, minute);
  if (first < startsAt) {
    firstDay = addDays(firstDay, 1);
    first = zonedInstant(zone, firstDay.year, firstDay.month, firstDay.day, hour, minute);
  }
  const lower = Math.max(from, startsAt);
  const upper = Math.min(to, endsAt);
  if (lower >= upper) return [];

  // Turn i starts at boundary(i). Daily and weekly turns keep the wall-clock hand-off; custom
  // turns are exact elapsed hours (a 12-hour turn is 12 real hours, also across a DST change).
  const stepDays = layer.rotation === 'weekly' ? 7 : 1;
  const customMs = (layer.turnHours ?? 24) * HOUR;
  const boundary = (i: number): number => {
    if (layer.rotation === 'custom') return first + i * customMs;
    const d = addDays(firstDay, i * stepDays);
    return zonedInstant(zone, d.year, d.month, d.day, hour, minute);
  };
  const approxTurn = layer.rotation === 'custom' ? customMs : stepDays * DAY;
  let i = Math.max(0, Math.floor((lower - first) / approxTurn) - 1);
  while (i > 0 && boundary(i) > lower) i--;
  const out: Shift[] = [];
  for (let guard = 0; guard < 20_000; guard++, i++) {
    const start = boundary(i);
    const end = boundary(i + 1);
    if (start >= upper) break;
    if (end > lower) {
      out.push({
        contactId: members[i % members.length],
        source: layer.name,
        start: new Date(Math.max(start, startsAt)),
        end: new Date(Math.min(end, endsAt)),
      });
    }
  }
  return out;
}

/** The parts of [from, to) inside the layer's weekly windows (local days and times). */
function restrictionWindows(
  layer: ScheduleLayer,
  zone: string,
  from: number,
  to: number,
): [number, number][] {
  const windows: [number, number][] = [];
  const startLocal = localTime(zone, from - DAY);
  let day = { year: startLocal.year, month: startLocal.month, day: startLocal.day };
  for (let guard = 0; guard < 500; guard++) {
    const dayStart = zonedInstant(zone, day.year, day.month, day.day, 0, 0);
    if (dayStart >= to) break;
    const weekday = new Date(Date.UTC(day.year, day.month - 1, day.day)).getUTCDay();
    for (const r of layer.restrictions ?? []) {
      if (r.day !== weekday) continue;
      const [fh, fm] = hhmm(r.from);
      const [th, tm] = hhmm(r.to);
      const start = zonedInstant(zone, day.year, day.month, day.day, fh, fm);
      // A window ending at or before its start runs past midnight.
      const endDay = th * 60 + tm <= fh * 60 + fm ? addDays(day, 1) : day;
      const end = zonedInstant(zone, endDay.year, endDay.month, endDay.day, th, tm);
      if (end > from && start < to) windows.push([Math.max(start, from), Math.min(end, to)]);
    }
    day = addDays(day, 1);
  }
  return windows.sort((a, b) => a[0] - b[0]);
}

function layerShifts(layer: ScheduleLayer, zone: string, from: number, to: number): Shift[] {
  const turns = layerTurns(layer, zone, from, to);
  if (!layer.restrictions?.length) return turns;
  const windows = restrictionWindows(layer, zone, from, to);
  const out: Shift[] = [];
  for (const turn of turns) {
    for (const [ws, we] of windows) {
      const start = Math.max(turn.start.getTime(), ws);
      const end = Math.min(turn.end.getTime(), we);
      if (start < end) out.push({ ...turn, start: new Date(start), end: new Date(end) });
    }
  }
  return out;
}

/**
 * The final timeline in [from, to): overrides over the highest layer with someone on call;
 * consecutive pieces of the same person and source merged; gaps (nobody) left out.
 */
export function shiftsBetween(schedule: ScheduleInput, from: Date, to: Date): Shift[] {
  const lo = from.getTime();
  const hi = to.getTime();
  if (!(hi > lo)) throw new RangeError('to must be after from');
  if (hi - lo > MAX_RANGE) throw new RangeError('at most 400 days at once');
  // Levels, lowest first; each a list of shifts that do not overlap each other.
  // Every layer hands off in the schedule's time zone.
  const levels: Shift[][] = schedule.layers.map((layer) =>
    layerShifts(layer, schedule.timeZone, lo, hi),
  );
  levels.push(
    schedule.overrides
      .map((o) => ({
        contactId: o.contactId,
        source: 'override',
        start: new Date(Math.max(Date.parse(o.start), lo)),
        end: new Date(Math.min(Date.parse(o.end), hi)),
      }))
      .filter((s) => s.start < s.end)
      .sort((a, b) => a.start.getTime() - b.start.getTime()),
  );
  const cuts = new Set<number>([lo, hi]);
  for (const level of levels) {
    for (const s of level) {
      cuts.add(s.start.getTime());
      cuts.add(s.end.getTime());
    }
  }
  const points = [...cuts].filter((c) => c >= lo && c <= hi).sort((a, b) => a - b);
  const cursors = levels.map(() => 0);
  const out: Shift[] = [];
  for (let p = 0; p + 1 < points.length; p++) {
    const a = points[p];
    const b = points[p + 1];
    let top: Shift | undefined;
    levels.forEach((level, li) => {
      // Overrides may overlap one another: the later-starting one wins, scanned linearly.
      while (cursors[li] < level.length && level[cursors[li]].end.getTime() <= a) cursors[li]++;
      for (let k = cursors[li]; k < level.length && level[k].start.getTime() <= a; k++) {
        if (level[k].end.getTime() > a) top = level[k];
      }
    });
    if (!top) continue;
    const last = out[out.length - 1];
    if (
      last &&
      last.contactId === top.contactId &&
      last.source === top.source &&
      last.end.getTime() === a
    ) {
      last.end = new Date(b);
    } else {
      out.push({
        contactId: top.contactId,
        source: top.source,
        start: new Date(a),
        end: new Date(b),
      });
    }
  }
  return out;
}

/** Who is on call at `at`, with the bounds of their shift (looked up 90 days around); null: nobody. */
export function onCallAt(schedule: ScheduleInput, at: Date): Shift | null {
  const t = at.getTime();
  // A week around first (cheap); the full reach only when the shift runs into that window's edge.
  for (const reach of [8 * DAY, REACH]) {
    const from = t - reach;
    const to = t + reach;
    const shifts = shiftsBetween(schedule, new Date(from), new Date(to));
    const found = shifts.find((s) => s.start.getTime() <= t && s.end.getTime() > t) ?? null;
    if (!found || reach === REACH) return found;
    if (found.start.getTime() > from && found.end.getTime() < to) return found;
  }
  return null;
}

function validZone(zone: unknown): boolean {
  if (typeof zone !== 'string' || zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** Every problem of a schedule as "<field path>: <what is expected>"; empty when valid. */
export function scheduleProblems(schedule: ScheduleInput): string[] {
  const problems: string[] = [];
  const time = ON_CALL_RULES.timeOfDayPattern;
  if (!validZone(schedule.timeZone))
    problems.push('timeZone: an IANA time zone such as Europe/Paris');
  schedule.layers.forEach((layer, i) => {
    const at = `layers[${i}]`;
    if (
      typeof layer.name !== 'string' ||
      !layer.name.trim() ||
      layer.name.length > ON_CALL_RULES.nameMaxLength
    ) {
      problems.push(`${at}.name: 1 to ${ON_CALL_RULES.nameMaxLength} characters`);
    }
    if (!['daily', 'weekly', 'custom'].includes(layer.rotation)) {
      problems.push(`${at}.rotation: daily, weekly or custom`);
    }
    if (layer.rotation === 'custom') {
      const h = layer.turnHours;
      if (
        typeof h !== 'number' ||
        !Number.isInteger(h) ||
        h < 1 ||
        h > ON_CALL_RULES.turnHoursMax
      ) {
        problems.push(
          `${at}.turnHours: a whole number of hours from 1 to ${ON_CALL_RULES.turnHoursMax}`,
        );
      }
    }
    if (typeof layer.handoffTime !== 'string' || !time.test(layer.handoffTime)) {
      problems.push(`${at}.handoffTime: HH:MM (24-hour)`);
    }
    const starts = Date.parse(String(layer.startsAt));
    if (typeof layer.startsAt !== 'string' || Number.isNaN(starts)) {
      problems.push(`${at}.startsAt: an ISO 8601 date and time`);
    }
    if (layer.endsAt !== undefined && layer.endsAt !== null) {
      const ends = Date.parse(String(layer.endsAt));
      if (typeof layer.endsAt !== 'string' || Number.isNaN(ends)) {
        problems.push(`${at}.endsAt: an ISO 8601 date and time, or null`);
      } else if (!Number.isNaN(starts) && ends <= starts) {
        problems.push(`${at}.endsAt: after startsAt`);
      }
    }
    if (!Array.isArray(layer.memberIds) || layer.memberIds.length === 0) {
      problems.push(`${at}.memberIds: at least one contact`);
    } else if (layer.memberIds.length > ON_CALL_RULES.membersMax) {
      problems.push(`${at}.memberIds: at most ${ON_CALL_RULES.membersMax} contacts`);
    }
    (layer.restrictions ?? []).forEach((r, j) => {
      const rat = `${at}.restrictions[${j}]`;
      if (!Number.isInteger(r.day) || r.day < 0 || r.day > 6)
        problems.push(`${rat}.day: 0 (Sunday) to 6`);
      if (typeof r.from !== 'string' || !time.test(r.from))
        problems.push(`${rat}.from: HH:MM (24-hour)`);
      if (typeof r.to !== 'string' || !time.test(r.to)) problems.push(`${rat}.to: HH:MM (24-hour)`);
      if (r.from === r.to) problems.push(`${rat}.to: differs from from`);
    });
  });
  return problems;
}
