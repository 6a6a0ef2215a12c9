import { ServiceDomain } from '@hyperion/api/alerts';
import { describeDomainMigration } from '@hyperion/api/testing';

import { MonitorDomain } from './monitor.domain';
import { StatusPageDomain } from './status-page.domain';

/**
 * The migration on an empty database of its own: it matches the entities, row-level security is
 * enabled and forced on every table, and it reverts. Components point at monitors and services,
 * so their domains are migrated first.
 */
describeDomainMigration(
  'StatusPage migration',
  {
    domain: StatusPageDomain,
    buildsOn: [ServiceDomain, MonitorDomain],
    tables: [
      'status_page',
      'status_page_component',
      'status_page_incident',
      'status_page_incident_update',
      'status_page_maintenance',
      'status_page_subscriber',
    ],
  },
  (db) => {
    it('lets a page be found by its slug alone, and nothing else of another organisation', async () => {
      const [policy] = await db.dataSource.query<{ qual: string }[]>(
        `SELECT qual FROM pg_policies WHERE tablename = 'status_page'`,
      );
      expect(policy.qual).toContain(`hyperion_lookup('status_page_slug'::text)`);
    });

    it('refuses a component that shows both a monitor and a service, or neither', async () => {
      const org = await db.createOrganization();
      const [page] = await db.dataSource.query<{ id: string }[]>(
        `INSERT INTO status_page (organization_id, slug, name) VALUES ($1, 'p', 'P') RETURNING id`,
        [org],
      );
      await expect(
        db.dataSource.query(
          `INSERT INTO status_page_component
             (organization_id, page_id, group_name, group_position, position)
           VALUES ($1, $2, 'g', 0, 0)`,
          [org, page.id],
        ),
      ).rejects.toThrow(/status_page_component_target_check/);
    });
  },
);
