import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** The roll-up columns of host_sample_minute and host_sample_hour (HostRollupColumns). */
const ROLLUP_COLUMNS = `
        "samples" INTEGER NOT NULL,
        "cpu_avg" DOUBLE PRECISION NOT NULL,
        "cpu_max" DOUBLE PRECISION NOT NULL,
        "memory_avg" DOUBLE PRECISION NOT NULL,
        "memory_max" DOUBLE PRECISION NOT NULL,
        "disk_avg" DOUBLE PRECISION,
        "disk_max" DOUBLE PRECISION,
        "load1_avg" DOUBLE PRECISION NOT NULL,
        "rx_avg" DOUBLE PRECISION NOT NULL,
        "rx_max" DOUBLE PRECISION NOT NULL,
        "tx_avg" DOUBLE PRECISION NOT NULL,
        "tx_max" DOUBLE PRECISION NOT NULL,`;

/** Samples and roll-ups are read and pruned across organisations by the leader (platform scope). */
const PLATFORM = {
  alsoVisibleWhen: ['hyperion_platform_scope()'],
  alsoWritableWhen: ['hyperion_platform_scope()'],
};

/**
 * The host table and its samples (raw, 1-minute and 1-hour roll-ups), exactly as their entities
 * describe them (constraints named as the entities name them), with row-level security. Hosts
 * are also visible (and writable) in platform scope, where the scheduler finds the due samples
 * of every organisation; samples are rolled up and pruned there.
 */
export class Host1796700000002 implements MigrationInterface {
  name = 'Host1796700000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "host" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "kind" VARCHAR(16) NOT NULL,
        "url" VARCHAR(2048),
        "secret" TEXT,
        "interval_seconds" INTEGER NOT NULL,
        "enabled" BOOLEAN NOT NULL,
        "tags" JSONB NOT NULL,
        "cpu_threshold" INTEGER,
        "memory_threshold" INTEGER,
        "disk_threshold" INTEGER,
        "threshold_seconds" INTEGER NOT NULL,
        "state" VARCHAR(8) NOT NULL,
        "failures" INTEGER NOT NULL,
        "state_changed_at" TIMESTAMPTZ NOT NULL,
        "last_sample_at" TIMESTAMPTZ,
        "last_error" VARCHAR(500),
        "collector_state" JSONB,
        "threshold_state" JSONB NOT NULL,
        "next_sample_at" TIMESTAMPTZ NOT NULL,
        "running_until" TIMESTAMPTZ,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "host_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "host_organization_name_key" UNIQUE ("organization_id", "name")
      )`);
    await q.query(`CREATE INDEX "host_due_idx" ON "host" ("next_sample_at") WHERE "enabled"`);
    await enableTenantRls(q, 'host', PLATFORM);

    await q.query(`
      CREATE TABLE "host_sample" (
        "organization_id" UUID NOT NULL,
        "host_id" UUID NOT NULL,
        "at" TIMESTAMPTZ NOT NULL,
        "cpu_percent" DOUBLE PRECISION NOT NULL,
        "memory_percent" DOUBLE PRECISION NOT NULL,
        "disk_percent" DOUBLE PRECISION,
        "load1" DOUBLE PRECISION NOT NULL,
        "rx_bytes_per_second" DOUBLE PRECISION NOT NULL,
        "tx_bytes_per_second" DOUBLE PRECISION NOT NULL,
        "detail" JSONB NOT NULL,
        CONSTRAINT "host_sample_pkey" PRIMARY KEY ("organization_id", "host_id", "at"),
        CONSTRAINT "host_sample_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "host_sample_host_id_fkey" FOREIGN KEY ("host_id")
          REFERENCES "host"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "host_sample_at_idx" ON "host_sample" ("at")`);
    await enableTenantRls(q, 'host_sample', PLATFORM);

    for (const table of ['host_sample_minute', 'host_sample_hour']) {
      await q.query(`
        CREATE TABLE "${table}" (
          "organization_id" UUID NOT NULL,
          "host_id" UUID NOT NULL,
          "at" TIMESTAMPTZ NOT NULL,${ROLLUP_COLUMNS}
          CONSTRAINT "${table}_pkey" PRIMARY KEY ("organization_id", "host_id", "at"),
          CONSTRAINT "${table}_organization_id_fkey" FOREIGN KEY ("organization_id")
            REFERENCES "organization"("id") ON DELETE CASCADE,
          CONSTRAINT "${table}_host_id_fkey" FOREIGN KEY ("host_id")
            REFERENCES "host"("id") ON DELETE CASCADE
        )`);
      await q.query(`CREATE INDEX "${table}_at_idx" ON "${table}" ("at")`);
      await enableTenantRls(q, table, PLATFORM);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // Their policies go with them.
    await q.query(`DROP TABLE "host_sample_hour"`);
    await q.query(`DROP TABLE "host_sample_minute"`);
    await q.query(`DROP TABLE "host_sample"`);
    await q.query(`DROP TABLE "host"`);
  }
}
