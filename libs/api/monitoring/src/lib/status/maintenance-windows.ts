import { STATUS_PAGE_RULES } from '@hyperion/contracts';
import { Options, RRule, Weekday } from 'rrule';

/** What a window's timing is made of (an entity, a cached model entry). */
export interface MaintenanceTiming {
  /** The (first) window's start. */
  startsAt: Date;
  durationMinutes: number;
  /** Normalised (`FREQ=…`, no DTSTART); null for a one-off window. */
  rrule: string | null;
}

export interface MaintenanceWindow {
  start: Date;
  end: Date;
}

type Frequency = (typeof STATUS_PAGE_RULES.rruleFrequencies)[number];

const FREQUENCY_OF: Partial<Record<number, Frequency>> = {
  [RRule.YEARLY]: 'YEARLY',
  [RRule.MONTHLY]: 'MONTHLY',
  [RRule.WEEKLY]: 'WEEKLY',
  [RRule.DAILY]: 'DAILY',
};

const PART_NAMES: Record<string, string> = {
  interval: 'INTERVAL',
  count: 'COUNT',
  until: 'UNTIL',
  byweekday: 'BYDAY',
  bymonthday: 'BYMONTHDAY',
  bymonth: 'BYMONTH',
  bysetpos: 'BYSETPOS',
  wkst: 'WKST',
  byyearday: 'BYYEARDAY',
  byweekno: 'BYWEEKNO',
  byhour: 'BYHOUR (the time of day is that of startsAt)',
  byminute: 'BYMINUTE (the time of day is that of startsAt)',
  bysecond: 'BYSECOND (the time of day is that of startsAt)',
  byeaster: 'BYEASTER',
  dtstart: 'DTSTART (the first window starts at startsAt)',
  tzid: 'TZID (windows repeat in UTC)',
};

/**
 * The parts each frequency may use. The library walks every period until one matches, up to the
 * year 9999: a daily rule that can never match (BYMONTH=2;BYMONTHDAY=30) blocks the process for
 * seconds. With these parts every rule either matches within a few periods, or (yearly ones) is
 * found empty after a few thousand cheap steps, when it is refused.
 */
const ALLOWED: Record<Frequency, readonly string[]> = {
  DAILY: ['freq', 'interval', 'count', 'until', 'byweekday'],
  WEEKLY: ['freq', 'interval', 'count', 'until', 'byweekday', 'wkst'],
  MONTHLY: ['freq', 'interval', 'count', 'until', 'byweekday', 'bymonthday', 'bysetpos', 'wkst'],
  YEARLY: ['freq', 'interval', 'count', 'until', 'byweekday', 'bymonthday', 'bymonth', 'wkst'],
};

const listOf = (value: unknown): unknown[] => (Array.isArray(value) ? value : [value]);

const wholeIn = (value: unknown, min: number, max: number, zero = true) =>
  Number.isInteger(value) &&
  (value as number) >= min &&
  (value as number) <= max &&
  (zero || value !== 0);

/** Checks each part's values (the library takes `COUNT=abc` or `BYDAY=XX` without a word). */
function checkValues(options: Partial<Options>, frequency: Frequency, startsAt: Date): void {
  if (options.interval !== undefined && !wholeIn(options.interval, 1, 1000)) {
    throw new Error('INTERVAL must be a whole number from 1 to 1000');
  }
  if (options.count !== undefined && !wholeIn(options.count, 1, 1000)) {
    throw new Error('COUNT must be a whole number from 1 to 1000');
  }
  if (options.until !== undefined) {
    const until = options.until;
    if (!(until instanceof Date) || Number.isNaN(until.getTime()) || until <= startsAt) {
      throw new Error('UNTIL must be a date and time after startsAt');
    }
  }
  if (options.byweekday !== undefined) {
    const ordinals = frequency === 'MONTHLY' || frequency === 'YEARLY';
    for (const day of listOf(options.byweekday)) {
      if (!(day instanceof Weekday)) throw new Error('BYDAY must list days as MO, TU … SU');
      if (day.n !== undefined && (!ordinals || !wholeIn(day.n, -5, 5, false))) {
        throw new Error(
          ordinals
            ? 'BYDAY ordinals must be from -5 to 5 (e.g. 1SU, -1FR)'
            : `FREQ=${frequency} takes BYDAY without ordinals`,
        );
      }
    }
  }
  if (options.wkst !== undefined && !(options.wkst instanceof Weekday)) {
    throw new Error('WKST must be a day as MO, TU … SU');
  }
  if (
    options.bymonthday !== undefined &&
    !listOf(options.bymonthday).every((d) => wholeIn(d, -31, 31, false))
  ) {
    throw new Error('BYMONTHDAY must be days from 1 to 31 (or -31 to -1)');
  }
  if (options.bymonth !== undefined && !listOf(options.bymonth).every((m) => wholeIn(m, 1, 12))) {
    throw new Error('BYMONTH must be months from 1 to 12');
  }
  if (options.bysetpos !== undefined) {
    if (!listOf(options.bysetpos).every((p) => wholeIn(p, -5, 5, false))) {
      throw new Error('BYSETPOS must be from -5 to 5, not 0');
    }
    if (options.byweekday === undefined) throw new Error('BYSETPOS needs BYDAY');
  }
  if (options.bymonthday !== undefined && options.byweekday !== undefined) {
    throw new Error('use BYMONTHDAY or BYDAY, not both');
  }
}

/**
 * Checks and normalises a recurrence rule (`FREQ=WEEKLY;BYDAY=SU`, with or without `RRULE:`)
 * whose first window starts at `startsAt`. What is stored, and written into the iCalendar feed,
 * is the library's own rendering, so nothing of the input (a line break, a stray property)
 * reaches the feed. Throws an Error saying what is wrong, for a 400 naming `rrule`.
 */
export function normaliseRrule(text: string, startsAt: Date): string {
  const body = text.trim().replace(/^RRULE:/i, '');
  if (!/^[A-Za-z0-9=;,+\-:]+$/.test(body)) {
    throw new Error('only letters, digits and = ; , + - : on one line');
  }
  let options: Partial<Options>;
  try {
    options = RRule.parseString(body.toUpperCase());
  } catch (error) {
    throw new Error((error as Error).message);
  }
  const frequency = options.freq === undefined ? undefined : FREQUENCY_OF[options.freq];
  if (!frequency) {
    throw new Error(`FREQ must be one of ${STATUS_PAGE_RULES.rruleFrequencies.join(', ')}`);
  }
  for (const [part, value] of Object.entries(options)) {
    if (value === undefined || value === null || ALLOWED[frequency].includes(part)) continue;
    throw new Error(`FREQ=${frequency} may not use ${PART_NAMES[part] ?? part.toUpperCase()}`);
  }
  checkValues(options, frequency, startsAt);
  if (!new RRule({ ...options, dtstart: startsAt }).after(startsAt, true)) {
    throw new Error('it gives no window at all');
  }
  return RRule.optionsToString(options).replace(/^RRULE:/, '');
}

/** A stored rule (normalised by normaliseRrule) from its first start. */
function ruleOf(rrule: string, startsAt: Date): RRule {
  return new RRule({ ...RRule.parseString(rrule), dtstart: startsAt });
}

const MINUTE_MS = 60_000;

/**
 * The windows that end after `from` and start before `to`, in order, at most `max` (a page
 * keeps those of the next days, so it can tell current from upcoming while it is served from
 * its cache).
 */
export function windowsBetween(
  timing: MaintenanceTiming,
  from: Date,
  to: Date,
  max: number,
): MaintenanceWindow[] {
  const length = timing.durationMinutes * MINUTE_MS;
  const windowOf = (start: Date) => ({ start, end: new Date(start.getTime() + length) });
  if (!timing.rrule) {
    const only = windowOf(timing.startsAt);
    return only.end > from && only.start < to && max > 0 ? [only] : [];
  }
  return ruleOf(timing.rrule, timing.startsAt)
    .between(new Date(from.getTime() - length), to, false, (_date, i) => i < max)
    .map(windowOf);
}

/** Far enough for any next window (the walk stops at the first one found). */
const NEXT_WINDOW_HORIZON_MS = 100 * 366 * 86_400_000;

/** The window in progress at `now`, or else the next one; null when none is left. */
export function currentOrNextWindow(
  timing: MaintenanceTiming,
  now: Date,
): MaintenanceWindow | null {
  return (
    windowsBetween(timing, now, new Date(now.getTime() + NEXT_WINDOW_HORIZON_MS), 1)[0] ?? null
  );
}

/** A rule in words, for people ("every week on Sunday"); null for a one-off window. */
export function recurrenceText(timing: MaintenanceTiming): string | null {
  return timing.rrule ? ruleOf(timing.rrule, timing.startsAt).toText() : null;
}
