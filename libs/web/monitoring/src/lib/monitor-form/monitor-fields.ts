import type { MonitorKind, MonitorSummary, MonitorTarget } from '@hyperion/contracts';
import { DNS_RECORD_TYPES, MONITOR_RULES } from '@hyperion/contracts';

/** The form's controls of a target (the redis URL has its own: `url` is also http's). */
export type TargetControl =
  | 'url'
  | 'method'
  | 'acceptedStatuses'
  | 'keyword'
  | 'jsonPath'
  | 'jsonEquals'
  | 'ignoreTls'
  | 'certificateMinDays'
  | 'host'
  | 'port'
  | 'connectionString'
  | 'redisUrl'
  | 'hostname'
  | 'recordType'
  | 'server'
  | 'expected'
  | 'path'
  | 'maxUsedPercent'
  | 'pattern';

/** A field of a target: how it is asked for, and the checks the API makes too. */
export interface TargetField {
  readonly control: TargetControl;
  /** Its name in the API's target (and in its 400 messages: `target.<field>: …`). */
  readonly field: string;
  readonly label: string;
  readonly hint: string;
  readonly type: 'text' | 'number' | 'select' | 'checkbox' | 'secret';
  readonly required?: boolean;
  readonly options?: readonly string[];
  readonly min?: number;
  readonly max?: number;
  readonly maxLength?: number;
  readonly pattern?: RegExp;
  /** What a value failing `pattern` (or out of range) lacks, from the API's own words. */
  readonly problem?: string;
}

const urlField = (control: TargetControl, field: string, label: string, schemes: string) =>
  ({
    control,
    field,
    label,
    type: control === 'url' ? 'text' : 'secret',
    required: true,
    maxLength: MONITOR_RULES.urlMaxLength,
    pattern: new RegExp(`^(${schemes})://[^\\s/]+`, 'i'),
    problem: `a URL (${schemes
      .split('|')
      .map((s) => `${s}://`)
      .join(' or ')}…)`,
  }) as const;

const hostField = (label: string): Omit<TargetField, 'control' | 'field' | 'hint'> => ({
  label,
  type: 'text',
  required: true,
  maxLength: MONITOR_RULES.hostMaxLength,
  pattern: /^[^\s/]+$/,
  problem: 'a host name or an IP address',
});

/** Every kind's target fields, as the contracts' target types and MONITOR_RULES describe them. */
export const TARGET_FIELDS: Readonly<Record<MonitorKind, readonly TargetField[]>> = {
  http: [
    { ...urlField('url', 'url', 'URL', 'http|https'), hint: 'https://shop.example.com/health' },
    {
      control: 'method',
      field: 'method',
      label: 'Method',
      hint: 'GET unless the endpoint wants HEAD or POST',
      type: 'select',
      options: ['GET', 'HEAD', 'POST'],
    },
    {
      control: 'acceptedStatuses',
      field: 'acceptedStatuses',
      label: 'Accepted statuses',
      hint: 'Comma-separated statuses or ranges, e.g. "200-299, 301"; 200–399 when empty',
      type: 'text',
      pattern: /^\s*[1-5]\d\d(-[1-5]\d\d)?\s*(,\s*[1-5]\d\d(-[1-5]\d\d)?\s*){0,9}$/,
      problem: 'up to 10 statuses or ranges, e.g. "200-299, 301"',
    },
    {
      control: 'keyword',
      field: 'keyword',
      label: 'Keyword',
      hint: 'The body must contain this text',
      type: 'text',
      maxLength: MONITOR_RULES.keywordMaxLength,
    },
    {
      control: 'jsonPath',
      field: 'jsonPath',
      label: 'JSON path',
      hint: 'With "JSON value": a dotted path, e.g. status.db or items.0.state',
      type: 'text',
      maxLength: MONITOR_RULES.keywordMaxLength,
      pattern: /^[A-Za-z0-9_$-]+(\.[A-Za-z0-9_$-]+){0,19}$/,
      problem: 'dotted names or indexes, e.g. "status.db" or "items.0.state"',
    },
    {
      control: 'jsonEquals',
      field: 'jsonEquals',
      label: 'JSON value',
      hint: 'The value found at the JSON path must equal this',
      type: 'text',
      maxLength: MONITOR_RULES.keywordMaxLength,
    },
    {
      control: 'certificateMinDays',
      field: 'certificateMinDays',
      label: 'Certificate days left (minimum)',
      hint: 'HTTPS: DOWN when the certificate has fewer days left',
      type: 'number',
      min: 0,
      max: MONITOR_RULES.certificateMinDaysMax,
    },
    {
      control: 'ignoreTls',
      field: 'ignoreTls',
      label: 'Accept an invalid or self-signed certificate',
      hint: 'Its days left are still reported',
      type: 'checkbox',
    },
  ],
  tcp: [
    { control: 'host', field: 'host', hint: 'db.internal or 10.0.0.5', ...hostField('Host') },
    {
      control: 'port',
      field: 'port',
      label: 'Port',
      hint: `${MONITOR_RULES.portMin} to ${MONITOR_RULES.portMax}`,
      type: 'number',
      required: true,
      min: MONITOR_RULES.portMin,
      max: MONITOR_RULES.portMax,
    },
  ],
  postgres: [
    {
      ...urlField(
        'connectionString',
        'connectionString',
        'Connection string',
        'postgres|postgresql',
      ),
      hint: 'postgres://user:password@host:5432/database (sealed when stored, never shown again)',
    },
  ],
  redis: [
    {
      ...urlField('redisUrl', 'url', 'Redis URL', 'redis|rediss'),
      hint: 'redis://:password@host:6379/0 (sealed when stored, never shown again)',
    },
  ],
  dns: [
    { control: 'hostname', field: 'hostname', hint: 'example.com', ...hostField('Host name') },
    {
      control: 'recordType',
      field: 'recordType',
      label: 'Record type',
      hint: 'A unless another record matters',
      type: 'select',
      options: DNS_RECORD_TYPES,
    },
    {
      control: 'server',
      field: 'server',
      label: 'DNS server',
      hint: '"host" or "host:port"; the system’s resolvers when empty',
      type: 'text',
      maxLength: MONITOR_RULES.hostMaxLength + 6,
      pattern: /^[^\s/]+$/,
      problem: 'a DNS server as "host" or "host:port"',
    },
    {
      control: 'expected',
      field: 'expected',
      label: 'Expected answer',
      hint: 'One of the answers must equal this',
      type: 'text',
      maxLength: MONITOR_RULES.keywordMaxLength,
    },
  ],
  ping: [{ control: 'host', field: 'host', hint: 'router.lan or 10.0.0.1', ...hostField('Host') }],
  disk: [
    {
      control: 'path',
      field: 'path',
      label: 'Path',
      hint: 'An absolute path on the Hyperion host, e.g. /var/lib/postgresql',
      type: 'text',
      required: true,
      maxLength: MONITOR_RULES.pathMaxLength,
      pattern: /^\//,
      problem: 'an absolute path on the Hyperion host',
    },
    {
      control: 'maxUsedPercent',
      field: 'maxUsedPercent',
      label: 'DOWN at % used',
      hint: '90 when empty',
      type: 'number',
      min: MONITOR_RULES.maxUsedPercentMin,
      max: MONITOR_RULES.maxUsedPercentMax,
    },
  ],
  log: [
    {
      control: 'path',
      field: 'path',
      label: 'Log file',
      hint: 'An absolute path on the Hyperion host, e.g. /var/log/app/error.log',
      type: 'text',
      required: true,
      maxLength: MONITOR_RULES.pathMaxLength,
      pattern: /^\//,
      problem: 'an absolute path on the Hyperion host',
    },
    {
      control: 'pattern',
      field: 'pattern',
      label: 'Pattern',
      hint: 'A regular expression; \\bERROR\\b when empty',
      type: 'text',
      maxLength: MONITOR_RULES.patternMaxLength,
    },
  ],
  push: [],
};

/** Texts matched as typed: their spaces may matter ("Status: OK"). */
const KEEP_SPACES = new Set<TargetControl>(['keyword', 'jsonEquals', 'expected', 'pattern']);

/** The secret fields: masked by the API, kept unless retyped. */
export const isSecret = (field: TargetField) => field.type === 'secret';

/** The form's values of a target, as text (numbers and lists too) and one boolean. */
export type TargetValues = Record<Exclude<TargetControl, 'ignoreTls'>, string> & {
  ignoreTls: boolean;
};

/** A stored target in the form's controls (a secret left empty: it is kept unless retyped). */
export function targetValues(
  monitor: Pick<MonitorSummary, 'kind' | 'target'>,
): Partial<TargetValues> {
  const target = monitor.target as Record<string, unknown>;
  const values: Partial<TargetValues> = {};
  for (const field of TARGET_FIELDS[monitor.kind]) {
    const value = target[field.field];
    if (isSecret(field) || value === undefined || value === null) continue;
    if (field.control === 'ignoreTls') values.ignoreTls = value === true;
    else if (Array.isArray(value)) values[field.control] = value.join(', ');
    else values[field.control] = String(value);
  }
  return values;
}

/**
 * The target the API is sent: empty optional fields left out (it refuses null), numbers as
 * numbers, statuses as a list. Null when a secret-only target (postgres, redis) was not retyped:
 * the stored one stays.
 */
export function buildTarget(
  kind: MonitorKind,
  values: Partial<TargetValues>,
): MonitorTarget | null {
  const target: Record<string, unknown> = {};
  for (const field of TARGET_FIELDS[kind]) {
    if (field.control === 'ignoreTls') {
      if (values.ignoreTls) target[field.field] = true;
      continue;
    }
    const text = (values[field.control] ?? '').trim();
    if (text === '') {
      if (isSecret(field)) return null;
      continue;
    }
    if (field.type === 'number') target[field.field] = Number(text);
    else if (field.control === 'acceptedStatuses') {
      target[field.field] = text.split(',').map((part) => part.trim());
    } else target[field.field] = KEEP_SPACES.has(field.control) ? values[field.control] : text;
  }
  return target as MonitorTarget;
}

/**
 * Where a message of a refused save goes: `target.port: …` to the kind's port control (the redis
 * URL's `target.url` to its own), `intervalSeconds: …` to the interval, a 409 for the name (a
 * duplicate) to the name; null leaves it for the banner. For `applyApiErrors`.
 */
export function savedControl(
  kind: MonitorKind,
  field: string | null,
  message: string,
  status: number,
): string | null {
  if (field === null) return status === 409 && /named/.test(message) ? 'name' : null;
  const target = /^target\.(.+)$/.exec(field);
  if (!target) return field;
  const control = TARGET_FIELDS[kind].find((f) => f.field === target[1])?.control;
  return control ? `target.${control}` : null;
}
