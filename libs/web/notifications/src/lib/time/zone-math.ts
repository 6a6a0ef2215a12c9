/**
 * Wall-clock times in an IANA zone, for the on-call pages: a schedule is shown and edited in its
 * own zone, not the browser's (the API's schedule maths works the same way; this is the console's
 * copy, which cannot import the API's).
 */

export interface LocalDate {
  readonly year: number;
  /** 1 – 12. */
  readonly month: number;
  readonly day: number;
}

export interface LocalDateTime extends LocalDate {
  readonly hour: number;
  readonly minute: number;
  /** 0 = Sunday … 6. */
  readonly weekday: number;
}

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsFormatter(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      weekday: 'short',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** Whether `zone` is an IANA time zone this browser knows. */
export function isValidTimeZone(zone: string): boolean {
  if (zone.trim() === '' || zone.length > 64) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The browser's zone (UTC when it does not say). */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every IANA zone the browser knows (the time zone fields' suggestions), UTC included. */
export function knownTimeZones(): readonly string[] {
  const zones = Intl.supportedValuesOf('timeZone');
  return zones.includes('UTC') ? zones : ['UTC', ...zones];
}

/** The wall-clock time in `timeZone` at `instant` (ms). */
export function localParts(timeZone: string, instant: number): LocalDateTime {
  const parts: Record<string, string> = {};
  for (const part of partsFormatter(timeZone).formatToParts(new Date(instant))) {
    parts[part.type] = part.value;
  }
  return {
    year: Number(parts['year']),
    month: Number(parts['month']),
    day: Number(parts['day']),
    hour: Number(parts['hour']),
    minute: Number(parts['minute']),
    weekday: WEEKDAYS.indexOf(parts['weekday']),
  };
}

function offsetAt(timeZone: string, instant: number): number {
  const t = localParts(timeZone, instant);
  const wholeMinute = instant - (((instant % MINUTE_MS) + MINUTE_MS) % MINUTE_MS);
  return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) - wholeMinute;
}

/**
 * The instant (ms) a wall-clock time happens in `timeZone`. A time skipped by a spring-forward
 * change moves forward by the gap; a time that happens twice takes the first occurrence.
 */
export function zonedInstant(timeZone: string, date: LocalDate, hour = 0, minute = 0): number {
  const wall = Date.UTC(date.year, date.month - 1, date.day, hour, minute);
  const candidates = new Set<number>();
  for (const probe of [wall - DAY_MS, wall, wall + DAY_MS]) {
    candidates.add(wall - offsetAt(timeZone, probe));
  }
  const exact = [...candidates].filter((c) => {
    const t = localParts(timeZone, c);
    return Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute) === wall;
  });
  if (exact.length > 0) return Math.min(...exact);
  return wall - offsetAt(timeZone, wall - DAY_MS);
}

/** The calendar day `days` after `date` (month and year overflow handled). */
export function addDays(date: LocalDate, days: number): LocalDate {
  const d = new Date(Date.UTC(date.year, date.month - 1, date.day + days));
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** The calendar day of `instant` in `timeZone`. */
export function localDate(timeZone: string, instant: number): LocalDate {
  const { year, month, day } = localParts(timeZone, instant);
  return { year, month, day };
}

/** "2026-12-07" */
export function dateKey(date: LocalDate): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.year}-${pad(date.month)}-${pad(date.day)}`;
}

/** 0 = Sunday … 6 of a calendar day (the same everywhere). */
export function weekdayOf(date: LocalDate): number {
  return new Date(Date.UTC(date.year, date.month - 1, date.day)).getUTCDay();
}

const pad2 = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as an `<input type="datetime-local">` value in `timeZone` ("2026-12-07T09:00"). */
export function toLocalInput(iso: string, timeZone: string): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return '';
  const t = localParts(timeZone, instant);
  return `${dateKey(t)}T${pad2(t.hour)}:${pad2(t.minute)}`;
}

const LOCAL_INPUT = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?$/;

/** A `datetime-local` value read as wall-clock time in `timeZone` → ISO instant; null if unreadable. */
export function fromLocalInput(value: string, timeZone: string): string | null {
  const match = LOCAL_INPUT.exec(value.trim());
  if (!match) return null;
  const [year, month, day, hour, minute] = match.slice(1).map(Number);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return null;
  const date = { year, month, day };
  // 31 February and the like roll over in Date.UTC: refuse them.
  if (dateKey(addDays(date, 0)) !== dateKey(date)) return null;
  return new Date(zonedInstant(timeZone, date, hour, minute)).toISOString();
}

/** "CET", "EST", or the offset ("GMT+9") where the zone has no common short name. */
export function zoneName(instant: number, timeZone: string): string {
  const names = ['en-GB', 'en-US'].map(
    (locale) =>
      new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
        .formatToParts(new Date(instant))
        .find((part) => part.type === 'timeZoneName')?.value ?? '',
  );
  return names.find((name) => name !== '' && !/^(GMT|UTC)[+\-\u2212]/.test(name)) ?? names[0];
}

/** "09:00" in `timeZone`. */
export function formatClock(instant: number, timeZone: string): string {
  const t = localParts(timeZone, instant);
  return `${pad2(t.hour)}:${pad2(t.minute)}`;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAY_NAMES = [
  'Sunday',
  'Monday',
  'Tuesday',
  'Wednesday',
  'Thursday',
  'Friday',
  'Saturday',
];
const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "Mon 7 Dec" */
export function shortDay(date: LocalDate): string {
  return `${WEEKDAYS[weekdayOf(date)]} ${date.day} ${MONTHS[date.month - 1]}`;
}

/** "Monday 7 December" (for screen readers). */
export function longDay(date: LocalDate): string {
  return `${WEEKDAY_NAMES[weekdayOf(date)]} ${date.day} ${MONTH_NAMES[date.month - 1]}`;
}

/** "Mon 7 Dec, 09:00 CET" in `timeZone` (the year when it is not `now`'s). */
export function formatZonedMoment(iso: string, timeZone: string, now = Date.now()): string {
  const instant = Date.parse(iso);
  if (Number.isNaN(instant)) return iso;
  const date = localDate(timeZone, instant);
  const year = date.year !== localDate(timeZone, now).year ? ` ${date.year}` : '';
  return `${shortDay(date)}${year}, ${formatClock(instant, timeZone)} ${zoneName(instant, timeZone)}`;
}
