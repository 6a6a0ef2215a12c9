import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The host table, exactly as HostEntity describes it (constraints named
 * as the entity names them), with row-level security: each organisation sees only its rows.
 */
export class Host1796700000002 implements MigrationInterface {
  name = 'Host1796700000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "host" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "host_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "host_organization_name_key" UNIQUE ("organization_id", "name")
      )`);
    await enableTenantRls(q, 'host');
  }

  async down(q: QueryRunner): Promise<void> {
    // Its policy goes with it.
    await q.query(`DROP TABLE "host"`);
  }
}
