import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

const orgFk = (table: string) =>
  `CONSTRAINT "${table}_organization_id_fkey" FOREIGN KEY ("organization_id")
     REFERENCES "organization"("id") ON DELETE CASCADE`;

/**
 * On-call: contacts, teams (ordered members), schedules and their overrides, exactly as the
 * entities describe them, each with row-level security. A contact's or a schedule's iCal token
 * is also visible outside its organisation to the transaction that names it as a lookup (the
 * public feeds find their organisation that way, as API keys do by prefix).
 */
export class OnCall1795420000000 implements MigrationInterface {
  name = 'OnCall1795420000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "contact" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "user_id" UUID,
        "email" VARCHAR(254),
        "phone" VARCHAR(16),
        "handles" JSONB NOT NULL DEFAULT '{}',
        "time_zone" VARCHAR(64) NOT NULL,
        "ical_token" VARCHAR(64) NOT NULL,
        "notification_preferences" JSONB,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        ${orgFk('contact')},
        CONSTRAINT "contact_user_id_fkey" FOREIGN KEY ("user_id")
          REFERENCES "app_user"("id") ON DELETE SET NULL,
        CONSTRAINT "contact_organization_name_key" UNIQUE ("organization_id", "name"),
        CONSTRAINT "contact_organization_user_key" UNIQUE ("organization_id", "user_id"),
        CONSTRAINT "contact_organization_ical_token_key" UNIQUE ("organization_id", "ical_token")
      )`);
    await q.query(`CREATE INDEX "contact_ical_token_idx" ON "contact" ("ical_token")`);

    await q.query(`
      CREATE TABLE "team" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "description" TEXT NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        ${orgFk('team')},
        CONSTRAINT "team_organization_name_key" UNIQUE ("organization_id", "name")
      )`);
    await q.query(`
      CREATE TABLE "team_member" (
        "team_id" UUID NOT NULL,
        "contact_id" UUID NOT NULL,
        "organization_id" UUID NOT NULL,
        "position" INTEGER NOT NULL,
        PRIMARY KEY ("organization_id", "team_id", "contact_id"),
        ${orgFk('team_member')},
        CONSTRAINT "team_member_team_id_fkey" FOREIGN KEY ("team_id")
          REFERENCES "team"("id") ON DELETE CASCADE,
        CONSTRAINT "team_member_contact_id_fkey" FOREIGN KEY ("contact_id")
          REFERENCES "contact"("id") ON DELETE CASCADE
      )`);
    await q.query(`CREATE INDEX "team_member_contact_idx" ON "team_member" ("contact_id")`);

    await q.query(`
      CREATE TABLE "schedule" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "description" TEXT NOT NULL,
        "time_zone" VARCHAR(64) NOT NULL,
        "layers" JSONB NOT NULL,
        "ical_token" VARCHAR(64) NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        ${orgFk('schedule')},
        CONSTRAINT "schedule_organization_name_key" UNIQUE ("organization_id", "name"),
        CONSTRAINT "schedule_organization_ical_token_key" UNIQUE ("organization_id", "ical_token")
      )`);
    await q.query(`CREATE INDEX "schedule_ical_token_idx" ON "schedule" ("ical_token")`);

    await q.query(`
      CREATE TABLE "schedule_override" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "schedule_id" UUID NOT NULL,
        "contact_id" UUID NOT NULL,
        "starts_at" TIMESTAMPTZ NOT NULL,
        "ends_at" TIMESTAMPTZ NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        ${orgFk('schedule_override')},
        CONSTRAINT "schedule_override_schedule_id_fkey" FOREIGN KEY ("schedule_id")
          REFERENCES "schedule"("id") ON DELETE CASCADE,
        CONSTRAINT "schedule_override_contact_id_fkey" FOREIGN KEY ("contact_id")
          REFERENCES "contact"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "schedule_override_schedule_idx" ON "schedule_override" ("schedule_id", "ends_at")`,
    );
    await q.query(
      `CREATE INDEX "schedule_override_contact_idx" ON "schedule_override" ("contact_id")`,
    );

    await enableTenantRls(q, 'contact', {
      alsoVisibleWhen: [`"ical_token" = hyperion_lookup('contact_ical_token')`],
    });
    await enableTenantRls(q, 'team');
    await enableTenantRls(q, 'team_member');
    await enableTenantRls(q, 'schedule', {
      alsoVisibleWhen: [`"ical_token" = hyperion_lookup('schedule_ical_token')`],
    });
    await enableTenantRls(q, 'schedule_override');
  }

  async down(q: QueryRunner): Promise<void> {
    // Their policies go with them.
    await q.query(`DROP TABLE "schedule_override"`);
    await q.query(`DROP TABLE "schedule"`);
    await q.query(`DROP TABLE "team_member"`);
    await q.query(`DROP TABLE "team"`);
    await q.query(`DROP TABLE "contact"`);
  }
}
