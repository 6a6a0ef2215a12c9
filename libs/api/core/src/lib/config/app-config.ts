import { isAbsolute, resolve } from 'node:path';

import { LogLevelName, validateEnvironment } from './environment';

/** The validated, typed configuration. The only way the rest of Hyperion sees the environment. */
export class AppConfig {
  readonly nodeEnv!: 'development' | 'production' | 'test';
  readonly port!: number;
  readonly host!: string;
  /** Absolute path of the data directory (embedded PostgreSQL, generated secrets ...). */
  readonly dataDir!: string;
  /** Set when an external PostgreSQL is used; undefined means "run the embedded one". */
  readonly databaseUrl?: string;
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

  constructor(values: AppConfig) {
    Object.assign(this, values);
  }
}

export const DEFAULT_EMBEDDED_POSTGRES_PORT = 54329;

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
  return new AppConfig({
    nodeEnv: (v.NODE_ENV as AppConfig['nodeEnv']) ?? 'production',
    port: v.PORT ?? 3000,
    host: v.HOST ?? '127.0.0.1',
    dataDir: absolute(v.DATA_DIR ?? '.data'),
    databaseUrl: v.DATABASE_URL,
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
  });
}
