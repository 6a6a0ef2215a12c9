import type { OnCallShift } from '@hyperion/contracts';

/** RFC 5545 text escaping: backslash, semicolon, comma and newlines. */
function escapeText(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n/g, '\\n');
}

/** UTC date-time in iCalendar's basic format: 20261122T090000Z. */
function utc(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Folds a content line at 75 octets (continuation lines start with a space), never inside a character. */
function fold(line: string): string {
  const bytes = Buffer.from(line, 'utf8');
  if (bytes.length <= 75) return line;
  const parts: string[] = [];
  let current = '';
  let size = 0;
  let limit = 75;
  for (const char of line) {
    const n = Buffer.byteLength(char);
    if (size + n > limit) {
      parts.push(current);
      current = '';
      size = 0;
      limit = 74; // the leading space of a continuation line counts
    }
    current += char;
    size += n;
  }
  parts.push(current);
  return parts.join('\r\n ');
}

/**
 * A VCALENDAR of on-call shifts: one VEVENT per shift with a UID stable for that shift, times in
 * UTC, "On call: <name>" (+ " (override)"), CRLF line ends and folded lines.
 */
export function toICalendar(
  calendarId: string,
  calendarName: string,
  shifts: readonly OnCallShift[],
  now: Date = new Date(),
): string {
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Hyperion//On call//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${escapeText(calendarName)}`,
  ];
  for (const shift of shifts) {
    const override = shift.source === 'override' || shift.source.endsWith(': override');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${calendarId}-${shift.contactId}-${utc(shift.start)}@hyperion`,
      `DTSTAMP:${utc(now)}`,
      `DTSTART:${utc(shift.start)}`,
      `DTEND:${utc(shift.end)}`,
      `SUMMARY:${escapeText(`On call: ${shift.contactName}${override ? ' (override)' : ''}`)}`,
      `DESCRIPTION:${escapeText(`${shift.contactName} is on call (${shift.source}).`)}`,
      'TRANSP:TRANSPARENT',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
