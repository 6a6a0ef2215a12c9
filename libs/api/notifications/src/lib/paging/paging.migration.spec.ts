import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { assembleSchema, dataSourceOptions, DomainDefinition } from '@hyperion/api/core';
import { createScratchDatabase } from '@hyperion/api/testing';
import { DataSource } from 'typeorm';

import { OnCallDomain } from '../on-call/on-call.domain';
import { PageStepEntity } from './entities/page-step.entity';
import { PageEntity } from './entities/page.entity';
import { Paging1795500000000 } from './migrations/1795500000000-paging';

const TABLES = ['page', 'page_step'];

/** The paging migration on an empty database of its own: it matches the entities, and it reverts. */
describe('Paging migration', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const paging: DomainDefinition = {
      name: 'paging-tables',
      module: class PagingTables {},
      entities: [PageEntity, PageStepEntity],
      migrations: [Paging1795500000000],
    };
    const schema = assembleSchema([AuditDomain, AuthDomain, OnCallDomain, paging]);
    dataSource = new DataSource({
      ...dataSourceOptions(scratch.url),
      entities: schema.entities,
      migrations: schema.migrations,
    });
    await dataSource.initialize();
    await dataSource.runMigrations({ transaction: 'each' });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await scratch?.drop();
  });

  const rowSecurity = () =>
    dataSource.query<{ relname: string; enabled: boolean; forced: boolean }[]>(
      `SELECT relname, relrowsecurity AS enabled, relforcerowsecurity AS forced
         FROM pg_class WHERE relname = ANY($1) AND relkind = 'r' ORDER BY relname`,
      [TABLES],
    );

  it('creates the tables exactly as the entities describe them', async () => {
    const pending = await dataSource.driver.createSchemaBuilder().log();
    expect(pending.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('enables and forces row-level security on every table', async () => {
    expect(await rowSecurity()).toEqual(
      [...TABLES].sort().map((relname) => ({ relname, enabled: true, forced: true })),
    );
  });

  it('drops the tables on revert, and re-applies cleanly', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await rowSecurity()).toEqual([]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await rowSecurity()).toHaveLength(TABLES.length);
  });
});
