import { UnitOfWork } from '@hyperion/api/core';
import type {
  DeliveryState,
  NotificationChannelKind,
  NotificationMessage,
} from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { In } from 'typeorm';

import type { ProviderReceipt } from './transports/transport';

import { NotificationChannelEntity } from '../entities/notification-channel.entity';
import { NotificationDeliveryAttemptEntity } from '../entities/notification-delivery-attempt.entity';
import { NotificationDeliveryEntity } from '../entities/notification-delivery.entity';

export interface NewDelivery {
  channelId: string;
  recipient: string | null;
  title: string;
  message: NotificationMessage;
  idempotencyKey: string;
}

export interface DeliveryFilter {
  state?: DeliveryState;
  channelId?: string;
  limit: number;
}

/** A pending delivery with what its attempt needs of its channel. */
export interface PendingWork {
  recipient: string | null;
  message: NotificationMessage;
  idempotencyKey: string;
  attemptsMade: number;
  channelId: string;
  kind: NotificationChannelKind;
  enabled: boolean;
  config: Record<string, unknown>;
  sealedSecrets: string;
}

interface PendingWorkRow {
  recipient: string | null;
  message: NotificationMessage;
  idempotency_key: string;
  attempts_made: number;
  channel_id: string;
  kind: NotificationChannelKind;
  enabled: boolean;
  config: Record<string, unknown>;
  secrets: string;
}

/** A delivery with its channel and its attempts (oldest first). */
export interface DeliveryRecord {
  delivery: NotificationDeliveryEntity;
  channel: NotificationChannelEntity;
  attempts: NotificationDeliveryAttemptEntity[];
}

const ERROR_MAX = 1024;
const SMTP_MAX = 512;

/**
 * The only TypeORM code of deliveries. Every call runs inside a unit of work (row-level security
 * keeps other organisations' deliveries out).
 */
@Injectable()
export class NotificationDeliveryRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get deliveries() {
    return this.uow.manager.getRepository(NotificationDeliveryEntity);
  }

  private get attempts() {
    return this.uow.manager.getRepository(NotificationDeliveryAttemptEntity);
  }

  findChannel(id: string): Promise<NotificationChannelEntity | null> {
    return this.uow.manager.getRepository(NotificationChannelEntity).findOneBy({ id });
  }

  /**
   * Inserts a pending delivery; null when this organisation already has one with this
   * idempotency key (the caller then returns that one instead of queueing it twice).
   */
  async insert(fields: NewDelivery): Promise<string | null> {
    const rows: { id: string }[] = await this.uow.manager.query(
      `INSERT INTO "notification_delivery"
         ("organization_id", "channel_id", "recipient", "title", "message", "idempotency_key")
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT ON CONSTRAINT "notification_delivery_organization_idempotency_key_key" DO NOTHING
       RETURNING "id"`,
      [
        this.uow.organizationId,
        fields.channelId,
        fields.recipient,
        fields.title,
        JSON.stringify(fields.message),
        fields.idempotencyKey,
      ],
    );
    return rows[0]?.id ?? null;
  }

  async idByKey(idempotencyKey: string): Promise<string | null> {
    return (await this.deliveries.findOneBy({ idempotencyKey }))?.id ?? null;
  }

  /** What one attempt needs: the pending delivery and its channel (one query); null when final or gone. */
  async pendingWork(id: string): Promise<PendingWork | null> {
    const rows: PendingWorkRow[] = await this.uow.manager.query(
      `SELECT d."recipient", d."message", d."idempotency_key", d."attempts_made",
              c."id" AS "channel_id", c."kind", c."enabled", c."config", c."secrets"
         FROM "notification_delivery" d
         JOIN "notification_channel" c ON c."id" = d."channel_id"
        WHERE d."id" = $1 AND d."state" = 'pending'`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    return {
      recipient: row.recipient,
      message: row.message,
      idempotencyKey: row.idempotency_key,
      attemptsMade: row.attempts_made,
      channelId: row.channel_id,
      kind: row.kind,
      enabled: row.enabled,
      config: row.config,
      sealedSecrets: row.secrets,
    };
  }

  /**
   * One statement: the attempt's receipts, the delivery's attempt count and, when `final`, its
   * state, finish time and its channel's counter. Only while the delivery is still pending (a
   * second run of the same job changes nothing); false when it was not.
   */
  async recordAttempt(
    id: string,
    attempt: number,
    receipts: ProviderReceipt[],
    final: 'delivered' | 'failed' | null,
  ): Promise<boolean> {
    const rows: { id: string }[] = await this.uow.manager.query(
      `WITH d AS (
         UPDATE "notification_delivery"
            SET "attempts_made" = $2,
                "state" = COALESCE($3, "state"),
                "finished_at" = CASE WHEN $3::varchar IS NULL THEN NULL ELSE now() END
          WHERE "id" = $1 AND "state" = 'pending'
          RETURNING "id", "organization_id", "channel_id"
       ), a AS (
         INSERT INTO "notification_delivery_attempt"
           ("organization_id", "delivery_id", "attempt", "status", "provider", "http_status",
            "smtp_response", "latency_ms", "error")
         SELECT d."organization_id", d."id", $2, r."status", r."provider", r."http_status",
                r."smtp_response", r."latency_ms", r."error"
           FROM d, jsonb_to_recordset($4::jsonb) AS r("status" varchar, "provider" varchar,
                "http_status" integer, "smtp_response" varchar, "latency_ms" integer, "error" varchar)
       ), c AS (
         UPDATE "notification_channel" ch
            SET "delivered_count" = ch."delivered_count" + CASE WHEN $3 = 'delivered' THEN 1 ELSE 0 END,
                "failed_count" = ch."failed_count" + CASE WHEN $3 = 'failed' THEN 1 ELSE 0 END
           FROM d
          WHERE $3::varchar IS NOT NULL AND ch."id" = d."channel_id"
       )
       SELECT "id" FROM d`,
      [
        id,
        attempt,
        final,
        JSON.stringify(
          receipts.map((r) => ({
            status: r.ok ? 'delivered' : 'failed',
            provider: r.provider.slice(0, 32),
            http_status: r.httpStatus ?? null,
            smtp_response: r.smtpResponse?.slice(0, SMTP_MAX) ?? null,
            latency_ms: Math.max(0, Math.min(2_147_483_647, Math.round(r.latencyMs))),
            error: r.error?.slice(0, ERROR_MAX) ?? null,
          })),
        ),
      ],
    );
    return rows.length > 0;
  }

  /** Newest first, with channels and attempts (three queries, whatever the page size). */
  async list(filter: DeliveryFilter): Promise<DeliveryRecord[]> {
    const deliveries = await this.deliveries.find({
      where: {
        ...(filter.state ? { state: filter.state } : {}),
        ...(filter.channelId ? { channelId: filter.channelId } : {}),
      },
      order: { createdAt: 'DESC', id: 'DESC' },
      take: filter.limit,
    });
    return this.withDetails(deliveries);
  }

  async get(id: string): Promise<DeliveryRecord | null> {
    const delivery = await this.deliveries.findOneBy({ id });
    return delivery ? ((await this.withDetails([delivery]))[0] ?? null) : null;
  }

  private async withDetails(deliveries: NotificationDeliveryEntity[]): Promise<DeliveryRecord[]> {
    if (deliveries.length === 0) return [];
    const channelIds = [...new Set(deliveries.map((d) => d.channelId))];
    const channels = new Map(
      (
        await this.uow.manager
          .getRepository(NotificationChannelEntity)
          .findBy({ id: In(channelIds) })
      ).map((c) => [c.id, c]),
    );
    const attempts = await this.attempts.find({
      where: { deliveryId: In(deliveries.map((d) => d.id)) },
      order: { attempt: 'ASC', id: 'ASC' },
    });
    const byDelivery = new Map<string, NotificationDeliveryAttemptEntity[]>();
    for (const a of attempts) {
      const list = byDelivery.get(a.deliveryId) ?? [];
      list.push(a);
      byDelivery.set(a.deliveryId, list);
    }
    return deliveries.flatMap((delivery) => {
      const channel = channels.get(delivery.channelId);
      return channel ? [{ delivery, channel, attempts: byDelivery.get(delivery.id) ?? [] }] : [];
    });
  }
}
