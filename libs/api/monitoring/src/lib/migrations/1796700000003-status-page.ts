import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The status_page table, exactly as StatusPageEntity describes it (constraints named
 * as the entity names them), with row-level security: each organisation sees only its rows.
 */
export class StatusPage1796700000003 implements MigrationInterface {
  name = 'StatusPage1796700000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "status_page" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "status_page_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "status_page_organization_name_key" UNIQUE ("organization_id", "name")
      )`);
    await enableTenantRls(q, 'status_page');
  }

  async down(q: QueryRunner): Promise<void> {
    // Its policy goes with it.
    await q.query(`DROP TABLE "status_page"`);
  }
}
