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
  const duration = r.durationMinutes * MINUTE;
  const local = c.floating(t);
  const rule = c.ruleNear(local - duration - 2 * DAY);
  return rule
    .between(new Date(local - duration - 2 * DAY), new Date(local + 2 * DAY), true)
    .some((s) => {
      const start = c.instant(s.getTime());
      return start <= t && t < start + duration;
    });
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
  const local = c.floating(Math.max(t, startsAt.getTime()));
  const rule = c.ruleNear(local - 2 * DAY);
  let next = rule
    .between(new Date(local - 2 * DAY), new Date(local + 2 * DAY), true)
    .map((s) => Math.max(c.instant(s.getTime()), startsAt.getTime()))
    .find((s) => s > t);
  if (next === undefined) {
    const s = rule.after(new Date(local + 2 * DAY), false);
    if (s) next = Math.max(c.instant(s.getTime()), startsAt.getTime());
  }
  return next !== undefined && next < endsAt.getTime() ? new Date(next) : null;
}

interface Compiled {
  /** Wall-clock ms (UTC fields = local time) of an instant. */
  floating(instant: number): number;
  /** The instant of a wall-clock ms. */
  instant(floating: number): number;
  /** The rule, its DTSTART moved forward by whole periods to just before `floating` when exact. */
  ruleNear(floating: number): RRule;
}

const cache = new Map<string, Compiled | null>();
const CACHE_MAX = 1000;

function compiled(r: SilenceRecurrence, startsAt: Date, endsAt: Date): Compiled | null {
  const key = `${r.rrule}\u0001${r.timeZone}\u0001${startsAt.getTime()}\u0001${endsAt.getTime()}`;
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
  const instant = (f: number): number => {
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
  return { floating, instant, ruleNear };
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
