import { dataSourceOptions } from '@hyperion/api/core';
import { createScratchDatabase } from '@hyperion/api/testing';
import { DataSource } from 'typeorm';

import { DATABASE_SCHEMA, ENTITIES } from '../app/domains';

const MIGRATIONS = DATABASE_SCHEMA.migrations as { name: string }[];

describe('migrations on a fresh PostgreSQL database', () => {
  let dataSource: DataSource;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;

  beforeAll(async () => {
    // Its own database: the app specs migrate the run's database in parallel.
    scratch = await createScratchDatabase();
    dataSource = new DataSource({
      ...dataSourceOptions(scratch.url),
      entities: ENTITIES,
      migrations: DATABASE_SCHEMA.migrations,
    });
    await dataSource.initialize();
  });

  afterAll(async () => {
    await dataSource.destroy();
    await scratch.drop();
  });

  const tables = async () =>
    (
      await dataSource.query<{ table_name: string }[]>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
      )
    ).map((r) => r.table_name);

  it('starts from an empty database', async () => {
    expect(await tables()).toEqual([]);
  });

  it('applies every migration in order and records them', async () => {
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    expect(applied.map((m) => m.name)).toEqual(MIGRATIONS.map((m) => m.name));
    expect(await tables()).toEqual(
      expect.arrayContaining(['health_transition', 'typeorm_migrations']),
    );
    expect(await dataSource.showMigrations()).toBe(false);
  });

  it('creates a usable health_transition table with its status check', async () => {
    await dataSource.query(
      `INSERT INTO health_transition (occurred_at, status, database, redis, disk_healthy, memory_healthy)
       VALUES (now(), 'unhealthy', 'ERROR', 'OK', true, true)`,
    );
    const [row] = await dataSource.query(`SELECT status, errors FROM health_transition`);
    expect(row).toEqual({ status: 'unhealthy', errors: [] });
    await expect(
      dataSource.query(
        `INSERT INTO health_transition (occurred_at, status, database, redis, disk_healthy, memory_healthy)
         VALUES (now(), 'sideways', 'OK', 'OK', true, true)`,
      ),
    ).rejects.toThrow(/health_transition_status_check/);
  });

  it('matches the entities exactly (no migration missing)', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('reverts every migration down to an empty schema, and re-applies cleanly', async () => {
    const before = await tables();
    for (let i = 0; i < MIGRATIONS.length; i++) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await tables()).toEqual(['typeorm_migrations']);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await tables()).toEqual(before);
  });
});
