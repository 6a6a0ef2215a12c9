import { BadRequestException } from '@nestjs/common';

/**
 * Small checks shared by the ingest parsers. Every failure is a 400 whose message starts with the
 * field's path (`payload.summary: …`), never anything else, whatever JSON comes in.
 */
export function fail(field: string, problem: string): never {
  throw new BadRequestException(`${field}: ${problem}`);
}

/** A JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An own property only: `constructor` or `__proto__` in a body are data, not the prototype's. */
export function own(record: Record<string, unknown>, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(record, key) ? record[key] : undefined;
}

/** Length in characters (code points), as PostgreSQL counts them for varchar(n). */
export function charLength(value: string): number {
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    // A high surrogate followed by a low one is one character.
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < value.length) {
      const d = value.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The first `max` characters, never splitting a surrogate pair. */
export function cut(value: string, max: number): string {
  if (value.length <= max) return value;
  let end = 0;
  let n = 0;
  while (end < value.length && n < max) {
    const c = value.charCodeAt(end);
    end += c >= 0xd800 && c <= 0xdbff && end + 1 < value.length ? 2 : 1;
    n++;
  }
  return value.slice(0, end);
}

/** PostgreSQL refuses NUL in text and jsonb: it would turn into a 500 at the database. */
export function hasNul(value: string): boolean {
  return value.includes('\u0000');
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** No control characters (for keys and names). */
export function isPrintable(value: string): boolean {
  return !CONTROL.test(value);
}

/** A string of 1 to `max` characters (not only blanks), without NUL; else a 400. */
export function requiredText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.trim() === '' || charLength(value) > max || hasNul(value))
    fail(field, `required, 1 to ${max} characters`);
  return value;
}

/** Absent, or a string of at most `max` characters without NUL ('' counts as absent). */
export function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === undefined) return null;
  if (typeof value !== 'string' || charLength(value) > max || hasNul(value))
    fail(field, `must be a string of at most ${max} characters`);
  return value === '' ? null : value;
}

/** An absolute http(s) URL, or null. */
export function httpUrl(value: string): URL | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
}

const ISO_8601 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?([Zz]|[+-]\d{2}(?::?\d{2})?)?$/;

/**
 * An ISO 8601 / RFC 3339 date-time (`2025-01-05T10:30:00Z`, `…+0100`, fractions); without an
 * offset it is UTC. Impossible dates (February 30, 25:00) are refused rather than rolled over.
 */
export function parseIsoDate(value: unknown): Date | null {
  if (typeof value !== 'string' || value.length > 64) return null;
  const m = ISO_8601.exec(value);
  if (!m) return null;
  const [year, month, day, hour, minute, second] = [m[1], m[2], m[3], m[4], m[5], m[6] ?? '0'].map(
    Number,
  );
  const fraction = m[7] ? Number(`0.${m[7]}`) : 0;
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return null;
  // Date.UTC reads years 0 to 99 as 1900 to 1999: set the full year apart.
  const check = new Date(Date.UTC(2000, 0, 1, hour, minute, second));
  check.setUTCFullYear(year, month - 1, day);
  if (check.getUTCDate() !== day || check.getUTCMonth() !== month - 1) return null;
  const wall = check.getTime();
  let offset = 0;
  const zone = m[8];
  if (zone && zone !== 'Z' && zone !== 'z') {
    const digits = zone.slice(1).replace(':', '');
    const hours = Number(digits.slice(0, 2));
    const minutes = digits.length > 2 ? Number(digits.slice(2)) : 0;
    if (hours > 23 || minutes > 59) return null;
    offset = (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes) * 60_000;
  }
  const instant = wall - offset + Math.round(fraction * 1000);
  // Year 0001 dates and the like are fine for Date; PostgreSQL takes them too.
  return Number.isFinite(instant) ? new Date(instant) : null;
}
