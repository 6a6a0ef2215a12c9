import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

import { incidentSearchDocument } from '../incident-search';

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
        "search_vector" TSVECTOR NOT NULL,
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
    // The search document, stored by a trigger on every write (see incident-search.ts).
    await q.query(`
      CREATE FUNCTION incident_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW."search_vector" := ${incidentSearchDocument('NEW.')};
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER "incident_search_vector" BEFORE INSERT OR UPDATE ON "incident"
        FOR EACH ROW EXECUTE FUNCTION incident_search_vector()`);
    await q.query(`CREATE INDEX "incident_search_idx" ON "incident" USING GIN ("search_vector")`);
    // The ids of the current organisation's incidents matching a search, at most `max`. Under
    // row-level security PostgreSQL may not use the GIN index for `@@` (not a leakproof
    // operator: it may only run after the policy's check, row by row), so a rare word cost a
    // walk of every incident. Where the owner may bypass row-level security (a superuser, as
    // the embedded PostgreSQL's), the function runs as the owner, scoped to the organisation of
    // the transaction, and reads the index; otherwise it runs as the caller, under the policy.
    await q.query(`
      DO $do$
      DECLARE
        definer boolean := (SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user);
      BEGIN
        EXECUTE format($f$
          CREATE FUNCTION incident_search_ids(query tsquery, max integer) RETURNS SETOF uuid
          LANGUAGE sql STABLE %s SET search_path = public, pg_temp AS $body$
            SELECT "id" FROM "incident"
             WHERE "organization_id" = hyperion_current_org() AND "search_vector" @@ query
             LIMIT max
          $body$$f$, CASE WHEN definer THEN 'SECURITY DEFINER' ELSE 'SECURITY INVOKER' END);
      END $do$`);

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
    // Their indexes, policies and triggers go with them.
    await q.query(`DROP TABLE "incident_settings"`);
    await q.query(`DROP TABLE "incident_alert"`);
    await q.query(`DROP TABLE "incident_timeline"`);
    await q.query(`DROP TABLE "incident"`);
    await q.query(`DROP FUNCTION incident_search_ids(tsquery, integer)`);
    await q.query(`DROP FUNCTION incident_search_vector()`);
  }
}
