import { AppConfig } from '../config/app-config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { ensureRedis } from './local-redis';

/** Where the dependencies that Hyperion needs before Nest starts actually are. */
export interface RuntimeEndpoints {
  databaseUrl: string;
  /** True when the database is the embedded PostgreSQL under DATA_DIR. */
  embeddedDatabase: boolean;
  redisUrl: string;
}

export interface PreparedRuntime {
  endpoints: RuntimeEndpoints;
  /** Stops what `prepareRuntime` started (embedded PostgreSQL, local redis-server). */
  stop(): Promise<void>;
}

/**
 * Resolves the database and Redis before the Nest application is created: starts the embedded
 * PostgreSQL when DATABASE_URL is not set, and makes sure Redis answers. Throws StartupError
 * with an operator-readable message otherwise.
 */
export async function prepareRuntime(
  config: AppConfig,
  log: (message: string) => void,
): Promise<PreparedRuntime> {
  const redis = await ensureRedis(config.redisUrl, config.redisUrlExplicit, config.dataDir, log);
  if (config.databaseUrl) {
    return {
      endpoints: { databaseUrl: config.databaseUrl, embeddedDatabase: false, redisUrl: redis.url },
      stop: () => redis.stop(),
    };
  }
  try {
    const pg = await startEmbeddedPostgres(config.dataDir, config.embeddedPostgresPort, log);
    return {
      endpoints: { databaseUrl: pg.url, embeddedDatabase: true, redisUrl: redis.url },
      stop: async () => {
        await pg.stop();
        await redis.stop();
      },
    };
  } catch (error) {
    await redis.stop();
    throw error;
  }
}
