import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { describeDomainMigration } from '@hyperion/api/testing';

import { ServiceDomain } from '../service.domain';
import { AlertConfigDomain } from './alert-config.domain';

/** The alert configuration's migration on an empty database of its own: it matches the entities, and it reverts. */
describeDomainMigration(
  'AlertConfig migration',
  {
    domain: AlertConfigDomain,
    buildsOn: [AuditDomain, AuthDomain, ServiceDomain],
    tables: ['escalation_policy', 'routing_rule', 'silence'],
  },
  (db) => {
    it('lets an organisation have only one default escalation policy', async () => {
      const org = await db.createOrganization();
      const insert = (name: string) =>
        db.dataSource.query(
          `INSERT INTO escalation_policy (organization_id, name, is_default, levels)
           VALUES ($1, $2, true, '[]')`,
          [org, name],
        );
      await insert('first');
      await expect(insert('second')).rejects.toThrow(/escalation_policy_organization_default_idx/);
    });
  },
);
