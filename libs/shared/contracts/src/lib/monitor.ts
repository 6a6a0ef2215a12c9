import type { Permission } from './permissions';

/**
 * What a dependency monitor checks (the monitoring document's checks, Uptime Kuma-style):
 * - `http`: an HTTP(S) URL answers with an accepted status (and holds a keyword, or a JSON value
 *   at a path); its latency and, over HTTPS, the days left on its certificate;
 * - `tcp`: a port accepts a connection;
 * - `postgres`: `SELECT 1` on a database;
 * - `redis`: `PING` answers `PONG`;
 * - `dns`: a name resolves (to an expected value, if given);
 * - `ping`: ICMP echo, where the host permits it;
 * - `disk`: a path's file system is used below a percentage;
 * - `log`: a log file gained no line matching a pattern (ERROR by default) since the last check,
 *   rotation-safe;
 * - `push`: the monitored job calls the monitor's push URL; no call within the interval → DOWN.
 */
export const MONITOR_KINDS = [
  'http',
  'tcp',
  'postgres',
  'redis',
  'dns',
  'ping',
  'disk',
  'log',
  'push',
] as const;
export type MonitorKind = (typeof MONITOR_KINDS)[number];

/**
 * The kinds whose latency is a response time (a request answered, a connection accepted, a
 * name resolved): only these take a response-time threshold. A push monitor measures nothing,
 * and a disk or log check's duration says nothing about a service's health.
 */
export const RESPONSE_TIME_KINDS = [
  'http',
  'tcp',
  'postgres',
  'redis',
  'dns',
  'ping',
] as const satisfies readonly MonitorKind[];

/** Whether a monitor of this kind takes a response-time threshold. */
export const hasResponseTime = (kind: MonitorKind): boolean =>
  (RESPONSE_TIME_KINDS as readonly MonitorKind[]).includes(kind);

export const DNS_RECORD_TYPES = ['A', 'AAAA', 'CNAME', 'MX', 'TXT', 'NS'] as const;
export type DnsRecordType = (typeof DNS_RECORD_TYPES)[number];

/** Where and how a monitor checks, by kind (`target` of a monitor). */
export interface HttpTarget {
  url: string;
  /** GET by default. */
  method?: 'GET' | 'HEAD' | 'POST';
  /** Accepted statuses, e.g. ["200-299", "301"]; 200–399 by default. */
  acceptedStatuses?: string[];
  /** The body must contain this text. */
  keyword?: string;
  /** With `jsonEquals`: a dotted path into the JSON body (`status.db`, `items.0.state`). */
  jsonPath?: string;
  jsonEquals?: string;
  /** Accept an invalid or self-signed certificate (its days left are still reported). */
  ignoreTls?: boolean;
  /** DOWN when the certificate has fewer days left than this (HTTPS only). */
  certificateMinDays?: number;
}
export interface TcpTarget {
  host: string;
  port: number;
}
export interface PostgresTarget {
  /** postgres://user:password@host:port/database (sealed at rest, never returned). */
  connectionString: string;
}
export interface RedisTarget {
  /** redis://[:password@]host:port[/db] (sealed at rest, never returned). */
  url: string;
}
export interface DnsTarget {
  hostname: string;
  recordType?: DnsRecordType;
  /** A DNS server to ask (`host` or `host:port`); the system's resolvers by default. */
  server?: string;
  /** One of the answers must equal this. */
  expected?: string;
}
export interface PingTarget {
  host: string;
}
export interface DiskTarget {
  path: string;
  /** DOWN at or above this percentage used (90 by default, as the procedures say). */
  maxUsedPercent?: number;
}
export interface LogTarget {
  path: string;
  /** A regular expression; `\bERROR\b` by default. */
  pattern?: string;
}
/** Nothing to set: the push URL is the monitor's own (`pushUrl`). */
export type PushTarget = Record<string, never>;

export type MonitorTarget =
  | HttpTarget
  | TcpTarget
  | PostgresTarget
  | RedisTarget
  | DnsTarget
  | PingTarget
  | DiskTarget
  | LogTarget
  | PushTarget;

/** A monitor's state: pending until its first verdict, paused while disabled. */
export const MONITOR_STATES = ['pending', 'up', 'down', 'paused'] as const;
export type MonitorState = (typeof MONITOR_STATES)[number];

/** A monitor of the active organisation, as the API returns it. */
export interface MonitorSummary {
  id: string;
  name: string;
  kind: MonitorKind;
  /** The target with its secrets masked (`connectionString`, `url` of redis: "****"). */
  target: MonitorTarget;
  intervalSeconds: number;
  timeoutSeconds: number;
  /** Failed checks in a row before the monitor is DOWN (0: the first failure). */
  retries: number;
  enabled: boolean;
  /** A service of the alerts issue whose alerts the monitor's DOWN raises. */
  serviceId: string | null;
  groupName: string | null;
  tags: string[];
  /**
   * An UP check slower than this (ms) counts as slow; `retries + 1` slow checks in a row raise a
   * warning alert. Null: off (and always for push, disk and log monitors).
   */
  responseTimeThresholdMs: number | null;
  state: MonitorState;
  /** Failed checks in a row so far. */
  failures: number;
  /** Slower than its threshold for `retries + 1` checks in a row, and not fast again since. */
  slow: boolean;
  /** ISO 8601, UTC; null before the first check. */
  lastCheckedAt: string | null;
  lastLatencyMs: number | null;
  lastMessage: string | null;
  /** ISO 8601, UTC: when the state last changed. */
  stateChangedAt: string;
  /** push monitors: the URL the monitored job calls (holds the monitor's secret token). */
  pushUrl: string | null;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC. */
  updatedAt: string;
}

export interface CreateMonitorRequest {
  name: string;
  kind: MonitorKind;
  target: MonitorTarget;
  intervalSeconds?: number;
  timeoutSeconds?: number;
  retries?: number;
  enabled?: boolean;
  serviceId?: string;
  groupName?: string;
  tags?: string[];
  /**
   * Alert when UP checks are slower than this (ms): 1 to the timeout. Absent: the default
   * (MONITOR_RULES.responseTimeThresholdDefault) for RESPONSE_TIME_KINDS, off for the others.
   * Refused for kinds without a response time.
   */
  responseTimeThresholdMs?: number;
  /**
   * Optional fields to start empty rather than with their default: `['responseTimeThresholdMs']`
   * creates the monitor with the response-time alert off (no request takes null).
   */
  clear?: MonitorCreateClearable[];
}

/** The optional fields an update can empty (`clear`); an empty threshold is off. */
export const MONITOR_CLEARABLE = ['serviceId', 'groupName', 'responseTimeThresholdMs'] as const;
export type MonitorClearable = (typeof MONITOR_CLEARABLE)[number];
/** The fields with a default that a create can start empty instead. */
export const MONITOR_CREATE_CLEARABLE = ['responseTimeThresholdMs'] as const;
export type MonitorCreateClearable = (typeof MONITOR_CREATE_CLEARABLE)[number];

/** Only the fields given change (the kind never does); `clear` empties optional ones. */
export interface UpdateMonitorRequest {
  name?: string;
  target?: MonitorTarget;
  intervalSeconds?: number;
  timeoutSeconds?: number;
  retries?: number;
  enabled?: boolean;
  serviceId?: string;
  groupName?: string;
  tags?: string[];
  /** 1 to the timeout in ms; `clear: ['responseTimeThresholdMs']` switches it off. */
  responseTimeThresholdMs?: number;
  clear?: MonitorClearable[];
}

/** One check's verdict, as stored. */
export interface MonitorResult {
  /** ISO 8601, UTC. */
  checkedAt: string;
  up: boolean;
  latencyMs: number | null;
  message: string;
}

/** The order of the monitors list: what needs someone first (down, pending, up, paused), or by name. */
export const MONITOR_LIST_SORTS = ['state', 'name'] as const;
export type MonitorListSort = (typeof MONITOR_LIST_SORTS)[number];

/**
 * `GET /api/v1/monitors?…`: one page, never every monitor at once (Uptime Kuma loads them all
 * and takes 45 s per click at 700). Every filter narrows; `q` looks in the name, the group and
 * where the monitor looks (URL, host, path).
 */
export interface MonitorListQuery {
  q?: string;
  state?: MonitorState;
  kind?: MonitorKind;
  /** The exact group name. */
  group?: string;
  /** Monitors carrying this tag. */
  tag?: string;
  /** `state` (down first; the default) or `name`. */
  sort?: MonitorListSort;
  /** 1 to MONITOR_RULES.listLimitMax; MONITOR_RULES.listLimitDefault by default. */
  limit?: number;
  offset?: number;
}

/** A row of the monitors list: the monitor and how its last 24 hours went. */
export interface MonitorListItem extends MonitorSummary {
  /** Share of UP checks over the last 24 h (0–100), null without checks. */
  uptimeDay: number | null;
  /**
   * Mean latency of each of the last 24 hours, oldest first (24 entries, the last one the
   * current hour); null for an hour without a measured check.
   */
  latencyByHour: (number | null)[];
  /** Share of UP checks of each of the same 24 hours (0–100), null for an hour without checks. */
  uptimeByHour: (number | null)[];
}

export interface MonitorListResponse {
  items: MonitorListItem[];
  /** Monitors matching every filter (the pages together). */
  total: number;
  /**
   * Monitors matching every filter but `state`, by state: what the state filter would find
   * ("3 Down · 1 Pending · 40 Up").
   */
  byState: Partial<Record<MonitorState, number>>;
}

/** Share of UP checks (0–100, null without checks) over the usual windows. */
export interface MonitorUptime {
  day: number | null;
  week: number | null;
  month: number | null;
  quarter: number | null;
}

/** One UTC day of a monitor's checks (the 90-day uptime bars). */
export interface MonitorDay {
  /** `YYYY-MM-DD`, UTC. */
  date: string;
  /** Share of UP checks that day (0–100). */
  uptime: number;
  checks: number;
}

/** Validation rules of monitors: the API's DTOs and the console's forms both use these. */
export const MONITOR_RULES = {
  nameMaxLength: 128,
  /** One line, without leading or trailing spaces. */
  namePattern: /^\S(?:.*\S)?$/,
  nameHint: '1 to 128 characters on one line, without leading or trailing spaces',
  intervalMin: 10,
  intervalMax: 86_400,
  intervalDefault: 60,
  timeoutMin: 1,
  timeoutMax: 120,
  timeoutDefault: 10,
  retriesMax: 10,
  retriesDefault: 1,
  /**
   * "Alert when slower than" (ms): the default of RESPONSE_TIME_KINDS, and its bounds. It also
   * has to be at most the timeout (a slower check times out: it fails, it is never slow).
   */
  responseTimeThresholdDefault: 2000,
  responseTimeThresholdMin: 1,
  responseTimeThresholdMax: 120_000,
  groupMaxLength: 64,
  tagsMax: 20,
  tagMaxLength: 32,
  tagPattern: /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,31}$/,
  urlMaxLength: 2048,
  hostMaxLength: 253,
  pathMaxLength: 1024,
  keywordMaxLength: 256,
  patternMaxLength: 256,
  /** Results listed at most per request. */
  resultsLimitMax: 500,
  /** Monitors listed per page: at most, and by default. */
  listLimitMax: 100,
  listLimitDefault: 50,
  /** The longest text searched for in the list (`q`). */
  searchMaxLength: 200,
  portMin: 1,
  portMax: 65_535,
  /** An HTTPS monitor's "DOWN below N days left on the certificate". */
  certificateMinDaysMax: 3650,
  maxUsedPercentMin: 1,
  maxUsedPercentMax: 100,
} as const;

/** What reading and changing monitors requires (the API's routes and the console's module). */
export const MONITOR_PERMISSIONS = {
  read: 'monitoring:read',
  write: 'monitoring:control',
} as const satisfies Record<'read' | 'write', Permission>;

export const MONITOR_ROUTES = {
  /** GET: one page of the organisation's monitors (MonitorListQuery); POST: a new one. */
  collection: '/api/v1/monitors',
  /** GET, PATCH, DELETE: one monitor. */
  item: (id: string) => `/api/v1/monitors/${encodeURIComponent(id)}`,
  /** GET: a monitor's latest results (newest first, `limit`). */
  results: (id: string) => `/api/v1/monitors/${encodeURIComponent(id)}/results`,
  /** GET: a monitor's uptime over 24 h, 7, 30 and 90 days. */
  uptime: (id: string) => `/api/v1/monitors/${encodeURIComponent(id)}/uptime`,
  /** GET: a monitor's uptime by UTC day over the last 90 days (days without checks left out). */
  days: (id: string) => `/api/v1/monitors/${encodeURIComponent(id)}/days`,
  /** POST: check now (answers the verdict). */
  check: (id: string) => `/api/v1/monitors/${encodeURIComponent(id)}/check`,
  /** GET or POST, no login: a push monitor's heartbeat (the token is the credential). */
  push: (token: string) => `/api/v1/push/${encodeURIComponent(token)}`,
} as const;
