import { availableParallelism } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';

import { ConfigValidationError, LogLevelName, validateEnvironment } from './environment';

/** The validated, typed configuration. The only way the rest of Hyperion sees the environment. */
export class AppConfig {
  readonly nodeEnv!: 'development' | 'production' | 'test';
  readonly port!: number;
  readonly host!: string;
  /** Absolute path of the data directory (embedded PostgreSQL, generated secrets ...). */
  readonly dataDir!: string;
  /** Set when an external PostgreSQL is used; undefined means "run the embedded one". */
  readonly databaseUrl?: string;
  /**
   * The application's own connection (a role that is not a superuser, not an owner, not
   * BYPASSRLS). Unset: Hyperion creates `<database>_app` from the owner connection itself.
   */
  readonly databaseAppUrl?: string;
  readonly embeddedPostgresPort!: number;
  readonly redisUrl!: string;
  /** True when REDIS_URL was given explicitly (Hyperion then never starts a Redis itself). */
  readonly redisUrlExplicit!: boolean;
  readonly redisPrefix!: string;
  readonly diskUsageThreshold!: number;
  readonly memoryUsageThreshold!: number;
  readonly healthCheckIntervalMs!: number;
  readonly logLevel!: LogLevelName;
  readonly logFormat!: 'json' | 'pretty';
  readonly bodyLimit!: string;
  /** Absolute path of the console's production build served at `/`. */
  readonly webDistDir!: string;
  /** Overrides of the secrets generated under DATA_DIR (see loadSecrets). */
  readonly jwtSecret?: string;
  readonly encryptionKey?: string;
  readonly jwtAccessTtlSeconds!: number;
  readonly jwtRefreshTtlSeconds!: number;
  /** Password of the first `admin` account; a random one is generated and logged otherwise. */
  readonly adminPassword?: string;
  /** Failed passwords or codes within the window that lock an account. */
  readonly lockoutThreshold!: number;
  readonly lockoutWindowMinutes!: number;
  /** First lock of an account, in seconds; each further lock in a row doubles it (see lockout.ts). */
  readonly lockoutBaseSeconds!: number;
  /** The longest lock, in seconds. */
  readonly lockoutMaxSeconds!: number;
  /** argon2 hashes or verifications running at once (default: the CPU count). */
  readonly hashConcurrency!: number;
  /** Password checks waiting for a hashing slot beyond which the API answers 503 at once. */
  readonly hashQueue!: number;
  /** Requests per IP per window on the auth endpoints. */
  readonly authRateLimit!: number;
  readonly authRateWindowSeconds!: number;
  /** Take the client IP from X-Forwarded-For (behind a reverse proxy). */
  readonly trustProxy!: boolean;
  /** When the nightly audit-chain verification runs, as HH:MM in UTC. */
  readonly auditVerifyTime!: string;
  /**
   * Hosts outbound notifications may reach although they resolve to a private, loopback or
   * link-local address (NOTIFICATION_ALLOWED_HOSTS; e.g. an internal Mattermost).
   */
  readonly notificationAllowedHosts!: readonly string[];
  /** Attempts per delivery, the first included. */
  readonly notificationAttempts!: number;
  /** First retry delay of a delivery; each further one doubles it. */
  readonly notificationBackoffMs!: number;
  /** Longest wait for one outbound call (HTTP request or SMTP session). */
  readonly notificationTimeoutMs!: number;
  /** How long a "minute" of personal notification rules lasts (60,000; drills and tests shorten it). */
  readonly pagingMinuteMs!: number;
  /**
   * A trigger whose key was emitted less than this long ago is deduplicated: counted on its alert,
   * nobody notified, no critical alert event (ALERT_DEDUP_WINDOW_SECONDS, default 5 minutes).
   */
  readonly alertDedupWindowMs!: number;
  /** The systemctl that service control runs (SYSTEMCTL_PATH; `systemctl` from PATH by default). */
  readonly systemctlPath!: string;
  /**
   * The organisation (slug) whose members may see and act on this host's processes and services
   * (HOST_ORGANIZATION, `default` by default): the host is the instance's, not every tenant's.
   */
  readonly hostOrganization!: string;
  /**
   * Service control is offered only while this directory exists (SYSTEMD_RUNTIME_DIR;
   * `/run/systemd/system` by default: systemd creates it when it boots the host, as sd_booted(3) checks).
   */
  readonly systemdRuntimeDir!: string;
  /** Host samples: raw ones kept this many hours, 1-minute roll-ups and 1-hour roll-ups these many days. */
  readonly hostRawRetentionHours!: number;
  readonly hostMinuteRetentionDays!: number;
  readonly hostHourRetentionDays!: number;
  /** Whether `GET /metrics` (Prometheus) answers at all; 404 when false. */
  readonly metricsEnabled!: boolean;
  /**
   * The bearer token `GET /metrics` requires. Unset: one is generated on first start into
   * `<DATA_DIR>/metrics-token` (see MetricsAccess).
   */
  readonly metricsToken?: string;
  /**
   * Absolute directories under which file roots may be declared (FILES_ALLOWED_ROOTS,
   * colon-separated; `<DATA_DIR>/files` by default). A root outside all of them is refused.
   */
  readonly filesAllowedRoots!: readonly string[];
  /** The largest upload the file manager accepts, in bytes (FILES_MAX_UPLOAD_BYTES, 2 GiB). */
  readonly filesMaxUploadBytes!: number;
  /**
   * A browser terminal with no input for this long ends as `idle`, attached or not
   * (SSH_TERMINAL_IDLE_MINUTES, 30 by default; decimals allowed).
   */
  readonly sshTerminalIdleMs!: number;
  /** Whether recordings keep typed input too (SSH_TERMINAL_RECORD_INPUT; off: passwords typed). */
  readonly sshTerminalRecordInput!: boolean;
  /** Ended terminal sessions and their recordings are deleted after this many days. */
  readonly sshRecordingRetentionDays!: number;
  /** A recording stops growing at this size (a final marker says so; the session goes on). */
  readonly sshRecordingMaxBytes!: number;
  /** Anomaly score (0–1) above which a point is anomalous (ANOMALY_THRESHOLD, 0.95). */
  readonly anomalyThreshold!: number;

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}

export const DEFAULT_EMBEDDED_POSTGRES_PORT = 54329;

/** SSH_TERMINAL_IDLE_MINUTES in milliseconds (30 minutes by default), at least 0.01 minute. */
function sshIdleMs(minutes: string | undefined): number {
  const value = minutes === undefined ? 30 : Number(minutes);
  if (!(value >= 0.01 && value <= 10_080)) {
    throw new ConfigValidationError([
      `SSH_TERMINAL_IDLE_MINUTES must be a number of minutes from 0.01 to 10080 (got ${JSON.stringify(minutes)})`,
    ]);
  }
  return Math.round(value * 60_000);
}

/** ANOMALY_THRESHOLD (0.95 by default): strictly between 0 and 1. */
function anomalyThreshold(raw: string | undefined): number {
  const value = raw === undefined ? 0.95 : Number(raw);
  if (!(value > 0 && value < 1)) {
    throw new ConfigValidationError([
      `ANOMALY_THRESHOLD must be a number between 0 and 1 (exclusive), e.g. 0.95 (got ${JSON.stringify(raw)})`,
    ]);
  }
  return value;
}

/**
 * Reads and validates the environment once. `env` defaults to `process.env`: this is the one
 * place in Hyperion that reads it. Tests pass their own object.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  cwd: string = process.cwd(),
): AppConfig {
  const v = validateEnvironment(env);
  const absolute = (p: string) => (isAbsolute(p) ? p : resolve(cwd, p));
  // One core is left to the event loop, so /health and signed-in users stay fast during a flood.
  const hashConcurrency = v.HASH_CONCURRENCY ?? Math.max(1, availableParallelism() - 1);
  return new AppConfig({
    nodeEnv: (v.NODE_ENV as AppConfig['nodeEnv']) ?? 'production',
    port: v.PORT ?? 3000,
    host: v.HOST ?? '127.0.0.1',
    dataDir: absolute(v.DATA_DIR ?? '.data'),
    databaseUrl: v.DATABASE_URL,
    databaseAppUrl: v.DATABASE_APP_URL,
    embeddedPostgresPort: v.EMBEDDED_POSTGRES_PORT ?? DEFAULT_EMBEDDED_POSTGRES_PORT,
    redisUrl: v.REDIS_URL ?? 'redis://127.0.0.1:6379',
    redisUrlExplicit: v.REDIS_URL !== undefined,
    redisPrefix: v.REDIS_PREFIX ?? 'hyperion',
    diskUsageThreshold: v.DISK_USAGE_THRESHOLD ?? 90,
    memoryUsageThreshold: v.MEMORY_USAGE_THRESHOLD ?? 90,
    healthCheckIntervalMs: v.HEALTH_CHECK_INTERVAL_MS ?? 5000,
    logLevel: v.LOG_LEVEL ?? 'log',
    logFormat: v.LOG_FORMAT ?? 'json',
    bodyLimit: v.BODY_LIMIT ?? '1mb',
    webDistDir: absolute(v.WEB_DIST_DIR ?? 'dist/apps/web/browser'),
    jwtSecret: v.JWT_SECRET,
    encryptionKey: v.ENCRYPTION_KEY,
    jwtAccessTtlSeconds: v.JWT_ACCESS_TTL_SECONDS ?? 900,
    jwtRefreshTtlSeconds: v.JWT_REFRESH_TTL_SECONDS ?? 604_800,
    adminPassword: v.ADMIN_PASSWORD,
    lockoutThreshold: v.LOCKOUT_THRESHOLD ?? 5,
    lockoutWindowMinutes: v.LOCKOUT_WINDOW_MINUTES ?? 15,
    lockoutBaseSeconds: v.LOCKOUT_BASE_SECONDS ?? 60,
    lockoutMaxSeconds: Math.max(v.LOCKOUT_MAX_SECONDS ?? 3600, v.LOCKOUT_BASE_SECONDS ?? 60),
    hashConcurrency,
    hashQueue: v.HASH_QUEUE ?? 4 * hashConcurrency,
    authRateLimit: v.AUTH_RATE_LIMIT ?? 20,
    authRateWindowSeconds: v.AUTH_RATE_WINDOW_SECONDS ?? 60,
    trustProxy: v.TRUST_PROXY === 'true',
    auditVerifyTime: v.AUDIT_VERIFY_TIME ?? '03:30',
    notificationAllowedHosts: (v.NOTIFICATION_ALLOWED_HOSTS ?? '')
      .split(',')
      .map((h) => h.trim().toLowerCase())
      .filter((h) => h !== ''),
    notificationAttempts: v.NOTIFICATION_ATTEMPTS ?? 5,
    notificationBackoffMs: v.NOTIFICATION_BACKOFF_MS ?? 2000,
    notificationTimeoutMs: v.NOTIFICATION_TIMEOUT_MS ?? 10_000,
    pagingMinuteMs: v.PAGING_MINUTE_MS ?? 60_000,
    alertDedupWindowMs: (v.ALERT_DEDUP_WINDOW_SECONDS ?? 300) * 1000,
    systemctlPath: v.SYSTEMCTL_PATH ?? 'systemctl',
    hostOrganization: v.HOST_ORGANIZATION ?? 'default',
    systemdRuntimeDir: v.SYSTEMD_RUNTIME_DIR ?? '/run/systemd/system',
    hostRawRetentionHours: v.HOST_RAW_RETENTION_HOURS ?? 24,
    hostMinuteRetentionDays: v.HOST_MINUTE_RETENTION_DAYS ?? 30,
    hostHourRetentionDays: v.HOST_HOUR_RETENTION_DAYS ?? 365,
    metricsEnabled: v.METRICS_ENABLED !== 'false',
    metricsToken: v.METRICS_TOKEN,
    filesAllowedRoots: (v.FILES_ALLOWED_ROOTS ?? join(absolute(v.DATA_DIR ?? '.data'), 'files'))
      .split(':')
      .filter((p) => p !== '')
      .map((p) => resolve(p)),
    filesMaxUploadBytes: v.FILES_MAX_UPLOAD_BYTES ?? 2 * 1024 ** 3,
    sshTerminalIdleMs: sshIdleMs(v.SSH_TERMINAL_IDLE_MINUTES),
    sshTerminalRecordInput: v.SSH_TERMINAL_RECORD_INPUT === 'true',
    sshRecordingRetentionDays: v.SSH_RECORDING_RETENTION_DAYS ?? 90,
    sshRecordingMaxBytes: v.SSH_RECORDING_MAX_BYTES ?? 100 * 1024 ** 2,
    anomalyThreshold: anomalyThreshold(v.ANOMALY_THRESHOLD),
  });
}
