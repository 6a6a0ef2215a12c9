import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A monitor's response-time threshold ("response time > 2 s" raises an alert): an UP check
 * slower than `response_time_threshold_ms` is slow, `retries + 1` slow checks in a row make the
 * monitor `slow` (one warning alert), a check within the threshold clears it.
 *
 * Existing monitors: the kinds whose latency is a response time (http, tcp, dns, ping, postgres,
 * redis) get the default a new monitor of those kinds gets, 2000 ms, so an upgrade does not
 * leave the old monitors without the alert the new ones have. Only where the timeout is longer
 * than that: with a timeout of 2 s or less a check slower than 2 s times out and fails, so the
 * threshold could never fire, and the API refuses a threshold above the timeout anyway. push,
 * disk and log monitors stay NULL (off): a push measures no latency, and how long a disk or a
 * log file takes to read says nothing about a service's responsiveness. Nobody is alerted by
 * the upgrade itself: every monitor starts not slow, with no slow check counted.
 */
export class MonitorResponseTime1796700000006 implements MigrationInterface {
  name = 'MonitorResponseTime1796700000006';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "monitor"
        ADD COLUMN "response_time_threshold_ms" INTEGER,
        ADD COLUMN "slow_checks" INTEGER NOT NULL DEFAULT 0,
        ADD COLUMN "slow" BOOLEAN NOT NULL DEFAULT false`);
    // The table's row-level security is forced: in platform scope the owner sees every
    // organisation's monitors (for this transaction only; each migration has its own).
    await q.query(`SELECT set_config('hyperion.platform', 'on', true)`);
    await q.query(`
      UPDATE "monitor" SET "response_time_threshold_ms" = 2000
       WHERE "kind" IN ('http', 'tcp', 'dns', 'ping', 'postgres', 'redis')
         AND "timeout_seconds" * 1000 > 2000`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE "monitor"
        DROP COLUMN "slow",
        DROP COLUMN "slow_checks",
        DROP COLUMN "response_time_threshold_ms"`);
  }
}
