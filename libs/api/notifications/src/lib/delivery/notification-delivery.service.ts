import { randomUUID } from 'node:crypto';

import { Tx, UnitOfWork } from '@hyperion/api/core';
import type {
  DeliverySummary,
  NotificationChannelKind,
  NotificationMessage,
} from '@hyperion/contracts';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';

import { NotificationChannelEntity } from '../entities/notification-channel.entity';
import { DeliveryFinished } from './delivery-finished';
import {
  DeliveryFilter,
  DeliveryRecord,
  NotificationDeliveryRepository,
} from './notification-delivery.repository';

export interface EnqueueDelivery {
  channelId: string;
  /** Email address / phone number / chat id; null: the channel's own default. */
  recipient: string | null;
  message: NotificationMessage;
  /** Sent on every attempt; a second enqueue with the same key returns the first delivery. */
  idempotencyKey?: string;
}

/**
 * The job's data (the outbox relay adds organizationId and correlationId): the deliveries one
 * run attempts together, at most DELIVERIES_PER_JOB.
 */
export interface DeliverNotificationJob {
  deliveryIds: string[];
}

/** Deliveries one job attempts together (one query to load them, one statement to record them). */
export const DELIVERIES_PER_JOB = 50;

const IDEMPOTENCY_KEY = /^[A-Za-z0-9._:-]{1,128}$/;
const RECIPIENT_MAX = 320;
const TITLE_MAX = 512;

/** What a delivery's recipient shows when it went to the channel's own default. */
function defaultRecipient(kind: NotificationChannelKind, config: Record<string, unknown>): string {
  switch (kind) {
    case 'webhook':
      try {
        return new URL(String(config['url'])).host;
      } catch {
        return 'webhook';
      }
    case 'email':
      return Array.isArray(config['to']) ? config['to'].join(', ') : '';
    case 'telegram':
      return String(config['chatId'] ?? '');
    default:
      return typeof config['channel'] === 'string' ? config['channel'] : kind;
  }
}

export function toDeliverySummary({
  delivery,
  channel,
  attempts,
}: DeliveryRecord): DeliverySummary {
  return {
    id: delivery.id,
    channelId: channel.id,
    channelName: channel.name,
    kind: channel.kind,
    recipient: delivery.recipient ?? defaultRecipient(channel.kind, channel.config),
    title: delivery.title,
    state: delivery.state,
    idempotencyKey: delivery.idempotencyKey,
    attempts: attempts.map((a) => ({
      attempt: a.attempt,
      status: a.status,
      provider: a.provider,
      ...(a.httpStatus !== null ? { httpStatus: a.httpStatus } : {}),
      ...(a.smtpResponse !== null ? { smtpResponse: a.smtpResponse } : {}),
      latencyMs: a.latencyMs,
      ...(a.error !== null ? { error: a.error } : {}),
      at: a.at.toISOString(),
    })),
    createdAt: delivery.createdAt.toISOString(),
    ...(delivery.finishedAt ? { finishedAt: delivery.finishedAt.toISOString() } : {}),
  };
}

/**
 * Deliveries: queued inside the caller's unit of work (the job leaves through the outbox, so it
 * exists only if the change commits), listed with their attempts.
 */
@Injectable()
export class NotificationDeliveryService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: NotificationDeliveryRepository,
    private readonly finished: DeliveryFinished,
  ) {}

  /**
   * Records a pending delivery and queues its job in `tx` (after commit). 404 when the channel
   * is not one of this organisation's; with an idempotency key already used, returns that
   * delivery and queues nothing.
   */
  async enqueue(tx: Tx, request: EnqueueDelivery): Promise<{ id: string; created: boolean }> {
    return (await this.enqueueMany(tx, [request]))[0];
  }

  /**
   * Records pending deliveries in one statement and queues them in `tx`, DELIVERIES_PER_JOB to
   * a job (an alert storm fanning out to many people costs a few jobs, not one per message).
   * Answers, in the order asked, each delivery's id and whether it is new (an idempotency key
   * already used answers the existing delivery, queued nothing).
   */
  async enqueueMany(
    tx: Tx,
    requests: readonly EnqueueDelivery[],
  ): Promise<{ id: string; created: boolean }[]> {
    const rows = requests.map((request, i) => {
      const key = request.idempotencyKey ?? randomUUID();
      const field = requests.length > 1 ? `[${i}] ` : '';
      if (!IDEMPOTENCY_KEY.test(key)) {
        throw new BadRequestException(
          `${field}idempotencyKey must be 1 to 128 characters among letters, digits, ".", "_", ":" and "-"`,
        );
      }
      if (
        request.recipient !== null &&
        (request.recipient.length < 1 || request.recipient.length > RECIPIENT_MAX)
      ) {
        throw new BadRequestException(`${field}recipient must be 1 to ${RECIPIENT_MAX} characters`);
      }
      return {
        channelId: request.channelId,
        recipient: request.recipient,
        title: request.message.title.slice(0, TITLE_MAX),
        message: request.message,
        idempotencyKey: key,
      };
    });
    for (const channelId of new Set(rows.map((r) => r.channelId))) {
      const channel: NotificationChannelEntity | null =
        await this.repository.findChannel(channelId);
      if (!channel) throw new NotFoundException('Notification channel not found');
    }
    const inserted = await this.repository.insertMany(rows);
    const created = new Map(inserted.map((r) => [r.idempotencyKey, r.id]));
    const missing = rows.map((r) => r.idempotencyKey).filter((k) => !created.has(k));
    const existing = missing.length > 0 ? await this.repository.idsByKeys(missing) : new Map();
    const ids = inserted.map((r) => r.id);
    for (let i = 0; i < ids.length; i += DELIVERIES_PER_JOB) {
      const job: DeliverNotificationJob = { deliveryIds: ids.slice(i, i + DELIVERIES_PER_JOB) };
      await tx.enqueue(QUEUES.notificationDelivery, JOBS.deliverNotification, { ...job });
    }
    return rows.map((r) => {
      const id = created.get(r.idempotencyKey);
      if (id) return { id, created: true };
      const first = existing.get(r.idempotencyKey);
      if (!first) throw new Error(`Delivery with idempotency key ${r.idempotencyKey} vanished`);
      return { id: first, created: false };
    });
  }

  list(filter: Partial<DeliveryFilter>): Promise<DeliverySummary[]> {
    return this.uow.run(async () =>
      (
        await this.repository.list({
          state: filter.state,
          channelId: filter.channelId,
          limit: filter.limit ?? 50,
        })
      ).map(toDeliverySummary),
    );
  }

  async get(id: string): Promise<DeliverySummary> {
    const record = await this.uow.run(() => this.repository.get(id));
    if (!record) throw new NotFoundException('Delivery not found');
    return toDeliverySummary(record);
  }

  /**
   * The delivery once it is delivered or failed, or as it stands after `timeoutMs`. Woken by this
   * instance's processor; checks the database every second too (another instance may run it).
   */
  async waitForFinal(id: string, timeoutMs: number): Promise<DeliverySummary> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const waiting = this.finished.wait(id, Math.min(1000, Math.max(0, deadline - Date.now())));
      const summary = await this.get(id);
      if (summary.state !== 'pending' || Date.now() >= deadline) {
        this.finished.cancel(id);
        return summary;
      }
      await waiting;
    }
  }
}
