import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Audit entries carry the organisation they concern (null: instance-level). Entries written
 * before organisations existed belong to the "Default" organisation, the only one there was.
 */
export class AuditOrganization1764000000002 implements MigrationInterface {
  name = 'AuditOrganization1764000000002';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "audit_log" ADD "organization_id" UUID
       CONSTRAINT "audit_log_organization_id_fkey" REFERENCES "organization"("id")`,
    );
    await q.query(`ALTER TABLE "audit_log" DISABLE TRIGGER "audit_log_no_update_delete"`);
    await q.query(
      `UPDATE "audit_log" SET "organization_id" = (SELECT "id" FROM "organization" WHERE "slug" = 'default')`,
    );
    await q.query(`ALTER TABLE "audit_log" ENABLE TRIGGER "audit_log_no_update_delete"`);
    await q.query(
      `CREATE INDEX "audit_log_organization_idx" ON "audit_log" ("organization_id", "id")`,
    );
    // Instance-level code (lockout counting, platform administration) reads across organisations.
    await enableTenantRls(q, 'audit_log', {
      alsoVisibleWhen: ['hyperion_platform_scope()'],
      alsoWritableWhen: ['hyperion_platform_scope()'],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP POLICY "audit_log_tenant" ON "audit_log"`);
    await q.query(`ALTER TABLE "audit_log" NO FORCE ROW LEVEL SECURITY`);
    await q.query(`ALTER TABLE "audit_log" DISABLE ROW LEVEL SECURITY`);
    await q.query(`DROP INDEX "audit_log_organization_idx"`);
    await q.query(`ALTER TABLE "audit_log" DROP COLUMN "organization_id"`);
  }
}
