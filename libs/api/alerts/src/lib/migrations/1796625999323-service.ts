import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Services, their dependencies and integrations, exactly as the entities describe them
 * (constraints named as the entities name them), with row-level security: each organisation
 * sees only its rows, except the integration whose routing key is being presented.
 */
export class Service1796625999323 implements MigrationInterface {
  name = 'Service1796625999323';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "service" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "description" TEXT NOT NULL DEFAULT '',
        "team_id" UUID,
        "escalation_policy_id" UUID,
        "auto_resolve_minutes" INTEGER,
        "urgency_rule" VARCHAR(8) NOT NULL DEFAULT 'severity',
        "group_by" JSONB NOT NULL DEFAULT '[]',
        "group_wait_seconds" INTEGER NOT NULL DEFAULT 10,
        "group_interval_seconds" INTEGER NOT NULL DEFAULT 300,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "service_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "service_organization_name_key" UNIQUE ("organization_id", "name")
      )`);
    await q.query(`
      CREATE TABLE "service_dependency" (
        "organization_id" UUID NOT NULL,
        "service_id" UUID NOT NULL,
        "depends_on_id" UUID NOT NULL,
        PRIMARY KEY ("organization_id", "service_id", "depends_on_id"),
        CONSTRAINT "service_dependency_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "service_dependency_service_id_fkey" FOREIGN KEY ("service_id")
          REFERENCES "service"("id") ON DELETE CASCADE,
        CONSTRAINT "service_dependency_depends_on_id_fkey" FOREIGN KEY ("depends_on_id")
          REFERENCES "service"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE TABLE "service_integration" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "service_id" UUID NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "kind" VARCHAR(16) NOT NULL,
        "routing_key" VARCHAR(32) NOT NULL,
        "rate_limit_per_minute" INTEGER NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "service_integration_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "service_integration_service_id_fkey" FOREIGN KEY ("service_id")
          REFERENCES "service"("id") ON DELETE CASCADE,
        CONSTRAINT "service_integration_organization_routing_key_key"
          UNIQUE ("organization_id", "routing_key")
      )`);
    await q.query(
      `CREATE INDEX "service_integration_routing_key_idx" ON "service_integration" ("routing_key")`,
    );
    await enableTenantRls(q, 'service');
    await enableTenantRls(q, 'service_dependency');
    await enableTenantRls(q, 'service_integration', {
      alsoVisibleWhen: [`"routing_key" = hyperion_lookup('routing_key')`],
    });
  }

  async down(q: QueryRunner): Promise<void> {
    // Their policies go with them.
    await q.query(`DROP TABLE "service_integration"`);
    await q.query(`DROP TABLE "service_dependency"`);
    await q.query(`DROP TABLE "service"`);
  }
}
