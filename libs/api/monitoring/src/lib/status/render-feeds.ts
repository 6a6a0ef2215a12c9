import { STATUS_PAGE_INCIDENT_STATUS_LABELS, STATUS_PUBLIC_ROUTES } from '@hyperion/contracts';

import { escapeHtml, utcText } from './html';
import { PublicMaintenance, PublicStatusModel } from './public-status-model';

/** Entries of the Atom feed, newest first. */
export const FEED_ENTRIES_MAX = 50;

/** Characters XML 1.0 cannot carry at all (an escaped one still breaks every reader). */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function xml(text: string): string {
  return escapeHtml(text.replace(NOT_XML, ''));
}

/** What a window affects and how it repeats, in words (feed entries, calendar events, emails). */
export function maintenanceSummary(
  m: Pick<PublicMaintenance, 'description' | 'recurrence' | 'affects'>,
  names: ReadonlyMap<string, string>,
): string {
  const affected = m.affects.map((id) => names.get(id)).filter((n): n is string => !!n);
  return [
    m.recurrence ? `Repeats ${m.recurrence} (UTC).` : '',
    affected.length ? `Affects: ${affected.join(', ')}.` : '',
    m.description,
  ]
    .filter((line) => line !== '')
    .join('\n');
}

function componentNames(model: PublicStatusModel): Map<string, string> {
  return new Map(model.groups.flatMap((g) => g.components.map((c) => [c.targetId, c.name])));
}

interface Entry {
  id: string;
  title: string;
  updated: string;
  content: string;
}

/**
 * `GET /status/<slug>/feed.atom`: every public incident update and every maintenance window of
 * the page, newest first. `pageUrl` is the page's public address when set, else its path.
 */
export function renderAtomFeed(model: PublicStatusModel): string {
  const pageUrl = model.publicUrl ?? STATUS_PUBLIC_ROUTES.page(model.slug);
  const feedUrl = model.publicUrl
    ? `${model.publicUrl.replace(/\/+$/, '')}/feed.atom`
    : STATUS_PUBLIC_ROUTES.feed(model.slug);
  const names = componentNames(model);
  const entries: Entry[] = [
    ...model.incidents.flatMap((i) =>
      i.updates.map((u) => ({
        id: u.id,
        title: `${i.title}: ${STATUS_PAGE_INCIDENT_STATUS_LABELS[u.status]}`,
        updated: u.createdAt,
        content: u.message,
      })),
    ),
    ...model.maintenance.map((m) => ({
      id: m.id,
      title: `Maintenance: ${m.title}`,
      updated: m.updatedAt,
      content: [
        `Scheduled ${utcText(m.startsAt)} for ${m.durationMinutes} minutes.`,
        maintenanceSummary(m, names),
      ]
        .filter((line) => line !== '')
        .join('\n'),
    })),
  ]
    .sort((a, b) => b.updated.localeCompare(a.updated))
    .slice(0, FEED_ENTRIES_MAX);
  const updated = entries[0]?.updated ?? model.builtAt;
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom">',
    `<id>urn:uuid:${model.pageId}</id>`,
    `<title>${xml(`${model.name} status`)}</title>`,
    `<updated>${new Date(updated).toISOString()}</updated>`,
    `<link rel="alternate" type="text/html" href="${xml(pageUrl)}"/>`,
    `<link rel="self" type="application/atom+xml" href="${xml(feedUrl)}"/>`,
    `<author><name>${xml(model.name)}</name></author>`,
    ...entries.map((e) =>
      [
        '<entry>',
        `<id>urn:uuid:${e.id}</id>`,
        `<title>${xml(e.title)}</title>`,
        `<updated>${new Date(e.updated).toISOString()}</updated>`,
        `<link rel="alternate" type="text/html" href="${xml(pageUrl)}"/>`,
        `<content type="text">${xml(e.content)}</content>`,
        '</entry>',
      ].join('\n'),
    ),
    '</feed>',
    '',
  ].join('\n');
}

/** RFC 5545 text: backslash, semicolon, comma and line breaks escaped; control characters dropped. */
function icalText(text: string): string {
  return text
    .replace(NOT_XML, '')
    .replace(/\\/g, '\\\\')
    .replace(/;/g, '\\;')
    .replace(/,/g, '\\,')
    .replace(/\r?\n|\r/g, '\\n');
}

/** UTC date-time in iCalendar's basic format: 20261122T090000Z. */
function icalTime(iso: string | Date): string {
  const d = typeof iso === 'string' ? new Date(iso) : iso;
  return d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}/, '');
}

/** Folds a content line at 75 octets (continuation lines start with a space), never inside a character. */
function fold(line: string): string {
  if (Buffer.byteLength(line, 'utf8') <= 75) return line;
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
 * `GET /status/<slug>/calendar.ics`: one VEVENT per maintenance window of the page, repeating
 * ones with their RRULE (times in UTC, as the rule is evaluated), CRLF line ends, folded lines.
 */
export function renderCalendar(model: PublicStatusModel): string {
  const names = componentNames(model);
  const lines = [
    'BEGIN:VCALENDAR',
    'VERSION:2.0',
    'PRODID:-//Hyperion//Status page//EN',
    'CALSCALE:GREGORIAN',
    'METHOD:PUBLISH',
    `X-WR-CALNAME:${icalText(`${model.name} maintenance`)}`,
  ];
  for (const m of model.maintenance) {
    const start = new Date(m.startsAt);
    const end = new Date(start.getTime() + m.durationMinutes * 60_000);
    const description = maintenanceSummary(m, names);
    lines.push(
      'BEGIN:VEVENT',
      `UID:${m.id}@hyperion`,
      `DTSTAMP:${icalTime(m.updatedAt)}`,
      `CREATED:${icalTime(m.createdAt)}`,
      `LAST-MODIFIED:${icalTime(m.updatedAt)}`,
      `DTSTART:${icalTime(start)}`,
      `DTEND:${icalTime(end)}`,
      ...(m.rrule ? [`RRULE:${m.rrule}`] : []),
      `SUMMARY:${icalText(m.title)}`,
      ...(description ? [`DESCRIPTION:${icalText(description)}`] : []),
      'TRANSP:OPAQUE',
      'END:VEVENT',
    );
  }
  lines.push('END:VCALENDAR');
  return `${lines.map(fold).join('\r\n')}\r\n`;
}
