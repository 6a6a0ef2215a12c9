import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/** Pages and their steps, exactly as the entities describe them, each with row-level security. */
export class Paging1795500000000 implements MigrationInterface {
  name = 'Paging1795500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "page" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "contact_id" UUID,
        "contact_name" VARCHAR(128) NOT NULL,
        "schedule_id" UUID,
        "urgency" VARCHAR(8) NOT NULL,
        "state" VARCHAR(16) NOT NULL,
        "dedup_key" VARCHAR(255),
        "message" JSONB NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "acknowledged_at" TIMESTAMPTZ,
        "acknowledged_by" UUID,
        CONSTRAINT "page_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "page_contact_id_fkey" FOREIGN KEY ("contact_id")
          REFERENCES "contact"("id") ON DELETE SET NULL,
        CONSTRAINT "page_organization_dedup_key_key" UNIQUE ("organization_id", "dedup_key")
      )`);
    await q.query(
      `CREATE INDEX "page_organization_created_idx" ON "page" ("organization_id", "created_at")`,
    );
    await q.query(`
      CREATE TABLE "page_step" (
        "organization_id" UUID NOT NULL,
        "page_id" UUID NOT NULL,
        "step" INTEGER NOT NULL,
        "delay_minutes" INTEGER NOT NULL,
        "kind" VARCHAR(16) NOT NULL,
        "due_at" TIMESTAMPTZ NOT NULL,
        "state" VARCHAR(16) NOT NULL,
        "channel_id" UUID,
        "delivery_id" UUID,
        "reason" TEXT,
        "done_at" TIMESTAMPTZ,
        PRIMARY KEY ("organization_id", "page_id", "step"),
        CONSTRAINT "page_step_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "page_step_page_id_fkey" FOREIGN KEY ("page_id")
          REFERENCES "page"("id") ON DELETE CASCADE
      )`);
    await enableTenantRls(q, 'page');
    await enableTenantRls(q, 'page_step');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "page_step"`);
    await q.query(`DROP TABLE "page"`);
  }
}
