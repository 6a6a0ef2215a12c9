import { AlertsDomain, ServiceDomain } from '@hyperion/api/alerts';
import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { describeDomainMigration } from '@hyperion/api/testing';

import { IncidentAlertEntity } from './entities/incident-alert.entity';
import { IncidentSettingsEntity } from './entities/incident-settings.entity';
import { IncidentTimelineEntity } from './entities/incident-timeline.entity';
import { IncidentEntity } from './entities/incident.entity';
import { Incident1796637434143 } from './migrations/1796637434143-incident';

/**
 * The core incident migration on an empty database of its own, without the records' (their spec
 * is incident-records.migration.spec.ts): it matches the core entities, and it reverts.
 */
describeDomainMigration(
  'Incident migration',
  {
    domain: {
      entities: [
        IncidentEntity,
        IncidentTimelineEntity,
        IncidentAlertEntity,
        IncidentSettingsEntity,
      ],
      migrations: [Incident1796637434143],
    },
    buildsOn: [AuditDomain, AuthDomain, ServiceDomain, AlertsDomain],
    tables: ['incident', 'incident_alert', 'incident_settings', 'incident_timeline'],
  },
  (db) => {
    it('searches through the full-text index with the expression the list query uses', async () => {
      const plan = await db.dataSource.transaction(async (m) => {
        await m.query(`SET LOCAL enable_seqscan = off`);
        return m.query<{ 'QUERY PLAN': string }[]>(
          `EXPLAIN SELECT "id" FROM "incident"
            WHERE "search_vector" @@ websearch_to_tsquery('french'::regconfig, 'sauvegarde')`,
        );
      });
      expect(plan.map((p) => p['QUERY PLAN']).join('\n')).toContain('incident_search_idx');
    });
  },
);
