import { AlertsDomain, ServiceDomain } from '@hyperion/api/alerts';
import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { assembleSchema, dataSourceOptions } from '@hyperion/api/core';
import { createScratchDatabase } from '@hyperion/api/testing';
import { DataSource } from 'typeorm';

import { IncidentDomain } from '../incident.domain';

const TABLES = ['incident_action_item', 'incident_attachment', 'incident_postmortem'];

/**
 * The records migration (after the core's) on an empty database of its own: it matches the
 * entities (foreign keys and their ON DELETE included), and it reverts.
 */
describe('Incident records migration', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const schema = assembleSchema([
      AuditDomain,
      AuthDomain,
      ServiceDomain,
      AlertsDomain,
      IncidentDomain,
    ]);
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
      TABLES.map((relname) => ({ relname, enabled: true, forced: true })),
    );
  });

  it('drops the tables on revert, and re-applies cleanly', async () => {
    // Later migrations (of other domains) go first; at most a few.
    let reverted = 0;
    while ((await rowSecurity()).length > 0 && reverted < 10) {
      await dataSource.undoLastMigration({ transaction: 'each' });
      reverted++;
    }
    expect(await rowSecurity()).toEqual([]);
    expect(
      (
        await dataSource.query<{ n: number }[]>(
          `SELECT count(*)::int AS n FROM pg_class WHERE relname = ANY($1)`,
          [TABLES],
        )
      )[0].n,
    ).toBe(0);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await rowSecurity()).toHaveLength(TABLES.length);
  });
});
