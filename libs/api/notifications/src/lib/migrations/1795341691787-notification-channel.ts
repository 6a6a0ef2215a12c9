import { enableTenantRls } from '@hyperion/api/core';
import { MigrationInterface, QueryRunner } from 'typeorm';

import { NOTIFICATION_CHANNEL_KIND_CHECK } from '../entities/notification-channel.entity';

/**
 * Notification channels, their deliveries and each delivery's attempts, exactly as the entities
 * describe them (constraints named as the entities name them), with row-level security: each
 * organisation sees only its rows.
 */
export class NotificationChannel1795341691787 implements MigrationInterface {
  name = 'NotificationChannel1795341691787';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "notification_channel" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "name" VARCHAR(128) NOT NULL,
        "kind" VARCHAR(16) NOT NULL,
        "enabled" BOOLEAN NOT NULL DEFAULT true,
        "config" JSONB NOT NULL,
        "secrets" TEXT NOT NULL,
        "delivered_count" BIGINT NOT NULL DEFAULT 0,
        "failed_count" BIGINT NOT NULL DEFAULT 0,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "notification_channel_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "notification_channel_organization_name_key" UNIQUE ("organization_id", "name"),
        CONSTRAINT "notification_channel_kind_check" CHECK (${NOTIFICATION_CHANNEL_KIND_CHECK})
      )`);
    await enableTenantRls(q, 'notification_channel');

    await q.query(`
      CREATE TABLE "notification_delivery" (
        "id" UUID PRIMARY KEY DEFAULT gen_random_uuid(),
        "organization_id" UUID NOT NULL,
        "channel_id" UUID NOT NULL,
        "recipient" VARCHAR(320),
        "title" VARCHAR(512) NOT NULL,
        "message" JSONB NOT NULL,
        "state" VARCHAR(16) NOT NULL DEFAULT 'pending',
        "idempotency_key" VARCHAR(128) NOT NULL,
        "attempts_made" INTEGER NOT NULL DEFAULT 0,
        "created_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        "finished_at" TIMESTAMPTZ,
        CONSTRAINT "notification_delivery_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "notification_delivery_channel_id_fkey" FOREIGN KEY ("channel_id")
          REFERENCES "notification_channel"("id") ON DELETE CASCADE,
        CONSTRAINT "notification_delivery_organization_idempotency_key_key"
          UNIQUE ("organization_id", "idempotency_key"),
        CONSTRAINT "notification_delivery_state_check"
          CHECK ("state" IN ('pending', 'delivered', 'failed'))
      )`);
    await q.query(
      `CREATE INDEX "notification_delivery_organization_created_idx"
         ON "notification_delivery" ("organization_id", "created_at")`,
    );
    await q.query(
      `CREATE INDEX "notification_delivery_channel_idx" ON "notification_delivery" ("channel_id")`,
    );
    await enableTenantRls(q, 'notification_delivery');

    await q.query(`
      CREATE TABLE "notification_delivery_attempt" (
        "id" BIGSERIAL PRIMARY KEY,
        "organization_id" UUID NOT NULL,
        "delivery_id" UUID NOT NULL,
        "attempt" INTEGER NOT NULL,
        "status" VARCHAR(16) NOT NULL,
        "provider" VARCHAR(32) NOT NULL,
        "http_status" INTEGER,
        "smtp_response" VARCHAR(512),
        "latency_ms" INTEGER NOT NULL,
        "error" VARCHAR(1024),
        "at" TIMESTAMPTZ NOT NULL DEFAULT now(),
        CONSTRAINT "notification_delivery_attempt_organization_id_fkey" FOREIGN KEY ("organization_id")
          REFERENCES "organization"("id") ON DELETE CASCADE,
        CONSTRAINT "notification_delivery_attempt_delivery_id_fkey" FOREIGN KEY ("delivery_id")
          REFERENCES "notification_delivery"("id") ON DELETE CASCADE,
        CONSTRAINT "notification_delivery_attempt_status_check"
          CHECK ("status" IN ('delivered', 'failed'))
      )`);
    await q.query(
      `CREATE INDEX "notification_delivery_attempt_delivery_idx"
         ON "notification_delivery_attempt" ("delivery_id")`,
    );
    await enableTenantRls(q, 'notification_delivery_attempt');
  }

  async down(q: QueryRunner): Promise<void> {
    // Their policies go with them.
    await q.query(`DROP TABLE "notification_delivery_attempt"`);
    await q.query(`DROP TABLE "notification_delivery"`);
    await q.query(`DROP TABLE "notification_channel"`);
  }
}
