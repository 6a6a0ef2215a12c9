import type { Type } from '@nestjs/common';
import type { EntitySchema } from 'typeorm';

import type { DatabaseSchema } from './database/database-schema';

import { OrganizationsAndOutbox1764000000000 } from './database/platform/1764000000000-organizations-and-outbox';
import { PlannerStatistics1796700000000 } from './database/platform/1796700000000-planner-statistics';
import { OrganizationEntity } from './organizations/organization.entity';
import { OutboxEntity } from './outbox/outbox.entity';

/**
 * What a domain library hands the composition root (apps/api/src/app/domains.ts): its Nest
 * module, its entities, its migrations, and its append-only tables. Registering a domain is one
 * line there; nothing of a domain lives in api/core.
 */
export interface DomainDefinition {
  name: string;
  module: Type<unknown>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: readonly (Function | EntitySchema)[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: readonly Function[];
  /** Tables the application role may only INSERT into and SELECT from. */
  appendOnlyTables?: readonly string[];
}

/**
 * The platform's own schema (organisations, outbox, the functions tenant policies read, the
 * planner statistics' refresh).
 */
export const PLATFORM_MIGRATIONS = [
  OrganizationsAndOutbox1764000000000,
  PlannerStatistics1796700000000,
];

export const PLATFORM_ENTITIES = [OrganizationEntity, OutboxEntity];

/** The schema of a set of domains: the platform's and theirs, migrations in timestamp order. */
export function assembleSchema(domains: readonly DomainDefinition[]): DatabaseSchema & {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: (Function | EntitySchema)[];
} {
  return {
    entities: [...PLATFORM_ENTITIES, ...domains.flatMap((d) => d.entities)],
    migrations: [...PLATFORM_MIGRATIONS, ...domains.flatMap((d) => d.migrations)].sort(
      (a, b) => migrationTimestamp(a) - migrationTimestamp(b),
    ),
    appendOnlyTables: domains.flatMap((d) => d.appendOnlyTables ?? []),
  };
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
function migrationTimestamp(migration: Function): number {
  const match = /(\d{13})$/.exec(migration.name);
  if (!match) throw new Error(`Migration ${migration.name} does not end with a 13-digit timestamp`);
  return Number(match[1]);
}
