import {
  AppConfig,
  createLogger,
  dataSourceOptions,
  loadConfig,
  startEmbeddedPostgres,
} from '@hyperion/api/core';
import { DataSource } from 'typeorm';

import { DATABASE_SCHEMA, ENTITIES } from './app/domains';

/**
 * The standalone data source of the migration CLI (`npm run migration:run|revert|generate`):
 * DATABASE_URL when set, otherwise the embedded PostgreSQL under DATA_DIR (reused when a
 * running Hyperion already serves it, started for the command otherwise).
 */
async function cliDataSource(): Promise<DataSource> {
  const config: AppConfig = loadConfig();
  const logger = createLogger({ logLevel: 'log', logFormat: 'pretty' });
  const url =
    config.databaseUrl ??
    (
      await startEmbeddedPostgres(config.dataDir, config.embeddedPostgresPort, (m) =>
        logger.log(m, 'Migrations'),
      )
    ).url;
  return new DataSource({
    ...dataSourceOptions(url),
    entities: ENTITIES,
    migrations: DATABASE_SCHEMA.migrations,
  });
}

export const dataSource = cliDataSource();
