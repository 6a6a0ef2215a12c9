import { dataSourceOptions, OrganizationEntity, PLATFORM_MIGRATIONS } from '@hyperion/api/core';
import { createScratchDatabase } from '@hyperion/api/testing';
import { DataSource } from 'typeorm';

import { ServiceEntity } from './entities/service.entity';
import { ServiceDomain } from './service.domain';

/** The migration on an empty database of its own: it matches the entity, and it reverts. */
describe('Service migration', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    dataSource = new DataSource({
      ...dataSourceOptions(scratch.url),
      entities: [OrganizationEntity, ServiceEntity],
      migrations: [...PLATFORM_MIGRATIONS, ...ServiceDomain.migrations],
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await scratch?.drop();
  });

  const rowSecurity = async () =>
    (
      await dataSource.query<{ enabled: boolean; forced: boolean }[]>(
        `SELECT relrowsecurity AS enabled, relforcerowsecurity AS forced
           FROM pg_class WHERE relname = 'service'`,
      )
    )[0];

  it('creates the table exactly as the entity describes it', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('enables and forces row-level security on the table', async () => {
    expect(await rowSecurity()).toEqual({ enabled: true, forced: true });
  });

  it('drops the table on revert, and re-applies cleanly', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await rowSecurity()).toBeUndefined();
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await rowSecurity()).toEqual({ enabled: true, forced: true });
  });
});
