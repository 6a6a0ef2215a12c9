import { DataSourceOptions } from 'typeorm';

/** Connection options shared by the app, the start-up migrator and the migration CLI. */
export function dataSourceOptions(url: string): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrationsTableName: 'typeorm_migrations',
    extra: {
      max: 10,
      connectionTimeoutMillis: 3000,
      // Keeps a dead server from holding a health check open.
      query_timeout: 10_000,
    },
  };
}
