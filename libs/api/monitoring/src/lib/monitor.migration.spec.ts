import { describeDomainMigration } from '@hyperion/api/testing';

import { MonitorDomain } from './monitor.domain';

/**
 * The migration on an empty database of its own: it matches the entity, row-level security is
 * enabled and forced, and it reverts. A migration that creates another table names it in `tables`;
 * checks of its own (a constraint, an index) go in the last argument: `(db) => { it(…) }`.
 */
describeDomainMigration(
  'Monitor migration',
  { domain: MonitorDomain, tables: ['monitor', 'monitor_result'] },
  (db) => {
    it('gives existing monitors whose latency is a response time the 2 s threshold, if their timeout leaves room', async () => {
      const ds = db.dataSource;
      const organizationId = await db.createOrganization();
      // Back to before the response-time migration (the last one), with monitors of every sort.
      await ds.undoLastMigration({ transaction: 'each' });
      const monitors: [string, string, number][] = [
        ['web', 'http', 10],
        ['port', 'tcp', 10],
        ['name', 'dns', 5],
        ['host', 'ping', 10],
        ['db', 'postgres', 10],
        ['cache', 'redis', 10],
        ['quick', 'http', 2],
        ['disk', 'disk', 10],
        ['log', 'log', 10],
        ['job', 'push', 10],
      ];
      for (const [name, kind, timeout] of monitors) {
        await ds.query(
          `INSERT INTO "monitor" ("organization_id", "name", "kind", "target", "interval_seconds",
                                  "timeout_seconds", "retries", "enabled", "tags", "state",
                                  "failures", "state_changed_at", "next_check_at")
           VALUES ($1, $2, $3, '{}', 60, $4, 1, true, '[]', 'down', 3, now(), now())`,
          [organizationId, name, kind, timeout],
        );
      }
      await ds.runMigrations({ transaction: 'each' });

      const rows = await ds.query<
        { name: string; threshold: number | null; slow: boolean; n: number }[]
      >(
        `SELECT "name", "response_time_threshold_ms" AS "threshold", "slow", "slow_checks" AS "n"
           FROM "monitor" WHERE "organization_id" = $1 ORDER BY "name"`,
        [organizationId],
      );
      expect(rows).toEqual(
        [
          { name: 'cache', threshold: 2000 },
          { name: 'db', threshold: 2000 },
          { name: 'disk', threshold: null },
          { name: 'host', threshold: 2000 },
          { name: 'job', threshold: null },
          { name: 'log', threshold: null },
          { name: 'name', threshold: 2000 },
          { name: 'port', threshold: 2000 },
          { name: 'quick', threshold: null },
          { name: 'web', threshold: 2000 },
        ].map((row) => ({ ...row, slow: false, n: 0 })),
      );
      await ds.query(`DELETE FROM "monitor" WHERE "organization_id" = $1`, [organizationId]);
    });
  },
);
