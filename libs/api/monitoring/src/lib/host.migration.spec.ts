import { describeDomainMigration } from '@hyperion/api/testing';

import { HostDomain } from './host.domain';

/**
 * The migration on an empty database of its own: it matches the entities, row-level security is
 * enabled and forced on the host table and its sample tables, and it reverts.
 */
describeDomainMigration(
  'Host migration',
  {
    domain: HostDomain,
    tables: ['host', 'host_sample', 'host_sample_hour', 'host_sample_minute'],
  },
  (db) => {
    it('keys every sample table by organisation, host and time, with an index on time for pruning', async () => {
      const rows = await db.dataSource.query<{ table: string; key: string; at: boolean }[]>(
        `SELECT t.relname AS "table",
                pg_get_constraintdef(c.oid) AS "key",
                EXISTS (SELECT 1 FROM pg_indexes i
                         WHERE i.tablename = t.relname AND i.indexname = t.relname || '_at_idx')
                  AS "at"
           FROM pg_constraint c JOIN pg_class t ON t.oid = c.conrelid
          WHERE c.contype = 'p' AND t.relname LIKE 'host_sample%'
          ORDER BY t.relname`,
      );
      expect(rows).toEqual(
        ['host_sample', 'host_sample_hour', 'host_sample_minute'].map((table) => ({
          table,
          key: 'PRIMARY KEY (organization_id, host_id, at)',
          at: true,
        })),
      );
    });
  },
);
