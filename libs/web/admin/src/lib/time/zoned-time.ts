/**
 * Times as the administration pages show them: always with their zone, so a time on screen can be
 * compared with the UTC of a CSV export or a server log ("2026-11-22 06:41:03 CET").
 */

export interface ZoneOptions {
  /** Show the time in UTC instead of the zone of the browser. */
  readonly utc?: boolean;
  /** An IANA zone instead of the browser's (specs pin it; the pages leave it out). */
  readonly timeZone?: string;
}

const zoneOf = (options: ZoneOptions): string | undefined =>
  options.utc ? 'UTC' : options.timeZone;

/** "GMT+1", "UTC-05:00" ...: an offset, not a name people know. */
const OFFSET_NAME = /^(GMT|UTC)[+\-\u2212]/;

/**
 * The short name of the zone at that instant: "CET" / "CEST" (Europe), "EST" (America), "UTC";
 * the offset ("GMT+9") where no common abbreviation exists. British English names European
 * zones, American English names American ones: the first that is a name wins.
 */
export function zoneAbbreviation(date: Date, options: ZoneOptions = {}): string {
  const timeZone = zoneOf(options);
  const names = ['en-GB', 'en-US'].map(
    (locale) =>
      new Intl.DateTimeFormat(locale, { timeZone, timeZoneName: 'short' })
        .formatToParts(date)
        .find((part) => part.type === 'timeZoneName')?.value ?? '',
  );
  return names.find((name) => name !== '' && !OFFSET_NAME.test(name)) ?? names[0];
}

interface Fields {
  year: string;
  month: string;
  day: string;
  hour: string;
  minute: string;
  second: string;
}

function fieldsOf(date: Date, options: ZoneOptions): Fields {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: zoneOf(options),
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(date);
  const value = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((part) => part.type === type)?.value ?? '';
  return {
    year: value('year'),
    month: value('month'),
    day: value('day'),
    hour: value('hour'),
    minute: value('minute'),
    second: value('second'),
  };
}

const parse = (iso: string): Date | null => {
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? null : date;
};

/** "2026-11-22 06:41:03 CET" (or "2026-11-22 05:41:03 UTC"); the input as is if unreadable. */
export function formatZonedTime(iso: string, options: ZoneOptions = {}): string {
  const date = parse(iso);
  if (!date) {
    return iso;
  }
  const f = fieldsOf(date, options);
  return `${f.year}-${f.month}-${f.day} ${f.hour}:${f.minute}:${f.second} ${zoneAbbreviation(date, options)}`;
}

/**
 * The "Locked until" badge of a member: "Locked until 06:56 (CET)", with the date when the lock
 * ends on another day ("Locked until 2026-11-23 06:56 (CET)"); null when the account is not
 * locked (no lock, or one that has ended by `now`).
 */
export function lockedUntilLabel(
  lockedUntil: string | null,
  now: Date,
  options: ZoneOptions = {},
): string | null {
  const until = lockedUntil === null ? null : parse(lockedUntil);
  if (!until || until.getTime() <= now.getTime()) {
    return null;
  }
  const end = fieldsOf(until, options);
  const today = fieldsOf(now, options);
  const sameDay = end.year === today.year && end.month === today.month && end.day === today.day;
  const day = sameDay ? '' : `${end.year}-${end.month}-${end.day} `;
  return `Locked until ${day}${end.hour}:${end.minute} (${zoneAbbreviation(until, options)})`;
}

/**
 * The value of a `datetime-local` input showing that instant ("2026-11-22T06:41"), in the
 * browser's zone or in UTC; '' for no instant.
 */
export function toDateTimeInput(iso: string, options: ZoneOptions = {}): string {
  const date = iso === '' ? null : parse(iso);
  if (!date) {
    return '';
  }
  const f = fieldsOf(date, options);
  return `${f.year}-${f.month}-${f.day}T${f.hour}:${f.minute}`;
}

/**
 * The instant a `datetime-local` input's value names (ISO 8601, UTC), read in the browser's zone
 * or in UTC; '' for an empty or unreadable value. (Only the browser's zone or UTC: the inputs of
 * the pages never use another.)
 */
export function fromDateTimeInput(value: string, utc: boolean): string {
  const local = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/.exec(value.trim());
  if (!local) {
    return '';
  }
  const date = new Date(utc ? `${local[0]}Z` : local[0]);
  return Number.isNaN(date.getTime()) ? '' : date.toISOString();
}
