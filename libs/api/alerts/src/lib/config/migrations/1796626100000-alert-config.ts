import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

const orgFk = (table: string) =>
  `CONSTRAINT "${table}_organization_id_fkey" FOREIGN KEY ("organization_id")
     REFERENCES "organization"("id") ON DELETE CASCADE`;

/**
 * The configuration of alerting: escalation policies (one default per organisation, by a partial
 * unique index), routing rules and silences, exactly as the entities describe them, each with
 * row-level security.
 */
export class AlertConfig1796626100000 implements MigrationInterface {
  name = 'AlertConfig1796626100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "escalation_policy" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "description" TEXT NOT NULL DEFAULT '',
        "is_default" BOOLEAN NOT NULL DEFAULT false,
        "repeat" INTEGER NOT NULL DEFAULT 0,
        "levels" JSONB NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        ${orgFk('escalation_policy')},
        CONSTRAINT "escalation_policy_organization_name_key" UNIQUE ("organization_id", "name")
      )`);
    await q.query(
      `CREATE UNIQUE INDEX "escalation_policy_organization_default_idx"
         ON "escalation_policy" ("organization_id") WHERE "is_default"`,
    );

    await q.query(`
      CREATE TABLE "routing_rule" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "position" INTEGER NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "enabled" BOOLEAN NOT NULL DEFAULT true,
        "matchers" JSONB NOT NULL,
        "service_id" UUID,
        "escalation_policy_id" UUID,
        "urgency" VARCHAR(8),
        "channel_kinds" JSONB,
        "suppress" BOOLEAN NOT NULL DEFAULT false,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        ${orgFk('routing_rule')},
        CONSTRAINT "routing_rule_service_id_fkey" FOREIGN KEY ("service_id")
          REFERENCES "service"("id") ON DELETE SET NULL,
        CONSTRAINT "routing_rule_escalation_policy_id_fkey" FOREIGN KEY ("escalation_policy_id")
          REFERENCES "escalation_policy"("id") ON DELETE SET NULL,
        CONSTRAINT "routing_rule_organization_name_key" UNIQUE ("organization_id", "name")
      )`);
    await q.query(
      `CREATE INDEX "routing_rule_organization_position_idx"
         ON "routing_rule" ("organization_id", "position")`,
    );

    await q.query(`
      CREATE TABLE "silence" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "comment" TEXT NOT NULL,
        "matchers" JSONB NOT NULL,
        "starts_at" TIMESTAMPTZ NOT NULL,
        "ends_at" TIMESTAMPTZ NOT NULL,
        "recurrence" JSONB,
        "created_by" UUID,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        ${orgFk('silence')},
        CONSTRAINT "silence_created_by_fkey" FOREIGN KEY ("created_by")
          REFERENCES "app_user"("id") ON DELETE SET NULL
      )`);
    await q.query(
      `CREATE INDEX "silence_organization_ends_at_idx" ON "silence" ("organization_id", "ends_at")`,
    );

    await enableTenantRls(q, 'escalation_policy');
    await enableTenantRls(q, 'routing_rule');
    await enableTenantRls(q, 'silence');
  }

  async down(q: QueryRunner): Promise<void> {
    // Their indexes and policies go with them.
    await q.query(`DROP TABLE "silence"`);
    await q.query(`DROP TABLE "routing_rule"`);
    await q.query(`DROP TABLE "escalation_policy"`);
  }
}
