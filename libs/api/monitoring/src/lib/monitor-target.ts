import type { MonitorKind } from '@hyperion/contracts';
import { DNS_RECORD_TYPES, MONITOR_RULES } from '@hyperion/contracts';
import { BadRequestException } from '@nestjs/common';
import { isAbsolute } from 'node:path';

/** A target split into what may be shown and stored as is, and the secret sealed apart. */
export interface CheckedTarget {
  target: Record<string, unknown>;
  /** The connection string or URL holding a password (postgres, redis), else null. */
  secret: string | null;
}

const HOST =
  /^(?:[A-Za-z0-9](?:[A-Za-z0-9_-]{0,62})(?:\.[A-Za-z0-9_-]{1,63})*\.?|\[[0-9A-Fa-f:.]+\]|[0-9A-Fa-f:.]+)$/;
const STATUS_RANGE = /^([1-5]\d\d)(?:-([1-5]\d\d))?$/;
const JSON_PATH = /^[A-Za-z0-9_$-]+(?:\.[A-Za-z0-9_$-]+){0,19}$/;
/** A group with a quantifier inside, itself quantified: `(a+)+`, `(\w*)*`, `(x{2,})+` … */
const NESTED_QUANTIFIER = /\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)[+*{]/;

const bad = (field: string, hint: string) => new BadRequestException(`target.${field}: ${hint}`);

function onlyKeys(raw: Record<string, unknown>, allowed: readonly string[]): void {
  for (const key of Object.keys(raw)) {
    if (!allowed.includes(key)) throw bad(key, `not a field of this kind of monitor`);
  }
}

function text(raw: Record<string, unknown>, field: string, max: number, required: true): string;
function text(
  raw: Record<string, unknown>,
  field: string,
  max: number,
  required?: false,
): string | undefined;
function text(
  raw: Record<string, unknown>,
  field: string,
  max: number,
  required = false,
): string | undefined {
  const value = raw[field];
  if (value === undefined || value === null) {
    if (required) throw bad(field, 'required');
    return undefined;
  }
  if (typeof value !== 'string' || value.length === 0 || value.length > max) {
    throw bad(field, `a text of 1 to ${max} characters`);
  }
  if ([...value].some((c) => c.charCodeAt(0) < 0x20)) {
    throw bad(field, 'must not hold control characters');
  }
  return value;
}

function integer(
  raw: Record<string, unknown>,
  field: string,
  min: number,
  max: number,
): number | undefined {
  const value = raw[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw bad(field, `a whole number from ${min} to ${max}`);
  }
  return value;
}

function bool(raw: Record<string, unknown>, field: string): boolean | undefined {
  const value = raw[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw bad(field, 'true or false');
  return value;
}

function host(raw: Record<string, unknown>, field: string): string {
  const value = text(raw, field, MONITOR_RULES.hostMaxLength, true);
  if (!HOST.test(value)) throw bad(field, 'a host name or an IP address');
  return value;
}

function url(raw: Record<string, unknown>, field: string, protocols: readonly string[]): URL {
  const value = text(raw, field, MONITOR_RULES.urlMaxLength, true);
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    throw bad(field, `a URL (${protocols.map((p) => `${p}//`).join(' or ')}…)`);
  }
  if (!protocols.includes(parsed.protocol) || !parsed.hostname) {
    throw bad(field, `a URL (${protocols.map((p) => `${p}//`).join(' or ')}…)`);
  }
  return parsed;
}

function absolutePath(raw: Record<string, unknown>): string {
  const value = text(raw, 'path', MONITOR_RULES.pathMaxLength, true);
  if (!isAbsolute(value)) throw bad('path', 'an absolute path on the Hyperion host');
  return value;
}

/** Drops the keys left undefined (what is stored is what was given). */
function defined(fields: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== undefined));
}

/**
 * Validates a monitor's target for its kind: 400 naming the first bad field (`target.url: …`),
 * unknown fields refused. Passwords (a PostgreSQL connection string, a Redis URL) come back as
 * the secret, sealed apart by the caller.
 */
export function checkTarget(kind: MonitorKind, value: unknown): CheckedTarget {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new BadRequestException('target: an object with the fields of the monitor kind');
  }
  const raw = value as Record<string, unknown>;
  switch (kind) {
    case 'http': {
      onlyKeys(raw, [
        'url',
        'method',
        'acceptedStatuses',
        'keyword',
        'jsonPath',
        'jsonEquals',
        'ignoreTls',
        'certificateMinDays',
      ]);
      const target = url(raw, 'url', ['http:', 'https:']);
      const method = raw['method'];
      if (method !== undefined && !['GET', 'HEAD', 'POST'].includes(method as string)) {
        throw bad('method', 'GET, HEAD or POST');
      }
      const statuses = raw['acceptedStatuses'];
      if (statuses !== undefined) {
        if (!Array.isArray(statuses) || statuses.length === 0 || statuses.length > 10) {
          throw bad('acceptedStatuses', 'a list of 1 to 10 statuses or ranges ("200-299")');
        }
        for (const s of statuses) {
          const m = typeof s === 'string' ? STATUS_RANGE.exec(s) : null;
          if (!m || (m[2] !== undefined && Number(m[2]) < Number(m[1]))) {
            throw bad('acceptedStatuses', `"${String(s)}" is not a status or a range ("200-299")`);
          }
        }
      }
      const jsonPath = text(raw, 'jsonPath', MONITOR_RULES.keywordMaxLength);
      const jsonEquals = text(raw, 'jsonEquals', MONITOR_RULES.keywordMaxLength);
      if (jsonPath !== undefined && !JSON_PATH.test(jsonPath)) {
        throw bad('jsonPath', 'dotted names or indexes, e.g. "status.db" or "items.0.state"');
      }
      if ((jsonPath === undefined) !== (jsonEquals === undefined)) {
        throw bad(
          jsonPath === undefined ? 'jsonPath' : 'jsonEquals',
          'jsonPath and jsonEquals go together',
        );
      }
      return {
        target: defined({
          url: target.toString(),
          method,
          acceptedStatuses: statuses,
          keyword: text(raw, 'keyword', MONITOR_RULES.keywordMaxLength),
          jsonPath,
          jsonEquals,
          ignoreTls: bool(raw, 'ignoreTls'),
          certificateMinDays: integer(
            raw,
            'certificateMinDays',
            0,
            MONITOR_RULES.certificateMinDaysMax,
          ),
        }),
        secret: null,
      };
    }
    case 'tcp':
      onlyKeys(raw, ['host', 'port']);
      if (raw['port'] === undefined) throw bad('port', 'required');
      return {
        target: {
          host: host(raw, 'host'),
          port: integer(raw, 'port', MONITOR_RULES.portMin, MONITOR_RULES.portMax),
        },
        secret: null,
      };
    case 'ping':
      onlyKeys(raw, ['host']);
      return { target: { host: host(raw, 'host') }, secret: null };
    case 'postgres': {
      onlyKeys(raw, ['connectionString']);
      const parsed = url(raw, 'connectionString', ['postgres:', 'postgresql:']);
      return { target: { connectionString: masked(parsed) }, secret: parsed.toString() };
    }
    case 'redis': {
      onlyKeys(raw, ['url']);
      const parsed = url(raw, 'url', ['redis:', 'rediss:']);
      return { target: { url: masked(parsed) }, secret: parsed.toString() };
    }
    case 'dns': {
      onlyKeys(raw, ['hostname', 'recordType', 'server', 'expected']);
      const recordType = raw['recordType'];
      if (recordType !== undefined && !DNS_RECORD_TYPES.includes(recordType as never)) {
        throw bad('recordType', `one of ${DNS_RECORD_TYPES.join(', ')}`);
      }
      const server = text(raw, 'server', MONITOR_RULES.hostMaxLength + 6);
      if (server !== undefined) {
        const m = /^(.+?)(?::(\d{1,5}))?$/.exec(server);
        if (
          !m ||
          !HOST.test(m[1]) ||
          (m[2] !== undefined && (Number(m[2]) < 1 || Number(m[2]) > 65535))
        ) {
          throw bad('server', 'a DNS server as "host" or "host:port"');
        }
      }
      return {
        target: defined({
          hostname: host(raw, 'hostname'),
          recordType,
          server,
          expected: text(raw, 'expected', MONITOR_RULES.keywordMaxLength),
        }),
        secret: null,
      };
    }
    case 'disk':
      onlyKeys(raw, ['path', 'maxUsedPercent']);
      return {
        target: defined({
          path: absolutePath(raw),
          maxUsedPercent: integer(
            raw,
            'maxUsedPercent',
            MONITOR_RULES.maxUsedPercentMin,
            MONITOR_RULES.maxUsedPercentMax,
          ),
        }),
        secret: null,
      };
    case 'log': {
      onlyKeys(raw, ['path', 'pattern']);
      const pattern = text(raw, 'pattern', MONITOR_RULES.patternMaxLength);
      if (pattern !== undefined) {
        try {
          new RegExp(pattern);
        } catch (error) {
          throw bad('pattern', `not a regular expression (${(error as Error).message})`);
        }
        // Log lines are matched on the event loop: a pattern that can backtrack without end
        // would stall every request, so nested quantifiers are refused.
        if (NESTED_QUANTIFIER.test(pattern)) {
          throw bad('pattern', 'a quantified group must not hold a quantifier ("(a+)+")');
        }
      }
      return { target: defined({ path: absolutePath(raw), pattern }), secret: null };
    }
    case 'push':
      onlyKeys(raw, []);
      return { target: {}, secret: null };
  }
}

/** The associated data sealing a monitor's secret to that monitor (sealed and opened with it). */
export const secretContext = (id: string) => `monitor:${id}`;

/** A URL with its password hidden, as it is shown. */
export function masked(url: URL): string {
  const copy = new URL(url.toString());
  if (copy.password) copy.password = '****';
  return copy.toString();
}
