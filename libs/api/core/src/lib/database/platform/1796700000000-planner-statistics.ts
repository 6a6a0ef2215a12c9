import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `hyperion_refresh_statistics(min_rows)`: ANALYZEs (at most four per call) the tables of the
 * schema whose live rows reached `min_rows` and more than twice what the planner last counted.
 *
 * Why: every tenant query filters on `organization_id`, and until a table is analyzed the planner
 * takes that filter for a selective one (0.5 % of the rows) when it matches them all. On a table
 * that just grew — an alert storm in a new organisation, in the minute before autovacuum comes
 * by — it then reads the organisation's whole table for one key (measured: the ingest's alert
 * lookup 1.9 ms and 340 buffers instead of 0.1 ms). It runs as the tables' owner (SECURITY
 * DEFINER: the application role owns nothing and may not ANALYZE), and does nothing else.
 */
export class PlannerStatistics1796700000000 implements MigrationInterface {
  name = 'PlannerStatistics1796700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION hyperion_refresh_statistics(min_rows integer) RETURNS SETOF text
        LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
      DECLARE
        t record;
      BEGIN
        FOR t IN
          SELECT c.relname
            FROM pg_class c
            JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
            JOIN pg_stat_user_tables s ON s.relid = c.oid
           WHERE c.relkind = 'r' AND c.relowner = (SELECT oid FROM pg_roles WHERE rolname = current_user)
             AND s.n_live_tup >= greatest(min_rows, 1)
             AND s.n_live_tup > 2 * greatest(c.reltuples, 0)
           ORDER BY s.n_live_tup DESC
           LIMIT 4
        LOOP
          EXECUTE format('ANALYZE public.%I', t.relname);
          RETURN NEXT t.relname;
        END LOOP;
      END $$`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION hyperion_refresh_statistics(integer)`);
  }
}
