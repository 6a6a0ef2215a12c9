import { assembleSchema, dataSourceOptions, DomainDefinition } from '@hyperion/api/core';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';

import { createScratchDatabase } from './test-environment';

/** A domain's entities and migrations: a whole DomainDefinition, or part of one. */
export type SchemaPart = Pick<DomainDefinition, 'entities' | 'migrations'>;

export interface DomainMigrationOptions {
  /** The domain (or part of one) whose migrations are under test. */
  domain: SchemaPart;
  /**
   * The domains its schema builds on, migrated with it (the platform's schema always is). All
   * migrations run in timestamp order: those of these domains dated after the ones under test are
   * reverted first.
   */
  buildsOn?: readonly DomainDefinition[];
  /** The migrations under test, when not all of the domain's (e.g. a later one of a domain). */
  migrations?: SchemaPart['migrations'];
  /**
   * Every table the migrations under test create: each a tenant table (`enableTenantRls`).
   * Reverting them must drop exactly these.
   */
  tables: readonly string[];
}

/** The migrated scratch database, for a spec's own checks (valid inside its tests). */
export interface MigratedDatabase {
  /** Connected as the owner (outside row-level security), every migration applied. */
  readonly dataSource: DataSource;
  /** Inserts an organisation with a unique slug; returns its id. */
  createOrganization(name?: string): Promise<string>;
}

interface RowSecurity {
  table: string;
  enabled: boolean;
  forced: boolean;
  /** A policy for every command whose USING and WITH CHECK admit the current organisation's rows. */
  tenantPolicy: boolean;
}

/**
 * The spec of a domain's migration, on an empty database of its own: the migrations (after the
 * platform's and those of `buildsOn`) leave nothing for the entities to change; each table has
 * row-level security enabled and forced, with the tenant policy; reverting them (after the later
 * migrations of other domains) drops exactly `tables`, and they apply again to the same schema.
 * `more` adds the domain's own checks; they run after the first two and before the revert.
 */
export function describeDomainMigration(
  title: string,
  options: DomainMigrationOptions,
  more?: (db: MigratedDatabase) => void,
): void {
  const underTest = options.migrations ?? options.domain.migrations;
  const stranger = underTest.find((m) => !options.domain.migrations.includes(m));
  if (stranger) throw new Error(`${stranger.name} is not one of the domain's migrations`);
  const tables = [...options.tables].sort();
  const everyTableTenant: RowSecurity[] = tables.map((table) => ({
    table,
    enabled: true,
    forced: true,
    tenantPolicy: true,
  }));

  describe(title, () => {
    let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;
    let dataSource: DataSource | undefined;

    beforeAll(async () => {
      scratch = await createScratchDatabase();
      const schema = assembleSchema([
        ...(options.buildsOn ?? []),
        { name: 'under-test', module: class UnderTest {}, ...options.domain },
      ]);
      dataSource = new DataSource({
        ...dataSourceOptions(scratch.url),
        // A domain given both as `domain` and in `buildsOn` counts once.
        entities: [...new Set(schema.entities)],
        migrations: [...new Set(schema.migrations as SchemaPart['migrations'])],
      });
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
    });

    afterAll(async () => {
      await dataSource?.destroy();
      await scratch?.drop();
    });

    const db: MigratedDatabase = {
      get dataSource() {
        if (!dataSource?.isInitialized) throw new Error('The database is migrated in beforeAll');
        return dataSource;
      },
      async createOrganization(name = 'Migration') {
        const slug = `m-${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
        const [row] = await db.dataSource.query<{ id: string }[]>(
          `INSERT INTO organization (name, slug) VALUES ($1, $2) RETURNING id`,
          [name, slug],
        );
        return row.id;
      },
    };

    it('creates the tables exactly as the entities describe them', async () => {
      expect(await pendingSchemaChanges(db.dataSource)).toEqual([]);
    });

    it('enables and forces row-level security, with the tenant policy, on every table', async () => {
      expect(await rowSecurity(db.dataSource, tables)).toEqual(everyTableTenant);
    });

    more?.(db);

    it('drops exactly its tables on revert (later migrations first), and re-applies cleanly', async () => {
      const ds = db.dataSource;
      const names = new Set(
        ds.migrations
          .filter((m) => underTest.includes(m.constructor))
          .map((m) => m.name ?? m.constructor.name),
      );
      const executed = await executedMigrations(ds);
      expect(executed.filter((name) => names.has(name)).sort()).toEqual([...names].sort());
      const before = await publicTables(ds);

      // The later migrations (of other domains) first, then those under test, one at a time.
      let left = executed.length;
      while (!names.has((await executedMigrations(ds))[0]) && left-- > 0) {
        await ds.undoLastMigration({ transaction: 'each' });
      }
      const withOwn = await publicTables(ds);
      while ((await executedMigrations(ds)).some((name) => names.has(name)) && left-- > 0) {
        await ds.undoLastMigration({ transaction: 'each' });
      }
      const withoutOwn = new Set(await publicTables(ds));
      expect(withOwn.filter((table) => !withoutOwn.has(table))).toEqual(tables);

      await ds.runMigrations({ transaction: 'each' });
      expect(await publicTables(ds)).toEqual(before);
      expect(await rowSecurity(ds, tables)).toEqual(everyTableTenant);
      expect(await pendingSchemaChanges(ds)).toEqual([]);
    });
  });
}

/** What TypeORM would still change for the schema to match the entities (none: they match). */
async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const pending = await dataSource.driver.createSchemaBuilder().log();
  return pending.upQueries.map((q) => q.query);
}

/** The row-level security of those of `tables` that exist, by name. */
function rowSecurity(dataSource: DataSource, tables: readonly string[]): Promise<RowSecurity[]> {
  return dataSource.query<RowSecurity[]>(
    `SELECT c.relname AS "table", c.relrowsecurity AS enabled, c.relforcerowsecurity AS forced,
            EXISTS (SELECT 1 FROM pg_policies p
                     WHERE p.schemaname = n.nspname AND p.tablename = c.relname
                       AND p.cmd = 'ALL' AND p.permissive = 'PERMISSIVE'
                       AND p.qual ~ '\\morganization_id = hyperion_current_org\\(\\)'
                       AND p.with_check ~ '\\morganization_id = hyperion_current_org\\(\\)'
                   ) AS "tenantPolicy"
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
      WHERE c.relname = ANY($1) AND c.relkind IN ('r', 'p')
      ORDER BY c.relname`,
    [tables],
  );
}

/** The tables of the public schema, by name. */
async function publicTables(dataSource: DataSource): Promise<string[]> {
  const rows = await dataSource.query<{ name: string }[]>(
    `SELECT tablename AS name FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename`,
  );
  return rows.map((r) => r.name);
}

/** The names of the applied migrations, the last applied first. */
async function executedMigrations(dataSource: DataSource): Promise<string[]> {
  const table = dataSource.options.migrationsTableName ?? 'migrations';
  const rows = await dataSource.query<{ name: string }[]>(
    `SELECT name FROM "${table}" ORDER BY id DESC`,
  );
  return rows.map((r) => r.name);
}
