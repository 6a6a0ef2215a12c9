import type { Options } from 'rrule';
import { RRule, Weekday } from 'rrule';

/**
 * A strict reader of the RRULEs a maintenance window may use. The rrule package is lenient
 * (`INTERVAL=x` loops forever, `BYHOUR=99` is taken) and walks to the year 9999 when a rule can
 * never occur (`FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30` takes half a minute), so only a subset is
 * accepted, each part checked, and combinations that could never or almost never occur refused.
 */
export interface RuleParts {
  freq: 'HOURLY' | 'DAILY' | 'WEEKLY' | 'MONTHLY' | 'YEARLY';
  interval: number;
  count: number | null;
  /** Wall-clock (floating) ms, or a UTC instant when `untilUtc`. */
  until: number | null;
  untilUtc: boolean;
  wkst: number | null;
  byday: { weekday: number; n: number }[];
  bymonthday: number[];
  bymonth: number[];
  byhour: number[];
  byminute: number[];
  bysetpos: number[];
}

const FREQS = ['HOURLY', 'DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'] as const;
/** rrule's weekday numbers: Monday 0 … Sunday 6. */
const WEEKDAYS = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
const SUPPORTED = [
  'FREQ',
  'INTERVAL',
  'COUNT',
  'UNTIL',
  'WKST',
  'BYMONTH',
  'BYMONTHDAY',
  'BYDAY',
  'BYHOUR',
  'BYMINUTE',
  'BYSETPOS',
];
const INTERVAL_MAX = 1000;
const COUNT_MAX = 1000;
const RRULE_MAX = 512;

/** Parses the rule, or returns what is wrong with it (a sentence for the 400). */
export function parseRuleParts(text: string): RuleParts | string {
  if (text.length > RRULE_MAX) return `at most ${RRULE_MAX} characters`;
  const body = text.trim().replace(/^RRULE:/i, '');
  if (/[\r\n]/.test(body))
    return "one RRULE line only (DTSTART is the window's start, the zone is timeZone)";
  const values = new Map<string, string>();
  for (const part of body.split(';')) {
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim().toUpperCase();
    if (eq < 0 || key === '') return `"${part}" is not NAME=VALUE`;
    if (!SUPPORTED.includes(key))
      return `${key} is not supported in a maintenance window (use ${SUPPORTED.join(', ')})`;
    if (values.has(key)) return `${key} is given twice`;
    values.set(
      key,
      part
        .slice(eq + 1)
        .trim()
        .toUpperCase(),
    );
  }
  const freq = values.get('FREQ');
  if (freq === 'SECONDLY' || freq === 'MINUTELY')
    return 'FREQ=SECONDLY and FREQ=MINUTELY are not allowed: a window repeats at most hourly';
  if (!freq || !(FREQS as readonly string[]).includes(freq))
    return `FREQ is required, one of ${FREQS.join(', ')}`;

  const problems: string[] = [];
  const int = (key: string, min: number, max: number): number | null => {
    const v = values.get(key);
    if (v === undefined) return null;
    if (!/^\d{1,5}$/.test(v) || Number(v) < min || Number(v) > max) {
      problems.push(`${key} must be a whole number from ${min} to ${max}`);
      return null;
    }
    return Number(v);
  };
  const list = (key: string, min: number, max: number, signed: boolean): number[] => {
    const v = values.get(key);
    if (v === undefined) return [];
    const items = v.split(',');
    const ok = items.every((s) => {
      if (!(signed ? /^[+-]?\d{1,3}$/ : /^\d{1,3}$/).test(s)) return false;
      const n = Math.abs(Number(s));
      return n >= min && n <= max;
    });
    if (!ok || items.length > 60) {
      problems.push(
        `${key} must be a list of ${signed ? `±${min} to ±${max}` : `${min} to ${max}`}`,
      );
      return [];
    }
    return [...new Set(items.map(Number))];
  };

  const parts: RuleParts = {
    freq: freq as RuleParts['freq'],
    interval: int('INTERVAL', 1, INTERVAL_MAX) ?? 1,
    count: int('COUNT', 1, COUNT_MAX),
    until: null,
    untilUtc: false,
    wkst: null,
    byday: [],
    bymonthday: list('BYMONTHDAY', 1, 31, true),
    bymonth: list('BYMONTH', 1, 12, false),
    byhour: list('BYHOUR', 0, 23, false),
    byminute: list('BYMINUTE', 0, 59, false),
    bysetpos: list('BYSETPOS', 1, 366, true),
  };
  const wkst = values.get('WKST');
  if (wkst !== undefined) {
    parts.wkst = WEEKDAYS.indexOf(wkst);
    if (parts.wkst < 0) problems.push(`WKST must be one of ${WEEKDAYS.join(', ')}`);
  }
  const byday = values.get('BYDAY');
  if (byday !== undefined) {
    for (const item of byday.split(',')) {
      const m = /^([+-]?\d{1,2})?(MO|TU|WE|TH|FR|SA|SU)$/.exec(item);
      if (!m || (m[1] !== undefined && Number(m[1]) === 0)) {
        problems.push(
          'BYDAY must be a list of MO, TU, WE, TH, FR, SA, SU, optionally numbered (1MO, -1FR)',
        );
        break;
      }
      parts.byday.push({ weekday: WEEKDAYS.indexOf(m[2]), n: m[1] ? Number(m[1]) : 0 });
    }
  }
  const until = values.get('UNTIL');
  if (until !== undefined) {
    const m = /^(\d{4})(\d{2})(\d{2})(?:T(\d{2})(\d{2})(\d{2})(Z)?)?$/.exec(until);
    const fields = m
      ? [m[1], m[2], m[3], m[4] ?? '23', m[5] ?? '59', m[6] ?? '59'].map(Number)
      : [];
    const ms = m
      ? Date.UTC(fields[0], fields[1] - 1, fields[2], fields[3], fields[4], fields[5])
      : NaN;
    const back = new Date(ms);
    if (
      !m ||
      back.getUTCDate() !== fields[2] ||
      back.getUTCHours() !== fields[3] ||
      fields[0] < 1970
    )
      problems.push('UNTIL must be a date YYYYMMDD or a date-time YYYYMMDDTHHMMSS[Z]');
    else {
      parts.until = ms;
      parts.untilUtc = m[7] === 'Z';
    }
  }
  if (parts.count !== null && until !== undefined)
    problems.push('COUNT and UNTIL exclude each other');
  if (problems.length > 0) return problems[0];
  return feasibility(parts);
}

const NOT_WITH_INTERVAL: Record<RuleParts['freq'], (keyof RuleParts)[]> = {
  HOURLY: ['byhour', 'byday', 'bymonthday', 'bymonth'],
  DAILY: ['byday', 'bymonthday', 'bymonth'],
  WEEKLY: [],
  MONTHLY: ['bymonth'],
  YEARLY: [],
};
const PART_NAMES: Partial<Record<keyof RuleParts, string>> = {
  byhour: 'BYHOUR',
  byday: 'BYDAY',
  bymonthday: 'BYMONTHDAY',
  bymonth: 'BYMONTH',
};

/** Refuses what would never (or only once in decades) occur: the caller gets a clear sentence. */
function feasibility(p: RuleParts): RuleParts | string {
  const nth = p.byday.filter((d) => d.n !== 0);
  if (p.freq === 'HOURLY' && (p.bymonth.length > 0 || p.bymonthday.length > 0))
    return 'an HOURLY rule takes BYMINUTE, BYHOUR and BYDAY only';
  // A rare date (Monday 29 February) would make rrule walk decades of days to find it.
  if (p.freq === 'DAILY' && p.bymonthday.length > 0 && p.byday.length > 0)
    return 'a DAILY rule takes BYDAY or BYMONTHDAY, not both (use MONTHLY, e.g. BYMONTHDAY=13;BYDAY=FR)';
  if (p.freq === 'WEEKLY' && p.bymonthday.length > 0)
    return 'a WEEKLY rule does not take BYMONTHDAY (use MONTHLY)';
  if (p.interval > 1) {
    for (const key of NOT_WITH_INTERVAL[p.freq])
      if ((p[key] as unknown[]).length > 0)
        return `a ${p.freq} rule with INTERVAL above 1 does not take ${PART_NAMES[key]} (it could never occur)`;
    if (p.freq === 'MONTHLY' && p.bymonthday.some((d) => Math.abs(d) > 28))
      return 'a MONTHLY rule with INTERVAL above 1 takes BYMONTHDAY up to 28 (or -28)';
    if (
      (p.freq === 'MONTHLY' || p.freq === 'YEARLY') &&
      p.byday.length > 0 &&
      p.bymonthday.length > 0
    )
      return `a ${p.freq} rule with INTERVAL above 1 takes BYDAY or BYMONTHDAY, not both`;
    if (nth.some((d) => Math.abs(d.n) >= 5))
      return 'with INTERVAL above 1, a numbered BYDAY goes up to 4 (or -4)';
  }
  if (nth.length > 0) {
    const yearly = p.freq === 'YEARLY' && p.bymonth.length === 0;
    const max = yearly ? 52 : 5;
    if (!(p.freq === 'MONTHLY' || p.freq === 'YEARLY'))
      return 'a numbered BYDAY (1MO, -1FR) needs FREQ=MONTHLY or YEARLY';
    if (nth.some((d) => Math.abs(d.n) > max)) return `a numbered BYDAY goes up to ${max} here`;
    if (p.bymonthday.length > 0) return 'a numbered BYDAY and BYMONTHDAY exclude each other';
  }
  if (p.bysetpos.length > 0) {
    if (p.freq !== 'MONTHLY' || p.byday.length === 0 || nth.length > 0 || p.bymonthday.length > 0)
      return 'BYSETPOS needs FREQ=MONTHLY and a BYDAY without numbers (e.g. BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1)';
    const setSize = 4 * p.byday.length * (p.byhour.length || 1) * (p.byminute.length || 1);
    if (p.bysetpos.some((n) => Math.abs(n) > setSize))
      return `BYSETPOS goes up to ${setSize} (or -${setSize}) for this rule`;
  }
  // Some month of the rule must have one of its days (February: 28 days when years are skipped).
  const feb = p.freq === 'YEARLY' && p.interval > 1 ? 28 : 29;
  const lengths = [31, feb, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  const months = p.bymonth.length > 0 ? p.bymonth : [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];
  if (
    p.bymonthday.length > 0 &&
    !months.some((m) => p.bymonthday.some((d) => Math.abs(d) <= lengths[m - 1]))
  )
    return 'BYMONTHDAY never falls in BYMONTH (e.g. February 30)';
  if (nth.some((d) => Math.abs(d.n) === 5) && !months.some((m) => lengths[m - 1] >= 29))
    return 'there is no fifth such weekday in these months';
  return p;
}

const FREQUENCY: Record<RuleParts['freq'], number> = {
  HOURLY: RRule.HOURLY,
  DAILY: RRule.DAILY,
  WEEKLY: RRule.WEEKLY,
  MONTHLY: RRule.MONTHLY,
  YEARLY: RRule.YEARLY,
};

/** The rrule options of checked parts, in floating time (UTC fields = wall-clock). */
export function ruleOptions(p: RuleParts, dtstart: Date, until: Date | null): Partial<Options> {
  const some = (xs: number[]): number[] | null => (xs.length > 0 ? xs : null);
  return {
    freq: FREQUENCY[p.freq],
    dtstart,
    interval: p.interval,
    count: p.count,
    until,
    wkst: p.wkst,
    byweekday:
      p.byday.length > 0 ? p.byday.map((d) => new Weekday(d.weekday, d.n || undefined)) : null,
    bymonthday: some(p.bymonthday),
    bymonth: some(p.bymonth),
    byhour: some(p.byhour),
    byminute: some(p.byminute),
    bysetpos: some(p.bysetpos),
  };
}
