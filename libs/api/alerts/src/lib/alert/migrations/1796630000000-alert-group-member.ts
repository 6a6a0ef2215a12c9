import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The alerts waiting in a group move from a column of the alert (`notify_group`) to a table of
 * their own (`alert_group_member`), as AlertGroupMemberEntity describes it: a flush takes its
 * members without locking the alert rows that ingest keeps updating (a flush of 8,000 alerts
 * held them for 335 ms, and every repeat of one of them waited). Alerts already waiting move.
 */
export class AlertGroupMember1796630000000 implements MigrationInterface {
  name = 'AlertGroupMember1796630000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "alert_group_member" (
        "organization_id" UUID NOT NULL,
        "group_key" VARCHAR(128) NOT NULL,
        "alert_id" UUID NOT NULL,
        PRIMARY KEY ("organization_id", "group_key", "alert_id"),
        CONSTRAINT "alert_group_member_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "alert_group_member_alert_id_fkey" FOREIGN KEY ("alert_id")
          REFERENCES "alert"("id") ON DELETE CASCADE
      )`);
    await enableTenantRls(q, 'alert_group_member');
    await q.query(`
      INSERT INTO "alert_group_member" ("organization_id", "group_key", "alert_id")
      SELECT "organization_id", "notify_group", "id" FROM "alert" WHERE "notify_group" IS NOT NULL`);
    await q.query(`DROP INDEX "alert_organization_notify_group_idx"`);
    await q.query(`ALTER TABLE "alert" DROP COLUMN "notify_group"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "alert" ADD COLUMN "notify_group" VARCHAR(128)`);
    await q.query(`
      UPDATE "alert" a SET "notify_group" = m."group_key"
        FROM "alert_group_member" m WHERE m."alert_id" = a."id"`);
    await q.query(
      `CREATE INDEX "alert_organization_notify_group_idx" ON "alert" ("organization_id", "notify_group") WHERE "notify_group" IS NOT NULL`,
    );
    // Its policy goes with it.
    await q.query(`DROP TABLE "alert_group_member"`);
  }
}
