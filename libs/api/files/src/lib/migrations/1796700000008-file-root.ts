import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The file_root table, exactly as FileRootEntity describes it (constraints named
 * as the entity names them), with row-level security: each organisation sees only its rows.
 */
export class FileRoot1796700000008 implements MigrationInterface {
  name = 'FileRoot1796700000008';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "file_root" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "kind" VARCHAR(16) NOT NULL,
        "path" TEXT NOT NULL,
        "read_only" BOOLEAN NOT NULL DEFAULT false,
        "allowed_roles" TEXT[] NOT NULL DEFAULT '{}',
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "file_root_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "file_root_organization_name_key" UNIQUE ("organization_id", "name")
      )`);
    await enableTenantRls(q, 'file_root');
  }

  async down(q: QueryRunner): Promise<void> {
    // Its policy goes with it.
    await q.query(`DROP TABLE "file_root"`);
  }
}
