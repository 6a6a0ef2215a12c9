import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

const orgFk = (table: string) =>
  `CONSTRAINT "${table}_organization_id_fkey" FOREIGN KEY ("organization_id")
     REFERENCES "organization"("id") ON DELETE CASCADE`;

const incidentFk = (table: string) =>
  `CONSTRAINT "${table}_incident_id_fkey" FOREIGN KEY ("incident_id")
     REFERENCES "incident"("id") ON DELETE CASCADE`;

const userFk = (table: string, column: string) =>
  `CONSTRAINT "${table}_${column}_fkey" FOREIGN KEY ("${column}")
     REFERENCES "app_user"("id") ON DELETE SET NULL`;

/**
 * The records of incidents: attachments (their bytes under DATA_DIR), post-mortems and their
 * action items, exactly as the entities describe them, each with row-level security.
 */
export class IncidentRecords1796637500000 implements MigrationInterface {
  name = 'IncidentRecords1796637500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "incident_attachment" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "incident_id" UUID NOT NULL,
        "filename" VARCHAR(200) NOT NULL,
        "content_type" VARCHAR(32) NOT NULL,
        "size" INTEGER NOT NULL,
        "sha256" CHAR(64) NOT NULL,
        "created_by" UUID,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        ${orgFk('incident_attachment')},
        ${incidentFk('incident_attachment')},
        ${userFk('incident_attachment', 'created_by')}
      )`);
    await q.query(
      `CREATE INDEX "incident_attachment_incident_idx"
         ON "incident_attachment" ("organization_id", "incident_id", "created_at")`,
    );
    await enableTenantRls(q, 'incident_attachment');

    await q.query(`
      CREATE TABLE "incident_postmortem" (
        "incident_id" UUID NOT NULL,
        "organization_id" UUID NOT NULL,
        "summary" TEXT NOT NULL,
        "root_cause" TEXT NOT NULL,
        "impact" TEXT NOT NULL,
        "timeline" JSONB NOT NULL,
        "went_well" TEXT NOT NULL,
        "went_badly" TEXT NOT NULL,
        "status" VARCHAR(16) NOT NULL,
        "version" INTEGER NOT NULL,
        "created_by" UUID,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        ${orgFk('incident_postmortem')},
        ${incidentFk('incident_postmortem')},
        ${userFk('incident_postmortem', 'created_by')},
        PRIMARY KEY ("organization_id", "incident_id")
      )`);
    await enableTenantRls(q, 'incident_postmortem');

    await q.query(`
      CREATE TABLE "incident_action_item" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "incident_id" UUID NOT NULL,
        "title" VARCHAR(500) NOT NULL,
        "owner_id" UUID,
        "due_date" DATE,
        "status" VARCHAR(16) NOT NULL,
        "done_at" TIMESTAMPTZ,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        ${orgFk('incident_action_item')},
        ${incidentFk('incident_action_item')},
        ${userFk('incident_action_item', 'owner_id')}
      )`);
    await q.query(
      `CREATE INDEX "incident_action_item_status_due_idx"
         ON "incident_action_item" ("organization_id", "status", "due_date")`,
    );
    await q.query(
      `CREATE INDEX "incident_action_item_incident_idx"
         ON "incident_action_item" ("organization_id", "incident_id")`,
    );
    await enableTenantRls(q, 'incident_action_item');
  }

  async down(q: QueryRunner): Promise<void> {
    // Their policies go with them.
    await q.query(`DROP TABLE "incident_action_item"`);
    await q.query(`DROP TABLE "incident_postmortem"`);
    await q.query(`DROP TABLE "incident_attachment"`);
  }
}
