/**
 * Times with their zone, as the audit page shows them ("2026-11-22 06:41:03 CET"). A copy of
 * libs/web/admin's `formatZonedTime` (not exported there); both belong in libs/web/util.
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

/** "CET" / "CEST", "EST", "UTC"; the offset ("GMT+9") where no common name exists. */
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

/** "2026-11-22 06:41:03 CET" (or "... UTC"); the input as is if unreadable. */
export function formatZonedTime(iso: string, options: ZoneOptions = {}): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) {
    return iso;
  }
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
  const v = (type: Intl.DateTimeFormatPartTypes) =>
    parts.find((part) => part.type === type)?.value ?? '';
  return `${v('year')}-${v('month')}-${v('day')} ${v('hour')}:${v('minute')}:${v('second')} ${zoneAbbreviation(date, options)}`;
}
