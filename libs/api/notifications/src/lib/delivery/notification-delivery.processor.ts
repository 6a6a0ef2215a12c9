import { AppConfig, errorMessage, RequestContext, SecretBox, UnitOfWork } from '@hyperion/api/core';
import type {
  ChannelConfigByKind,
  ChannelSecretsByKind,
  NotificationChannelKind,
} from '@hyperion/contracts';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { Process, Processor } from '@nestjs/bull';
import { Inject, Logger } from '@nestjs/common';
import type { Job } from 'bull';

import { openSecrets } from '../notification-channel.secrets';
import { DeliveryFinished } from './delivery-finished';
import { NotificationCounters } from './notification-counters';
import { NotificationDeliveryRepository, PendingWork } from './notification-delivery.repository';
import { DeliverNotificationJob } from './notification-delivery.service';
import {
  NOTIFICATION_TRANSPORTS,
  SendOutcome,
  SendRequest,
  Transport,
} from './transports/transport';

/** Jobs of this queue one instance runs at once (each a batch of deliveries). */
export const DELIVERY_CONCURRENCY = 16;

/** Outbound calls one instance has in flight at once, over every job. */
export const SENDS_IN_FLIGHT = 128;

/** What to do after an attempt (pure). */
export function afterAttempt(
  outcome: Pick<SendOutcome, 'ok' | 'retryable'>,
  attempt: number,
  maxAttempts: number,
): 'delivered' | 'failed' | 'retry' {
  if (outcome.ok) return 'delivered';
  if (!outcome.retryable || attempt >= maxAttempts) return 'failed';
  return 'retry';
}

/** The wait before attempt `attempt + 1`: the back-off doubled for each attempt already made. */
export function retryDelayMs(backoffMs: number, attempt: number): number {
  return backoffMs * 2 ** (attempt - 1);
}

/** A counting semaphore: at most `size` holders at once, the others wait in turn. */
class Lanes {
  private free: number;
  private readonly waiting: (() => void)[] = [];
  constructor(size: number) {
    this.free = size;
  }
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.free > 0) this.free--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.free++;
    }
  }
}

/**
 * Runs deliveries, a batch per job: loads the pending ones (one query), sends each once through
 * its kind's transport (at most SENDS_IN_FLIGHT at once), then records every attempt, final
 * state and channel counter in one statement, together with the retry jobs of those to try again
 * (delayed by the exponential back-off, queued through the outbox of that same transaction). A
 * process that dies between two attempts loses nothing: the retry job waits in Redis, or the
 * interrupted job is run again by Bull (stalled) and sends with the same idempotency key. A
 * delivery already final, or an attempt already recorded, is never recorded twice.
 */
@Processor(QUEUES.notificationDelivery)
export class NotificationDeliveryProcessor {
  private readonly logger = new Logger('NotificationDelivery');
  private readonly byKind = new Map<NotificationChannelKind, Transport>();
  private readonly lanes = new Lanes(SENDS_IN_FLIGHT);

  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: NotificationDeliveryRepository,
    private readonly box: SecretBox,
    private readonly config: AppConfig,
    private readonly counters: NotificationCounters,
    private readonly finished: DeliveryFinished,
    @Inject(NOTIFICATION_TRANSPORTS) transports: Transport[],
  ) {
    for (const transport of transports) {
      for (const kind of transport.kinds) this.byKind.set(kind, transport);
    }
  }

  @Process({ name: JOBS.deliverNotification, concurrency: DELIVERY_CONCURRENCY })
  async deliver(job: Pick<Job<DeliverNotificationJob>, 'data'>): Promise<void> {
    const data = job.data as DeliverNotificationJob & { deliveryId?: unknown };
    // A job queued before deliveries were batched carries one `deliveryId`.
    const ids = Array.isArray(data.deliveryIds)
      ? data.deliveryIds.filter((id): id is string => typeof id === 'string')
      : typeof data.deliveryId === 'string'
        ? [data.deliveryId]
        : [];
    await RequestContext.forJob(job.data, () => this.run(ids));
  }

  private async run(ids: string[]): Promise<void> {
    const work = await this.uow.run(() => this.repository.pendingWork(ids));
    // Gone (their channel was deleted) or already final: nothing to send, nothing to retry.
    if (work.length === 0) return;

    const secrets = new Map<string, Record<string, unknown> | null>();
    const secretsOf = (w: PendingWork) => {
      if (!secrets.has(w.channelId)) {
        try {
          secrets.set(w.channelId, openSecrets(this.box, w.channelId, w.sealedSecrets));
        } catch {
          // Another ENCRYPTION_KEY, or an altered row: no attempt can succeed.
          secrets.set(w.channelId, null);
        }
      }
      return secrets.get(w.channelId) ?? null;
    };

    const maxAttempts = this.config.notificationAttempts;
    const results = await Promise.all(
      work.map(async (w) => {
        const attempt = w.attemptsMade + 1;
        const opened = secretsOf(w);
        const outcome = !w.enabled
          ? refused(w.kind, 'The channel is disabled')
          : !opened
            ? refused(
                w.kind,
                "The channel's secrets cannot be decrypted (was ENCRYPTION_KEY changed?)",
              )
            : await this.lanes.run(() =>
                this.send({
                  kind: w.kind,
                  config: w.config as unknown as ChannelConfigByKind[NotificationChannelKind],
                  secrets: opened as unknown as ChannelSecretsByKind[NotificationChannelKind],
                  recipient: w.recipient,
                  message: w.message,
                  idempotencyKey: w.idempotencyKey,
                  attempt,
                  signal: AbortSignal.timeout(this.config.notificationTimeoutMs + 1000),
                }),
              );
        const next = afterAttempt(outcome, attempt, maxAttempts);
        return { work: w, attempt, outcome, next };
      }),
    );

    await this.uow.run(async (tx) => {
      const recorded = await this.repository.recordAttempts(
        results.map((r) => ({
          id: r.work.id,
          attempt: r.attempt,
          receipts: r.outcome.receipts,
          final: r.next === 'retry' ? null : r.next,
        })),
      );
      const mine = results.filter((r) => recorded.has(r.work.id));
      // One retry job per attempt number (the same back-off), through this transaction's outbox.
      const retries = new Map<number, string[]>();
      for (const r of mine.filter((m) => m.next === 'retry')) {
        retries.set(r.attempt, [...(retries.get(r.attempt) ?? []), r.work.id]);
      }
      for (const [attempt, deliveryIds] of retries) {
        const job: DeliverNotificationJob = { deliveryIds };
        await tx.enqueue(
          QUEUES.notificationDelivery,
          JOBS.deliverNotification,
          { ...job },
          {
            runAt: new Date(Date.now() + retryDelayMs(this.config.notificationBackoffMs, attempt)),
          },
        );
      }
      const finals = mine.filter((m) => m.next !== 'retry');
      tx.afterCommit(() => {
        for (const r of finals) {
          this.counters.increment(r.work.kind, r.next as 'delivered' | 'failed');
          this.finished.notify(r.work.id);
          if (r.next === 'failed') {
            this.logger.warn(
              `Delivery ${r.work.id} (${r.work.kind}) failed after ${r.attempt} attempt(s): ${describe(r.outcome)}`,
            );
          }
        }
      });
    });
  }

  /** One attempt through the kind's transport; a transport that throws counts as a retryable failure. */
  private async send(request: SendRequest): Promise<SendOutcome> {
    const transport = this.byKind.get(request.kind);
    if (!transport) return refused(request.kind, `No transport for ${request.kind} channels`);
    const started = performance.now();
    try {
      const outcome = await transport.send(request);
      return outcome.receipts.length > 0
        ? outcome
        : {
            ...outcome,
            receipts: [
              { provider: request.kind, ok: outcome.ok, latencyMs: performance.now() - started },
            ],
          };
    } catch (error) {
      return {
        ok: false,
        retryable: true,
        receipts: [
          {
            provider: request.kind,
            ok: false,
            latencyMs: performance.now() - started,
            error: errorMessage(error),
          },
        ],
      };
    }
  }
}

function refused(kind: NotificationChannelKind, error: string): SendOutcome {
  return {
    ok: false,
    retryable: false,
    receipts: [{ provider: kind, ok: false, latencyMs: 0, error }],
  };
}

function describe(outcome: SendOutcome): string {
  return outcome.receipts
    .map(
      (r) =>
        `${r.provider}: ${r.error ?? (r.httpStatus ? `HTTP ${r.httpStatus}` : r.ok ? 'ok' : 'failed')}`,
    )
    .join('; ');
}
