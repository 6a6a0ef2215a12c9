import type { MixedList } from 'typeorm';

/** The schema the domains assemble (apps/api's DOMAINS): migrations, and privileges beyond read/write. */
export interface DatabaseSchema {
  // TypeORM's own type for migration lists.
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function>;
  appendOnlyTables: readonly string[];
}

export const DATABASE_SCHEMA = 'hyperion:database-schema';

/** Where the owner (migrations) and application connections go. */
export interface DatabaseUrls {
  owner: string;
  app: string;
  /** Hyperion created the application role (false: the operator gave DATABASE_APP_URL). */
  managedAppRole: boolean;
  appRole: string;
  appPassword: string;
}

export const DATABASE_URLS = 'hyperion:database-urls';
