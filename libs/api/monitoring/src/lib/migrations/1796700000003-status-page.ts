import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

import { STATUS_PAGE_INCIDENT_STATUS_CHECK } from '../entities/status-page-incident.entity';

/**
 * The status page tables, exactly as their entities describe them (constraints named as the
 * entities name them), each with row-level security. A page is also visible by its slug before
 * its organisation is known (the public URL carries only the slug: the `status_page_slug`
 * lookup); everything else of a page is read in its organisation.
 */
export class StatusPage1796700000003 implements MigrationInterface {
  name = 'StatusPage1796700000003';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "status_page" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "slug" VARCHAR(48) NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "description" TEXT NOT NULL DEFAULT '',
        "published" BOOLEAN NOT NULL DEFAULT false,
        "show_postmortems" BOOLEAN NOT NULL DEFAULT false,
        "public_url" VARCHAR(500),
        "email_channel_id" UUID,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "status_page_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "status_page_organization_name_key" UNIQUE ("organization_id", "name"),
        CONSTRAINT "status_page_organization_slug_key" UNIQUE ("organization_id", "slug")
      )`);
    await q.query(`CREATE INDEX "status_page_slug_idx" ON "status_page" ("slug")`);
    await enableTenantRls(q, 'status_page', {
      alsoVisibleWhen: [`"slug" = hyperion_lookup('status_page_slug')`],
    });

    await q.query(`
      CREATE TABLE "status_page_component" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "page_id" UUID NOT NULL,
        "group_name" VARCHAR(64) NOT NULL,
        "group_position" INTEGER NOT NULL,
        "position" INTEGER NOT NULL,
        "monitor_id" UUID,
        "service_id" UUID,
        "display_name" VARCHAR(128),
        CONSTRAINT "status_page_component_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "status_page_component_page_id_fkey" FOREIGN KEY ("page_id")
          REFERENCES "status_page"("id") ON DELETE CASCADE,
        CONSTRAINT "status_page_component_monitor_id_fkey" FOREIGN KEY ("monitor_id")
          REFERENCES "monitor"("id") ON DELETE CASCADE,
        CONSTRAINT "status_page_component_service_id_fkey" FOREIGN KEY ("service_id")
          REFERENCES "service"("id") ON DELETE CASCADE,
        CONSTRAINT "status_page_component_target_check"
          CHECK (("monitor_id" IS NULL) <> ("service_id" IS NULL))
      )`);
    await q.query(`
      CREATE INDEX "status_page_component_page_idx"
        ON "status_page_component" ("organization_id", "page_id", "group_position", "position")`);
    await enableTenantRls(q, 'status_page_component');

    await q.query(`
      CREATE TABLE "status_page_incident" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "page_id" UUID NOT NULL,
        "incident_id" UUID NOT NULL,
        "title" VARCHAR(200) NOT NULL,
        "status" VARCHAR(16) NOT NULL,
        "resolved_at" TIMESTAMPTZ,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "status_page_incident_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "status_page_incident_page_id_fkey" FOREIGN KEY ("page_id")
          REFERENCES "status_page"("id") ON DELETE CASCADE,
        CONSTRAINT "status_page_incident_organization_page_incident_key"
          UNIQUE ("organization_id", "page_id", "incident_id"),
        CONSTRAINT "status_page_incident_status_check"
          CHECK ("status" IN (${STATUS_PAGE_INCIDENT_STATUS_CHECK}))
      )`);
    await enableTenantRls(q, 'status_page_incident');

    await q.query(`
      CREATE TABLE "status_page_incident_update" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "page_incident_id" UUID NOT NULL,
        "status" VARCHAR(16) NOT NULL,
        "message" TEXT NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "status_page_incident_update_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "status_page_incident_update_page_incident_id_fkey"
          FOREIGN KEY ("page_incident_id") REFERENCES "status_page_incident"("id") ON DELETE CASCADE,
        CONSTRAINT "status_page_incident_update_status_check"
          CHECK ("status" IN (${STATUS_PAGE_INCIDENT_STATUS_CHECK}))
      )`);
    await q.query(`
      CREATE INDEX "status_page_incident_update_incident_idx"
        ON "status_page_incident_update" ("organization_id", "page_incident_id", "created_at")`);
    await enableTenantRls(q, 'status_page_incident_update');

    await q.query(`
      CREATE TABLE "status_page_maintenance" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "page_id" UUID NOT NULL,
        "title" VARCHAR(200) NOT NULL,
        "description" TEXT NOT NULL DEFAULT '',
        "starts_at" TIMESTAMPTZ NOT NULL,
        "duration_minutes" INTEGER NOT NULL,
        "rrule" VARCHAR(500),
        "affects" JSONB NOT NULL DEFAULT '[]',
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "status_page_maintenance_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "status_page_maintenance_page_id_fkey" FOREIGN KEY ("page_id")
          REFERENCES "status_page"("id") ON DELETE CASCADE
      )`);
    await q.query(`
      CREATE INDEX "status_page_maintenance_page_idx"
        ON "status_page_maintenance" ("organization_id", "page_id", "starts_at")`);
    await enableTenantRls(q, 'status_page_maintenance');

    await q.query(`
      CREATE TABLE "status_page_subscriber" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "page_id" UUID NOT NULL,
        "email" VARCHAR(254) NOT NULL,
        "state" VARCHAR(16) NOT NULL,
        "confirm_hash" VARCHAR(64),
        "confirm_expires_at" TIMESTAMPTZ,
        "unsubscribe_hash" VARCHAR(64) NOT NULL,
        "unsubscribe_sealed" TEXT NOT NULL,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "confirmed_at" TIMESTAMPTZ,
        CONSTRAINT "status_page_subscriber_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "status_page_subscriber_page_id_fkey" FOREIGN KEY ("page_id")
          REFERENCES "status_page"("id") ON DELETE CASCADE,
        CONSTRAINT "status_page_subscriber_organization_page_email_key"
          UNIQUE ("organization_id", "page_id", "email"),
        CONSTRAINT "status_page_subscriber_organization_unsubscribe_key"
          UNIQUE ("organization_id", "unsubscribe_hash"),
        CONSTRAINT "status_page_subscriber_state_check" CHECK ("state" IN ('pending', 'confirmed'))
      )`);
    await q.query(`
      CREATE INDEX "status_page_subscriber_confirm_idx"
        ON "status_page_subscriber" ("organization_id", "confirm_hash")`);
    await enableTenantRls(q, 'status_page_subscriber');
  }

  async down(q: QueryRunner): Promise<void> {
    // Their policies go with them.
    await q.query(`DROP TABLE "status_page_subscriber"`);
    await q.query(`DROP TABLE "status_page_maintenance"`);
    await q.query(`DROP TABLE "status_page_incident_update"`);
    await q.query(`DROP TABLE "status_page_incident"`);
    await q.query(`DROP TABLE "status_page_component"`);
    await q.query(`DROP TABLE "status_page"`);
  }
}
