import type { Permission } from './permissions';

/**
 * Where a host's metrics come from:
 * - `local`: this Hyperion host, read in process (systeminformation and Node's `os`);
 * - `node_exporter`: a remote host's Prometheus node_exporter, scraped at its `/metrics` URL.
 */
export const HOST_KINDS = ['local', 'node_exporter'] as const;
export type HostKind = (typeof HOST_KINDS)[number];

/**
 * A host's state: pending until it first answers, down once sampling failed twice in a row (one
 * alert), up again at the next answer (the alert resolved); paused while disabled.
 */
export const HOST_STATES = ['pending', 'up', 'down', 'paused'] as const;
export type HostState = (typeof HOST_STATES)[number];

/**
 * A host's alert thresholds: a figure above its limit for `forSeconds` in a row raises one alert
 * (`host:<id>:cpu`, `:memory`, `:disk`), resolved at the first sample back at or below it. A
 * null limit means that alert is off (`clear` it in an update). Disk: any mounted file system.
 */
export interface HostThresholds {
  cpuPercent: number | null;
  memoryPercent: number | null;
  diskPercent: number | null;
  forSeconds: number;
}

/** The figures of a host's latest sample (the host list's columns). */
export interface HostLatest {
  /** ISO 8601, UTC. */
  at: string;
  cpuPercent: number;
  memoryPercent: number;
  /** The fullest file system's share used; null when the host reports none. */
  diskPercent: number | null;
}

/** One point of a host's CPU sparkline: a minute's average. */
export interface HostSparkPoint {
  /** ISO 8601, UTC: the minute's start. */
  at: string;
  cpuPercent: number;
}

/** A host of the active organisation, as the API returns it. */
export interface HostSummary {
  id: string;
  name: string;
  kind: HostKind;
  /** node_exporter hosts: the `/metrics` URL scraped; null for the local host. */
  url: string | null;
  /** Whether a bearer token is sent with each scrape (the token itself is never returned). */
  hasToken: boolean;
  intervalSeconds: number;
  enabled: boolean;
  tags: string[];
  thresholds: HostThresholds;
  state: HostState;
  /** ISO 8601, UTC: when the state last changed. */
  stateChangedAt: string;
  /** ISO 8601, UTC; null before the first sample. */
  lastSampleAt: string | null;
  /** Why the last sampling failed; null once it succeeds. */
  lastError: string | null;
  latest: HostLatest | null;
  /**
   * The 1-minute CPU averages of the last HOST_RULES.sparklineMinutes minutes, oldest first
   * (minutes without samples are missing; the current minute comes once it is rolled up).
   */
  cpuSparkline: HostSparkPoint[];
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC. */
  updatedAt: string;
}

/** GET /api/v1/hosts: one page, sorted by name. */
export interface HostListQuery {
  /** From the previous page's nextCursor. */
  cursor?: string;
  /** 1–HOST_RULES.listLimitMax, default HOST_RULES.listLimitDefault. */
  limit?: number;
}

export interface HostPage {
  items: HostSummary[];
  /** Null on the last page. Keyset-based: a page never repeats or skips a host added meanwhile. */
  nextCursor: string | null;
}

export interface CreateHostRequest {
  name: string;
  kind: HostKind;
  /** node_exporter only (required there): http(s)://host:port/metrics, without credentials. */
  url?: string;
  /** node_exporter only: sent as `Authorization: Bearer <token>`; sealed at rest, never returned. */
  token?: string;
  intervalSeconds?: number;
  enabled?: boolean;
  tags?: string[];
  /** Limits not given take their defaults (HOST_RULES.thresholdDefaults). */
  thresholds?: HostThresholdsRequest;
}

/** Threshold settings to change (requests never carry null: `clear` turns a limit off). */
export interface HostThresholdsRequest {
  cpuPercent?: number;
  memoryPercent?: number;
  diskPercent?: number;
  forSeconds?: number;
}

/** What an update may clear: the bearer token, or a threshold (its alert turned off). */
export const HOST_CLEARABLE = ['token', 'cpuPercent', 'memoryPercent', 'diskPercent'] as const;
export type HostClearable = (typeof HOST_CLEARABLE)[number];

/**
 * Only the fields given change (the kind never does); `clear` removes the token or turns
 * threshold alerts off (`clear: ['token', 'cpuPercent']`).
 */
export interface UpdateHostRequest {
  name?: string;
  url?: string;
  token?: string;
  intervalSeconds?: number;
  enabled?: boolean;
  tags?: string[];
  thresholds?: HostThresholdsRequest;
  clear?: HostClearable[];
}

/** Resolutions of a host's history: raw samples, 1-minute and 1-hour roll-ups. */
export const HOST_RESOLUTIONS = ['raw', '1m', '1h'] as const;
export type HostResolution = (typeof HOST_RESOLUTIONS)[number];

/** GET /api/v1/hosts/:id/samples. */
export interface HostSamplesQuery {
  /** ISO 8601; default: one hour before `to`. */
  from?: string;
  /** ISO 8601; default: now. */
  to?: string;
  /** `auto` (the default) picks the finest kept resolution giving at most ~1,000 points. */
  resolution?: HostResolution | 'auto';
}

/** The highest value of each figure within a roll-up's bucket. */
export interface HostPointMax {
  cpuPercent: number;
  memoryPercent: number;
  diskPercent: number | null;
  rxBytesPerSecond: number;
  txBytesPerSecond: number;
}

/**
 * One point of a host's history. A raw point is one sample (`sample` holds all of it, per core,
 * per interface, per mount; `max` is null). A roll-up point gives the averages over its bucket
 * (`at` is the bucket's start), the highest values in `max`, and no `sample`.
 */
export interface HostPoint {
  /** ISO 8601, UTC. */
  at: string;
  /** Samples the point stands for (1 for a raw sample). */
  samples: number;
  cpuPercent: number;
  memoryPercent: number;
  /** The fullest file system's share used; null when the host reports none. */
  diskPercent: number | null;
  load1: number;
  /** All interfaces but loopback together. */
  rxBytesPerSecond: number;
  txBytesPerSecond: number;
  max: HostPointMax | null;
  sample: HostSample | null;
}

export interface HostSeries {
  hostId: string;
  resolution: HostResolution;
  /** The points' spacing: the host's interval for raw samples, else the bucket's length. */
  stepSeconds: number;
  /** ISO 8601, UTC: the range asked for (with defaults applied). */
  from: string;
  to: string;
  /** Oldest first. */
  points: HostPoint[];
}

/** Validation rules of hosts: the API's DTOs and the console's forms both use these. */
export const HOST_RULES = {
  nameMaxLength: 128,
  /** One line, without leading or trailing spaces. */
  namePattern: /^\S(?:.*\S)?$/,
  nameHint: '1 to 128 characters on one line, without leading or trailing spaces',
  urlMaxLength: 2048,
  tokenMaxLength: 4096,
  /** A bearer token: visible ASCII, no spaces. */
  tokenPattern: /^[\x21-\x7e]+$/,
  intervalMin: 5,
  intervalMax: 3600,
  intervalDefault: 15,
  tagsMax: 20,
  tagPattern: /^[A-Za-z0-9][A-Za-z0-9_.:-]{0,31}$/,
  thresholdMin: 1,
  thresholdMax: 100,
  forSecondsMax: 86_400,
  /** The operational procedures' thresholds: CPU 80 %, memory 85 %, disk 90 %, for 5 minutes. */
  thresholdDefaults: { cpuPercent: 80, memoryPercent: 85, diskPercent: 90, forSeconds: 300 },
  listLimitDefault: 100,
  listLimitMax: 500,
  sparklineMinutes: 30,
  /** A range query's longest span, and the longest one at each resolution asked for. */
  rangeMaxDays: 400,
  rawRangeMaxHours: 6,
  minuteRangeMaxHours: 48,
  /** `auto` keeps a range at about this many points at most. */
  autoPointsMax: 1000,
} as const;

/** What reading and changing hosts requires (the API's routes and the console's module). */
export const HOST_PERMISSIONS = {
  read: 'monitoring:read',
  write: 'monitoring:control',
} as const satisfies Record<'read' | 'write', Permission>;

export const HOST_ROUTES = {
  /** GET: a page of the active organisation's hosts (HostListQuery → HostPage); POST: a new one. */
  collection: '/api/v1/hosts',
  /** GET, PATCH, DELETE: one host. */
  item: (id: string) => `/api/v1/hosts/${encodeURIComponent(id)}`,
  /** GET: the host's history (HostSamplesQuery → HostSeries). */
  samples: (id: string) => `/api/v1/hosts/${encodeURIComponent(id)}/samples`,
  /** POST: sample now (answers the host; 409 while a sample of it is being taken). */
  sample: (id: string) => `/api/v1/hosts/${encodeURIComponent(id)}/sample`,
} as const;

/**
 * One sample of a host's metrics (this host through systeminformation, a remote host from its
 * node_exporter): what the range query returns point by point and what live consoles receive.
 * Byte counts are bytes; rates are per second over the interval since the previous sample.
 */
export interface HostSample {
  hostId: string;
  /** ISO 8601, UTC: when the sample was taken. */
  at: string;
  cpu: {
    /** Busy share of all cores, 0–100. */
    totalPercent: number;
    /** Busy share of each core, 0–100, in core order. */
    perCorePercent: number[];
    load1: number;
    load5: number;
    load15: number;
  };
  memory: { totalBytes: number; usedBytes: number; swapTotalBytes: number; swapUsedBytes: number };
  network: { interface: string; rxBytesPerSecond: number; txBytesPerSecond: number }[];
  storage: { mount: string; sizeBytes: number; usedBytes: number; usedPercent: number }[];
  uptimeSeconds: number;
}

/** The live topic of a host's samples (Socket.IO `live:subscribe`). */
export const hostLiveTopic = (hostId: string) => `host:${hostId}:samples`;
