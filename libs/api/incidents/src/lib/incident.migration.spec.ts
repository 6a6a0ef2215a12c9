import { AlertsDomain, ServiceDomain } from '@hyperion/api/alerts';
import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { assembleSchema, dataSourceOptions, DomainDefinition } from '@hyperion/api/core';
import { createScratchDatabase } from '@hyperion/api/testing';
import { DataSource } from 'typeorm';

import { IncidentAlertEntity } from './entities/incident-alert.entity';
import { IncidentSettingsEntity } from './entities/incident-settings.entity';
import { IncidentTimelineEntity } from './entities/incident-timeline.entity';
import { IncidentEntity } from './entities/incident.entity';
import { Incident1796637434143 } from './migrations/1796637434143-incident';

const TABLES = ['incident', 'incident_alert', 'incident_settings', 'incident_timeline'];

/** The core incident migration on an empty database of its own: it matches the entities, and it reverts. */
describe('Incident migration', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const core: DomainDefinition = {
      name: 'incident-core-tables',
      module: class IncidentCoreTables {},
      entities: [
        IncidentEntity,
        IncidentTimelineEntity,
        IncidentAlertEntity,
        IncidentSettingsEntity,
      ],
      migrations: [Incident1796637434143],
    };
    const schema = assembleSchema([AuditDomain, AuthDomain, ServiceDomain, AlertsDomain, core]);
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

  it('searches through the full-text index with the expression the list query uses', async () => {
    await dataSource.query(`SET enable_seqscan = off`);
    const plan = (await dataSource.query(
      `EXPLAIN SELECT "id" FROM "incident"
        WHERE "search_vector" @@ websearch_to_tsquery('french'::regconfig, 'sauvegarde')`,
    )) as { 'QUERY PLAN': string }[];
    await dataSource.query(`RESET enable_seqscan`);
    expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toContain('incident_search_idx');
  });

  it('drops the tables on revert, and re-applies cleanly', async () => {
    // Later migrations of other domains (alerts) are reverted first.
    const executed = async () =>
      (await dataSource.query<{ name: string }[]>(`SELECT name FROM typeorm_migrations`)).map(
        (m) => m.name,
      );
    while ((await executed()).includes('Incident1796637434143')) {
      await dataSource.undoLastMigration({ transaction: 'each' });
    }
    expect(await rowSecurity()).toEqual([]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await rowSecurity()).toHaveLength(TABLES.length);
  });
});
