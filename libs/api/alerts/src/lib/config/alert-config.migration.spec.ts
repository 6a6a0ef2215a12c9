import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { assembleSchema, dataSourceOptions, DomainDefinition } from '@hyperion/api/core';
import { createScratchDatabase } from '@hyperion/api/testing';
import { DataSource } from 'typeorm';

import { ServiceDomain } from '../service.domain';
import { EscalationPolicyEntity } from './entities/escalation-policy.entity';
import { RoutingRuleEntity } from './entities/routing-rule.entity';
import { SilenceEntity } from './entities/silence.entity';
import { AlertConfig1796626100000 } from './migrations/1796626100000-alert-config';

const TABLES = ['escalation_policy', 'routing_rule', 'silence'];

/** The alert configuration's migration on an empty database of its own: it matches the entities, and it reverts. */
describe('AlertConfig migration', () => {
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let dataSource: DataSource;

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    const config: DomainDefinition = {
      name: 'alert-config-tables',
      module: class AlertConfigTables {},
      entities: [EscalationPolicyEntity, RoutingRuleEntity, SilenceEntity],
      migrations: [AlertConfig1796626100000],
    };
    const schema = assembleSchema([AuditDomain, AuthDomain, ServiceDomain, config]);
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

  it('lets an organisation have only one default escalation policy', async () => {
    const [org] = await dataSource.query<{ id: string }[]>(
      `INSERT INTO organization (name, slug) VALUES ('Migration', 'alert-config-migration')
       RETURNING id`,
    );
    const insert = (name: string) =>
      dataSource.query(
        `INSERT INTO escalation_policy (organization_id, name, is_default, levels)
         VALUES ($1, $2, true, '[]')`,
        [org.id, name],
      );
    await insert('first');
    await expect(insert('second')).rejects.toThrow(/escalation_policy_organization_default_idx/);
    await dataSource.query(`DELETE FROM organization WHERE id = $1`, [org.id]);
  });

  it('drops the tables on revert, and re-applies cleanly', async () => {
    await dataSource.undoLastMigration({ transaction: 'each' });
    expect(await rowSecurity()).toEqual([]);
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await rowSecurity()).toHaveLength(TABLES.length);
  });
});
