import type { SilenceRecurrence } from '@hyperion/contracts';
import { RRule } from 'rrule';

import { fail, isRecord, own } from './ingest-fields';
import type { RuleParts } from './recurrence-rule';
import { parseRuleParts, ruleOptions } from './recurrence-rule';

export const RECURRENCE_DURATION_MAX = 7 * 24 * 60;
const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Checks a recurring maintenance window; throws BadRequestException naming `${field}.rrule` etc. */
export function validateRecurrence(r: unknown, field: string): SilenceRecurrence {
  if (!isRecord(r)) fail(field, 'must be an object with rrule, durationMinutes and timeZone');
  const timeZone = own(r, 'timeZone');
  if (typeof timeZone !== 'string' || !isTimeZone(timeZone))
    fail(`${field}.timeZone`, 'must be an IANA time zone, e.g. Europe/Paris or UTC');
  const rrule = own(r, 'rrule');
  if (typeof rrule !== 'string')
    fail(`${field}.rrule`, 'required, e.g. FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0');
  const parts = parseRuleParts(rrule);
  if (typeof parts === 'string') fail(`${field}.rrule`, parts);
  const duration = own(r, 'durationMinutes');
  if (
    !Number.isInteger(duration) ||
    (duration as number) < 1 ||
    (duration as number) > RECURRENCE_DURATION_MAX
  )
    fail(
      `${field}.durationMinutes`,
      `must be a whole number of minutes from 1 to ${RECURRENCE_DURATION_MAX}`,
    );
  return {
    rrule: rrule.trim().replace(/^RRULE:/i, ''),
    durationMinutes: duration as number,
    timeZone,
  };
}

function isTimeZone(zone: string): boolean {
  if (zone.length === 0 || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * True when `at` falls inside an occurrence of the window (occurrences start at wall-clock times
 * of the rule's zone, so 02:00 Europe/Paris stays 02:00 local across DST) and inside
 * [startsAt, endsAt). The rule's DTSTART is `startsAt` (to the minute) in that zone.
 * A rule that does not parse (it can only come from old data) is never in force.
 * Fast when called again and again: the answer is kept until the next change of state.
 */
export function isInRecurrence(
  r: SilenceRecurrence,
  startsAt: Date,
  endsAt: Date,
  at: Date,
): boolean {
  const t = at.getTime();
  if (t < startsAt.getTime() || t >= endsAt.getTime()) return false;
  const c = compiled(r, startsAt, endsAt);
  if (!c) return false;
  if (c.memo && t >= c.memo.from && t < c.memo.to) return c.memo.inside;
  const duration = r.durationMinutes * MINUTE;
  const starts = c.startsAround(t, duration);
  // The latest start at or before `at` (starts are in order): is `at` before its end?
  const i = lastIndex(starts, (s) => c.instant(s) <= t);
  const start = i < 0 ? null : c.instant(starts[i]);
  const inside = start !== null && t < start + duration;
  const next = i + 1 < starts.length ? c.instant(starts[i + 1]) : t + HOUR;
  c.memo = inside
    ? { from: start as number, to: Math.min((start as number) + duration, next), inside }
    : { from: t, to: Math.min(next, t + HOUR), inside };
  return inside;
}

/**
 * When the next occurrence after `at` starts (never before `startsAt`), or null when none starts
 * before `endsAt`.
 */
export function nextOccurrence(
  r: SilenceRecurrence,
  startsAt: Date,
  endsAt: Date,
  at: Date,
): Date | null {
  const c = compiled(r, startsAt, endsAt);
  if (!c) return null;
  const t = at.getTime();
  const from = Math.max(t, startsAt.getTime());
  const starts = c.startsAround(from, 0);
  const i = lastIndex(starts, (s) => Math.max(c.instant(s), startsAt.getTime()) <= t) + 1;
  let next: number | null = null;
  if (i < starts.length) next = Math.max(c.instant(starts[i]), startsAt.getTime());
  else {
    const s = c.after(from);
    if (s !== null) next = Math.max(c.instant(s), startsAt.getTime());
  }
  return next !== null && next < endsAt.getTime() ? new Date(next) : null;
}

/** The last index whose item passes `test` (items passing first, then failing), or -1. */
function lastIndex(items: number[], test: (item: number) => boolean): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (test(items[mid])) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

/** More than any gap between a wall-clock time and UTC (UTC-12 to UTC+14, plus a change). */
const ZONE_MARGIN = 27 * HOUR;

interface Compiled {
  /** Wall-clock ms (UTC fields = local time) of an instant. */
  floating(instant: number): number;
  /** The instant of a wall-clock ms. */
  instant(floating: number): number;
  /** Wall-clock starts of the occurrences that could hold `t`, or start soon after it. */
  startsAround(t: number, duration: number): number[];
  /** The wall-clock start of the first occurrence well after `t` (past startsAround's reach). */
  after(t: number): number | null;
  /** The last answer of isInRecurrence and how long it holds. */
  memo?: { from: number; to: number; inside: boolean };
}

interface Compiled {
  /** Wall-clock ms (UTC fields = local time) of an instant. */
  floating(instant: number): number;
  /** The instant of a wall-clock ms. */
  instant(floating: number): number;
}

const cache = new Map<string, Compiled | null>();
const CACHE_MAX = 1000;

function compiled(r: SilenceRecurrence, startsAt: Date, endsAt: Date): Compiled | null {
  const key = [r.rrule, r.timeZone, r.durationMinutes, startsAt.getTime(), endsAt.getTime()].join(
    '\u0001',
  );
  let c = cache.get(key);
  if (c === undefined) {
    c = compile(r, startsAt, endsAt);
    if (cache.size >= CACHE_MAX) cache.clear();
    cache.set(key, c);
  }
  return c;
}

/** rrule steps of these frequencies are fixed lengths of wall-clock time. */
const PERIOD: Partial<Record<RuleParts['freq'], number>> = {
  HOURLY: HOUR,
  DAILY: DAY,
  WEEKLY: 7 * DAY,
};

function compile(r: SilenceRecurrence, startsAt: Date, endsAt: Date): Compiled | null {
  const parts = parseRuleParts(r.rrule);
  if (typeof parts === 'string' || !isZone(r.timeZone)) return null;
  const zone = r.timeZone;
  const floating = (instant: number): number => wallClock(zone, instant);
  const offset = (probe: number): number => floating(probe) - probe;
  const instant = (f: number): number => {
    // Away from an offset change (most days), one offset fits the whole day.
    const before = offset(f - DAY);
    if (before === offset(f + DAY)) return f - before;
    const d = new Date(f);
    return (
      zonedInstant(
        zone,
        d.getUTCFullYear(),
        d.getUTCMonth() + 1,
        d.getUTCDate(),
        d.getUTCHours(),
        d.getUTCMinutes(),
      ) +
      d.getUTCSeconds() * 1000
    );
  };
  const start = floating(startsAt.getTime());
  const dtstart = start - (start % MINUTE);
  // Stop generating a day after the window's end (the local end, plus any UNTIL of the rule).
  let until = floating(endsAt.getTime()) + DAY;
  if (parts.until !== null)
    until = Math.min(until, parts.untilUtc ? floating(parts.until) : parts.until);
  const step =
    PERIOD[parts.freq] === undefined ? null : (PERIOD[parts.freq] as number) * parts.interval;
  const ruleNear = (f: number): RRule => {
    let from = dtstart;
    // Without COUNT, whole periods later the rule has the same occurrences from there on.
    if (step !== null && parts.count === null && f - step > from)
      from += Math.floor((f - step - from) / step) * step;
    return new RRule(ruleOptions(parts, new Date(from), new Date(until)));
  };
  const startsAround = (t: number, duration: number): number[] => {
    const local = floating(t);
    const lower = local - duration - ZONE_MARGIN;
    return ruleNear(lower)
      .between(new Date(lower), new Date(local + ZONE_MARGIN), true)
      .map((d) => d.getTime());
  };
  const after = (t: number): number | null => {
    const lower = floating(t) + ZONE_MARGIN;
    return ruleNear(lower).after(new Date(lower), false)?.getTime() ?? null;
  };
  return { floating, instant, startsAround, after };
}

function isZone(zone: string): boolean {
  return isTimeZone(zone);
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(zone, f);
  }
  return f;
}

/** The wall-clock time of `instant` in `zone`, as ms whose UTC fields read that time. */
function wallClock(zone: string, instant: number): number {
  const p: Record<string, number> = {};
  for (const part of formatter(zone).formatToParts(new Date(instant)))
    p[part.type] = Number(part.value);
  return (
    Date.UTC(p['year'], p['month'] - 1, p['day'], p['hour'], p['minute'], p['second']) +
    (((instant % 1000) + 1000) % 1000)
  );
}

/**
 * The instant a wall-clock minute happens in `zone`: a time skipped by a spring-forward change
 * (02:30 in Paris on the last Sunday of March) moves forward by the gap; a time that happens twice
 * (fall-back) takes the first. Mirrors on-call schedule-math's zonedInstant.
 */
function zonedInstant(
  zone: string,
  year: number,
  month: number,
  day: number,
  hour: number,
  minute: number,
): number {
  const wall = Date.UTC(year, month - 1, day, hour, minute);
  const offset = (probe: number): number => wallClock(zone, probe) - probe;
  const exact = [
    ...new Set([wall - DAY, wall, wall + DAY].map((probe) => wall - offset(probe))),
  ].filter((c) => wallClock(zone, c) === wall);
  if (exact.length > 0) return Math.min(...exact);
  return wall - offset(wall - DAY);
}
