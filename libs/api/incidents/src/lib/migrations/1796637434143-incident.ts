import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

import { INCIDENT_SEARCH_VECTOR } from '../incident-search';

const orgFk = (table: string) =>
  `CONSTRAINT "${table}_organization_id_fkey" FOREIGN KEY ("organization_id")
     REFERENCES "organization"("id") ON DELETE CASCADE`;

const userFk = (column: string) =>
  `CONSTRAINT "incident_${column}_fkey" FOREIGN KEY ("${column}")
     REFERENCES "app_user"("id") ON DELETE SET NULL`;

/**
 * Incidents, their timeline, their linked alerts and the settings of each organisation, exactly
 * as the entities describe them (constraints and indexes named as they name them), plus the
 * full-text GIN index TypeORM cannot express; each table with row-level security.
 */
export class Incident1796637434143 implements MigrationInterface {
  name = 'Incident1796637434143';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "incident" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "number" INTEGER NOT NULL,
        "title" VARCHAR(200) NOT NULL,
        "status" VARCHAR(16) NOT NULL,
        "severity" VARCHAR(8) NOT NULL,
        "severity_rank" SMALLINT NOT NULL,
        "reported_at" TIMESTAMPTZ NOT NULL,
        "reporter_kind" VARCHAR(8) NOT NULL,
        "reporter_user_id" UUID,
        "reporter_name" VARCHAR(200),
        "module" VARCHAR(64),
        "error_type" VARCHAR(32),
        "error_type_other" VARCHAR(200),
        "description" TEXT NOT NULL,
        "reproduction_steps" JSONB NOT NULL,
        "expected_behaviour" TEXT,
        "observed_behaviour" TEXT,
        "environment" JSONB NOT NULL,
        "technical_logs" JSONB NOT NULL,
        "analysis" JSONB NOT NULL,
        "proposed_solution" JSONB NOT NULL,
        "test_checklist" JSONB NOT NULL,
        "service_id" UUID,
        "assignee_id" UUID,
        "commander_id" UUID,
        "communications_lead_id" UUID,
        "responder_ids" UUID[] NOT NULL,
        "acknowledged_at" TIMESTAMPTZ,
        "acknowledged_by" JSONB,
        "started_at" TIMESTAMPTZ,
        "started_by" JSONB,
        "resolved_at" TIMESTAMPTZ,
        "resolved_by" JSONB,
        "closed_at" TIMESTAMPTZ,
        "closed_by" JSONB,
        "reopened_at" TIMESTAMPTZ,
        "reopened_by" JSONB,
        "reopen_count" INTEGER NOT NULL,
        "first_acknowledged_at" TIMESTAMPTZ,
        "first_resolved_at" TIMESTAMPTZ,
        "phases" JSONB NOT NULL,
        "alert_count" INTEGER NOT NULL,
        "version" INTEGER NOT NULL,
        "created_by" UUID,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        ${orgFk('incident')},
        ${userFk('reporter_user_id')},
        CONSTRAINT "incident_service_id_fkey" FOREIGN KEY ("service_id")
          REFERENCES "service"("id") ON DELETE SET NULL,
        ${userFk('assignee_id')},
        ${userFk('commander_id')},
        ${userFk('communications_lead_id')},
        ${userFk('created_by')},
        CONSTRAINT "incident_organization_number_key" UNIQUE ("organization_id", "number")
      )`);
    // Keyset pagination of each sort, and the status filter.
    await q.query(
      `CREATE INDEX "incident_organization_reported_idx" ON "incident" ("organization_id", "reported_at", "id")`,
    );
    await q.query(
      `CREATE INDEX "incident_organization_updated_idx" ON "incident" ("organization_id", "updated_at", "id")`,
    );
    await q.query(
      `CREATE INDEX "incident_organization_severity_idx" ON "incident" ("organization_id", "severity_rank", "reported_at", "id")`,
    );
    await q.query(
      `CREATE INDEX "incident_organization_status_idx" ON "incident" ("organization_id", "status")`,
    );
    await q.query(
      `CREATE INDEX "incident_search_idx" ON "incident" USING GIN (${INCIDENT_SEARCH_VECTOR})`,
    );

    await q.query(`
      CREATE TABLE "incident_timeline" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "incident_id" UUID NOT NULL,
        "at" TIMESTAMPTZ NOT NULL,
        "kind" VARCHAR(24) NOT NULL,
        "actor" JSONB NOT NULL,
        "summary" VARCHAR(500) NOT NULL,
        "body" TEXT,
        "details" JSONB NOT NULL,
        "pinned" BOOLEAN NOT NULL DEFAULT false,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        ${orgFk('incident_timeline')},
        CONSTRAINT "incident_timeline_incident_id_fkey" FOREIGN KEY ("incident_id")
          REFERENCES "incident"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "incident_timeline_incident_idx" ON "incident_timeline" ("organization_id", "incident_id", "at", "id")`,
    );

    await q.query(`
      CREATE TABLE "incident_alert" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "incident_id" UUID NOT NULL,
        "alert_id" UUID NOT NULL,
        "linked_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "emitted_at" TIMESTAMPTZ,
        ${orgFk('incident_alert')},
        CONSTRAINT "incident_alert_incident_id_fkey" FOREIGN KEY ("incident_id")
          REFERENCES "incident"("id") ON DELETE CASCADE,
        CONSTRAINT "incident_alert_alert_id_fkey" FOREIGN KEY ("alert_id")
          REFERENCES "alert"("id") ON DELETE CASCADE,
        CONSTRAINT "incident_alert_organization_incident_alert_key"
          UNIQUE ("organization_id", "incident_id", "alert_id")
      )`);
    await q.query(
      `CREATE INDEX "incident_alert_alert_idx" ON "incident_alert" ("organization_id", "alert_id")`,
    );

    await q.query(`
      CREATE TABLE "incident_settings" (
        "organization_id" UUID PRIMARY KEY,
        "modules" JSONB NOT NULL,
        "open_from_alert_severities" JSONB NOT NULL,
        "resolve_alerts_on_resolve" BOOLEAN NOT NULL,
        "contacts" JSONB NOT NULL,
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        ${orgFk('incident_settings')}
      )`);

    for (const table of ['incident', 'incident_timeline', 'incident_alert', 'incident_settings']) {
      await enableTenantRls(q, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    // Their indexes and policies go with them.
    await q.query(`DROP TABLE "incident_settings"`);
    await q.query(`DROP TABLE "incident_alert"`);
    await q.query(`DROP TABLE "incident_timeline"`);
    await q.query(`DROP TABLE "incident"`);
  }
}
