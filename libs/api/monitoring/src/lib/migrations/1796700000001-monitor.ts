import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The monitor and monitor_result tables, exactly as their entities describe them (constraints
 * named as the entities name them), with row-level security. A monitor is also visible (and
 * writable) in platform scope, where the scheduler finds the due monitors of every organisation,
 * and by its push token (the push URL's credential) before its organisation is known; results
 * are pruned in platform scope.
 */
export class Monitor1796700000001 implements MigrationInterface {
  name = 'Monitor1796700000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "monitor" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "kind" VARCHAR(16) NOT NULL,
        "target" JSONB NOT NULL,
        "secret" TEXT,
        "interval_seconds" INTEGER NOT NULL,
        "timeout_seconds" INTEGER NOT NULL,
        "retries" INTEGER NOT NULL,
        "enabled" BOOLEAN NOT NULL,
        "service_id" UUID,
        "group_name" VARCHAR(64),
        "tags" JSONB NOT NULL,
        "state" VARCHAR(8) NOT NULL,
        "failures" INTEGER NOT NULL,
        "last_checked_at" TIMESTAMPTZ,
        "last_latency_ms" INTEGER,
        "last_message" VARCHAR(500),
        "state_changed_at" TIMESTAMPTZ NOT NULL,
        "check_state" JSONB,
        "push_token" VARCHAR(64),
        "next_check_at" TIMESTAMPTZ NOT NULL,
        "running_until" TIMESTAMPTZ,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "monitor_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "monitor_organization_name_key" UNIQUE ("organization_id", "name"),
        CONSTRAINT "monitor_organization_push_token_key" UNIQUE ("organization_id", "push_token")
      )`);
    await q.query(`CREATE INDEX "monitor_due_idx" ON "monitor" ("next_check_at") WHERE "enabled"`);
    await enableTenantRls(q, 'monitor', {
      alsoVisibleWhen: [
        'hyperion_platform_scope()',
        `"push_token" = hyperion_lookup('monitor_push_token')`,
      ],
      alsoWritableWhen: ['hyperion_platform_scope()'],
    });
    await q.query(`
      CREATE TABLE "monitor_result" (
        "id" BIGSERIAL PRIMARY KEY,
        "organization_id" UUID NOT NULL,
        "monitor_id" UUID NOT NULL,
        "checked_at" TIMESTAMPTZ NOT NULL,
        "up" BOOLEAN NOT NULL,
        "latency_ms" INTEGER,
        "message" VARCHAR(500) NOT NULL,
        CONSTRAINT "monitor_result_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "monitor_result_monitor_id_fkey" FOREIGN KEY ("monitor_id")
          REFERENCES "monitor"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE INDEX "monitor_result_monitor_checked_idx"
        ON "monitor_result" ("organization_id", "monitor_id", "checked_at")`);
    await q.query(`CREATE INDEX "monitor_result_checked_idx" ON "monitor_result" ("checked_at")`);
    await enableTenantRls(q, 'monitor_result', {
      alsoVisibleWhen: ['hyperion_platform_scope()'],
      alsoWritableWhen: ['hyperion_platform_scope()'],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    // Their policies go with them.
    await q.query(`DROP TABLE "monitor_result"`);
    await q.query(`DROP TABLE "monitor"`);
  }
}
