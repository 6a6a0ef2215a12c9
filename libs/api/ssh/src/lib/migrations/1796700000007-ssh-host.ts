import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ssh_host table, exactly as SshHostEntity describes it (constraints named
 * as the entity names them), with row-level security: each organisation sees only its rows.
 */
export class SshHost1796700000007 implements MigrationInterface {
  name = 'SshHost1796700000007';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "ssh_host" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "ssh_host_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "ssh_host_organization_name_key" UNIQUE ("organization_id", "name")
      )`);
    await enableTenantRls(q, 'ssh_host');
  }

  async down(q: QueryRunner): Promise<void> {
    // Its policy goes with it.
    await q.query(`DROP TABLE "ssh_host"`);
  }
}
