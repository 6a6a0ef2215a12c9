import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

const org = (table: string) => `
        CONSTRAINT "${table}_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE`;

/**
 * Alerts, their activity, groups, notifications with their escalation steps, and the critical
 * alert events with their daily roll-up (kept by a statement-level trigger), exactly as the
 * entities describe them, each with row-level security.
 */
export class Alerts1796626000000 implements MigrationInterface {
  name = 'Alerts1796626000000';

  async up(q: QueryRunner): Promise<void> {
    // Room on each page for the repeats' new row versions (HOT updates: no index touched).
    await q.query(`
      CREATE TABLE "alert" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "service_id" UUID,
        "integration_id" UUID,
        "dedup_key" VARCHAR(255) NOT NULL,
        "summary" VARCHAR(1024) NOT NULL,
        "source" VARCHAR(255) NOT NULL,
        "severity" VARCHAR(8) NOT NULL,
        "urgency" VARCHAR(4) NOT NULL,
        "event_type" VARCHAR(255) NOT NULL,
        "state" VARCHAR(16) NOT NULL,
        "suppressed" VARCHAR(16),
        "inhibited_by" UUID,
        "silence_id" UUID,
        "labels" JSONB NOT NULL,
        "annotations" JSONB NOT NULL,
        "custom_details" JSONB NOT NULL,
        "links" JSONB NOT NULL,
        "component" VARCHAR(255),
        "alert_group" VARCHAR(255),
        "alert_class" VARCHAR(255),
        "generator_url" TEXT,
        "origin" VARCHAR(16) NOT NULL,
        "occurrences" INTEGER NOT NULL,
        "first_seen_at" TIMESTAMPTZ NOT NULL,
        "last_seen_at" TIMESTAMPTZ NOT NULL,
        "last_emitted_at" TIMESTAMPTZ,
        "changed_at" TIMESTAMPTZ NOT NULL,
        "acknowledged_at" TIMESTAMPTZ,
        "acknowledged_by" UUID,
        "resolved_at" TIMESTAMPTZ,
        "snoozed_until" TIMESTAMPTZ,
        "notify_group" VARCHAR(128),${org('alert')},
        CONSTRAINT "alert_service_id_fkey" FOREIGN KEY ("service_id")
          REFERENCES "service"("id") ON DELETE SET NULL,
        CONSTRAINT "alert_organization_dedup_key_key" UNIQUE ("organization_id", "dedup_key")
      ) WITH (fillfactor = 70)`);
    await q.query(
      `CREATE INDEX "alert_organization_changed_idx" ON "alert" ("organization_id", "changed_at")`,
    );
    await q.query(
      `CREATE INDEX "alert_organization_service_state_idx" ON "alert" ("organization_id", "service_id", "state")`,
    );
    await q.query(
      `CREATE INDEX "alert_organization_notify_group_idx" ON "alert" ("organization_id", "notify_group") WHERE "notify_group" IS NOT NULL`,
    );
    await q.query(`
      CREATE TABLE "alert_activity" (
        "id" BIGSERIAL PRIMARY KEY,
        "organization_id" UUID NOT NULL,
        "alert_id" UUID NOT NULL,
        "at" TIMESTAMPTZ NOT NULL,
        "action" VARCHAR(32) NOT NULL,
        "actor" VARCHAR(160) NOT NULL,
        "details" JSONB NOT NULL,${org('alert_activity')},
        CONSTRAINT "alert_activity_alert_id_fkey" FOREIGN KEY ("alert_id")
          REFERENCES "alert"("id") ON DELETE CASCADE
      )`);
    await q.query(
      `CREATE INDEX "alert_activity_alert_idx" ON "alert_activity" ("organization_id", "alert_id", "at")`,
    );
    await q.query(`
      CREATE TABLE "alert_group" (
        "organization_id" UUID NOT NULL,
        "group_key" VARCHAR(128) NOT NULL,
        "service_id" UUID,
        "group_labels" JSONB NOT NULL,
        "last_flushed_at" TIMESTAMPTZ,
        PRIMARY KEY ("organization_id", "group_key"),${org('alert_group')}
      )`);
    await q.query(`
      CREATE TABLE "alert_group_flush" (
        "organization_id" UUID NOT NULL,
        "group_key" VARCHAR(128) NOT NULL,
        "due_at" TIMESTAMPTZ NOT NULL,
        PRIMARY KEY ("organization_id", "group_key"),${org('alert_group_flush')}
      )`);
    await q.query(`
      CREATE TABLE "alert_notification" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "service_id" UUID,
        "group_key" VARCHAR(128) NOT NULL,
        "alert_ids" UUID[] NOT NULL,
        "title" VARCHAR(512) NOT NULL,
        "urgency" VARCHAR(4) NOT NULL,
        "channels" JSONB NOT NULL,
        "state" VARCHAR(16) NOT NULL,
        "escalation_policy_id" UUID,
        "levels" JSONB NOT NULL,
        "repeat" INTEGER NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "recorded_at" TIMESTAMPTZ,${org('alert_notification')}
      )`);
    await q.query(
      `CREATE INDEX "alert_notification_organization_created_idx" ON "alert_notification" ("organization_id", "created_at")`,
    );
    await q.query(
      `CREATE INDEX "alert_notification_alert_ids_idx" ON "alert_notification" USING GIN ("alert_ids")`,
    );
    await q.query(`
      CREATE TABLE "alert_escalation_step" (
        "organization_id" UUID NOT NULL,
        "notification_id" UUID NOT NULL,
        "round" INTEGER NOT NULL,
        "level" INTEGER NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "due_at" TIMESTAMPTZ NOT NULL,
        "state" VARCHAR(16) NOT NULL,
        "reason" TEXT,
        "delivery_ids" JSONB NOT NULL,
        "page_ids" JSONB NOT NULL,
        PRIMARY KEY ("organization_id", "notification_id", "round", "level"),${org('alert_escalation_step')},
        CONSTRAINT "alert_escalation_step_notification_id_fkey" FOREIGN KEY ("notification_id")
          REFERENCES "alert_notification"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "critical_alert_event" (
        "id" BIGSERIAL PRIMARY KEY,
        "organization_id" UUID NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "severity" VARCHAR(8) NOT NULL,
        "event_type" VARCHAR(255) NOT NULL,
        "channel" VARCHAR(16) NOT NULL,
        "fingerprint" VARCHAR(255) NOT NULL,
        "payload_excerpt" JSONB NOT NULL,${org('critical_alert_event')}
      )`);
    // The document's four indexes (created_at descending; type, channel, severity + created_at).
    await q.query(
      `CREATE INDEX "critical_alert_event_created_idx" ON "critical_alert_event" ("organization_id", "created_at" DESC)`,
    );
    for (const [name, column] of [
      ['type', 'event_type'],
      ['channel', 'channel'],
      ['severity', 'severity'],
    ]) {
      await q.query(
        `CREATE INDEX "critical_alert_event_${name}_created_idx" ON "critical_alert_event" ("organization_id", "${column}", "created_at")`,
      );
    }
    await q.query(`
      CREATE TABLE "critical_alert_event_daily" (
        "organization_id" UUID NOT NULL,
        "day" DATE NOT NULL,
        "event_type" VARCHAR(255) NOT NULL,
        "channel" VARCHAR(16) NOT NULL,
        "severity" VARCHAR(8) NOT NULL,
        "count" BIGINT NOT NULL,
        "first_at" TIMESTAMPTZ NOT NULL,
        "last_at" TIMESTAMPTZ NOT NULL,
        PRIMARY KEY ("organization_id", "day", "event_type", "channel", "severity"),${org('critical_alert_event_daily')}
      )`);
    // Every insert, however it is made, is counted in the roll-up in the same transaction.
    await q.query(`
      CREATE FUNCTION critical_alert_event_rollup() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO "critical_alert_event_daily" AS d
          ("organization_id", "day", "event_type", "channel", "severity", "count", "first_at", "last_at")
        SELECT "organization_id", ("created_at" AT TIME ZONE 'UTC')::date, "event_type", "channel",
               "severity", count(*), min("created_at"), max("created_at")
          FROM new_rows
         GROUP BY 1, 2, 3, 4, 5
        ON CONFLICT ("organization_id", "day", "event_type", "channel", "severity") DO UPDATE
          SET "count" = d."count" + EXCLUDED."count",
              "first_at" = least(d."first_at", EXCLUDED."first_at"),
              "last_at" = greatest(d."last_at", EXCLUDED."last_at");
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER "critical_alert_event_rollup" AFTER INSERT ON "critical_alert_event"
        REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT
        EXECUTE FUNCTION critical_alert_event_rollup()`);
    for (const table of [
      'alert',
      'alert_activity',
      'alert_group',
      'alert_group_flush',
      'alert_notification',
      'alert_escalation_step',
      'critical_alert_event',
      'critical_alert_event_daily',
    ]) {
      await enableTenantRls(q, table);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "critical_alert_event_daily"`);
    await q.query(`DROP TABLE "critical_alert_event"`);
    await q.query(`DROP FUNCTION critical_alert_event_rollup()`);
    await q.query(`DROP TABLE "alert_escalation_step"`);
    await q.query(`DROP TABLE "alert_notification"`);
    await q.query(`DROP TABLE "alert_group_flush"`);
    await q.query(`DROP TABLE "alert_group"`);
    await q.query(`DROP TABLE "alert_activity"`);
    await q.query(`DROP TABLE "alert"`);
  }
}
