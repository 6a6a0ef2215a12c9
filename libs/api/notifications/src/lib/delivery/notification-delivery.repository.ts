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
  id: string;
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
  id: string;
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

/** What one attempt of one delivery came to, for recordAttempts. */
export interface AttemptResult {
  id: string;
  /** 1-based; recorded only when the delivery has made exactly attempt − 1 so far. */
  attempt: number;
  receipts: ProviderReceipt[];
  /** The delivery's final state, or null when it will be tried again. */
  final: 'delivered' | 'failed' | null;
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
   * Inserts pending deliveries (one statement); answers those inserted. A delivery whose
   * idempotency key this organisation already used is left out (the caller answers the first).
   */
  async insertMany(
    fields: readonly NewDelivery[],
  ): Promise<{ id: string; idempotencyKey: string }[]> {
    if (fields.length === 0) return [];
    const rows: { id: string; idempotency_key: string }[] = await this.uow.manager.query(
      `INSERT INTO "notification_delivery"
         ("organization_id", "channel_id", "recipient", "title", "message", "idempotency_key")
       SELECT $1, r."channel_id", r."recipient", r."title", r."message", r."idempotency_key"
         FROM jsonb_to_recordset($2::jsonb) AS r("channel_id" uuid, "recipient" varchar,
              "title" varchar, "message" jsonb, "idempotency_key" varchar)
       ON CONFLICT ON CONSTRAINT "notification_delivery_organization_idempotency_key_key" DO NOTHING
       RETURNING "id", "idempotency_key"`,
      [
        this.uow.organizationId,
        JSON.stringify(
          fields.map((f) => ({
            channel_id: f.channelId,
            recipient: f.recipient,
            title: f.title,
            message: f.message,
            idempotency_key: f.idempotencyKey,
          })),
        ),
      ],
    );
    return rows.map((r) => ({ id: r.id, idempotencyKey: r.idempotency_key }));
  }

  async idsByKeys(keys: readonly string[]): Promise<Map<string, string>> {
    const rows = await this.deliveries.find({
      select: { id: true, idempotencyKey: true },
      where: { idempotencyKey: In([...keys]) },
    });
    return new Map(rows.map((r) => [r.idempotencyKey, r.id]));
  }

  /** What the attempts need: the deliveries still pending among `ids`, with their channels (one query). */
  async pendingWork(ids: readonly string[]): Promise<PendingWork[]> {
    if (ids.length === 0) return [];
    const rows: PendingWorkRow[] = await this.uow.manager.query(
      `SELECT d."id", d."recipient", d."message", d."idempotency_key", d."attempts_made",
              c."id" AS "channel_id", c."kind", c."enabled", c."config", c."secrets"
         FROM "notification_delivery" d
         JOIN "notification_channel" c ON c."id" = d."channel_id"
        WHERE d."id" = ANY($1::uuid[]) AND d."state" = 'pending'`,
      [ids],
    );
    return rows.map((row) => ({
      id: row.id,
      recipient: row.recipient,
      message: row.message,
      idempotencyKey: row.idempotency_key,
      attemptsMade: row.attempts_made,
      channelId: row.channel_id,
      kind: row.kind,
      enabled: row.enabled,
      config: row.config,
      sealedSecrets: row.secrets,
    }));
  }

  /**
   * One statement for a whole batch: each attempt's receipts, each delivery's attempt count and,
   * when final, its state and finish time, and the channels' counters (one update per channel,
   * not one per delivery). Only for deliveries still pending with exactly attempt − 1 attempts
   * made, so a job that runs twice records nothing twice; answers the ids recorded.
   */
  async recordAttempts(results: readonly AttemptResult[]): Promise<Set<string>> {
    if (results.length === 0) return new Set();
    const rows: { id: string }[] = await this.uow.manager.query(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb)
           AS r("id" uuid, "attempt" integer, "final" varchar, "receipts" jsonb)
       ), d AS (
         UPDATE "notification_delivery" nd
            SET "attempts_made" = r."attempt",
                "state" = COALESCE(r."final", nd."state"),
                "finished_at" = CASE WHEN r."final" IS NULL THEN NULL ELSE now() END
           FROM r
          WHERE nd."id" = r."id" AND nd."state" = 'pending' AND nd."attempts_made" = r."attempt" - 1
          RETURNING nd."id", nd."organization_id", nd."channel_id", r."attempt", r."final", r."receipts"
       ), a AS (
         INSERT INTO "notification_delivery_attempt"
           ("organization_id", "delivery_id", "attempt", "status", "provider", "http_status",
            "smtp_response", "latency_ms", "error")
         SELECT d."organization_id", d."id", d."attempt", x."status", x."provider", x."http_status",
                x."smtp_response", x."latency_ms", x."error"
           FROM d, jsonb_to_recordset(d."receipts") AS x("status" varchar, "provider" varchar,
                "http_status" integer, "smtp_response" varchar, "latency_ms" integer, "error" varchar)
       ), c AS (
         UPDATE "notification_channel" ch
            SET "delivered_count" = ch."delivered_count" + s."delivered",
                "failed_count" = ch."failed_count" + s."failed"
           FROM (SELECT "channel_id",
                        count(*) FILTER (WHERE "final" = 'delivered') AS "delivered",
                        count(*) FILTER (WHERE "final" = 'failed') AS "failed"
                   FROM d WHERE "final" IS NOT NULL GROUP BY "channel_id") s
          WHERE ch."id" = s."channel_id"
       )
       SELECT "id" FROM d`,
      [
        JSON.stringify(
          results.map((result) => ({
            id: result.id,
            attempt: result.attempt,
            final: result.final,
            receipts: result.receipts.map((r) => ({
              status: r.ok ? 'delivered' : 'failed',
              provider: r.provider.slice(0, 32),
              http_status: r.httpStatus ?? null,
              smtp_response: r.smtpResponse?.slice(0, SMTP_MAX) ?? null,
              latency_ms: Math.max(0, Math.min(2_147_483_647, Math.round(r.latencyMs))),
              error: r.error?.slice(0, ERROR_MAX) ?? null,
            })),
          })),
        ),
      ],
    );
    return new Set(rows.map((r) => r.id));
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
