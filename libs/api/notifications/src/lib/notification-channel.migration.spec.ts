import { dataSourceOptions, OrganizationEntity, PLATFORM_MIGRATIONS } from '@hyperion/api/core';
import { createScratchDatabase } from '@hyperion/api/testing';
import { DataSource } from 'typeorm';

import { NotificationChannelDomain } from './notification-channel.domain';

/** The migration on an empty database of its own: it matches the entity, and it reverts. */
describe('NotificationChannel migration', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    dataSource = new DataSource({
      ...dataSourceOptions(scratch.url),
      entities: [OrganizationEntity, ...NotificationChannelDomain.entities],
      migrations: [...PLATFORM_MIGRATIONS, ...NotificationChannelDomain.migrations],
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await scratch?.drop();
  });

  const TABLES = ['notification_channel', 'notification_delivery', 'notification_delivery_attempt'];

  /** Row-level security of each table ({} when none of them exists). */
  const rowSecurity = async () =>
    Object.fromEntries(
      (
        await dataSource.query<{ relname: string; enabled: boolean; forced: boolean }[]>(
          `SELECT relname, relrowsecurity AS enabled, relforcerowsecurity AS forced
             FROM pg_class WHERE relname = ANY($1) AND relkind = 'r' ORDER BY relname`,
          [TABLES],
        )
      ).map((r) => [r.relname, { enabled: r.enabled, forced: r.forced }]),
    );
  const everyTableForced = Object.fromEntries(
    TABLES.map((table) => [table, { enabled: true, forced: true }]),
  );

  it('creates the tables exactly as the entities describe them', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('enables and forces row-level security on every table', async () => {
    expect(await rowSecurity()).toEqual(everyTableForced);
  });

  it('refuses an unknown channel kind and an unknown delivery state', async () => {
    const [org] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO organization (name, slug) VALUES ('m', 'm-${Date.now()}') RETURNING id`,
    );
    await expect(
      dataSource.query(
        `INSERT INTO notification_channel (organization_id, name, kind, config, secrets)
         VALUES ($1, 'x', 'pigeon', '{}', 'v1:')`,
        [org.id],
      ),
    ).rejects.toThrow(/notification_channel_kind_check/);
  });

  it('drops the tables on revert, and re-applies cleanly', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await rowSecurity()).toEqual({});
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await rowSecurity()).toEqual(everyTableForced);
  });
});
