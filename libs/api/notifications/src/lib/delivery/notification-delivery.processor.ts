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
import { NotificationDeliveryRepository } from './notification-delivery.repository';
import { DeliverNotificationJob } from './notification-delivery.service';
import {
  NOTIFICATION_TRANSPORTS,
  SendOutcome,
  SendRequest,
  Transport,
} from './transports/transport';

/** Jobs of this queue one instance runs at once (each mostly waits on a peer). */
export const DELIVERY_CONCURRENCY = 64;

/** Thrown to make Bull run the job again after its back-off (the attempt row is committed). */
export class RetryDelivery extends Error {
  constructor(deliveryId: string, attempt: number, reason: string) {
    super(`Delivery ${deliveryId}, attempt ${attempt}: ${reason}`);
    this.name = 'RetryDelivery';
  }
}

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

/**
 * Runs deliveries: one job per delivery, one attempt per run. Each run writes its receipts, then
 * the final state, or throws so Bull runs it again after an exponential back-off. The job stays
 * in Redis until it ends, so a process that dies between attempts loses nothing: another (or the
 * restarted) instance runs it. A delivery already final is never sent again (exactly once per
 * idempotency key on our side; the peer sees the same key on every attempt).
 */
@Processor(QUEUES.notificationDelivery)
export class NotificationDeliveryProcessor {
  private readonly logger = new Logger('NotificationDelivery');
  private readonly byKind = new Map<NotificationChannelKind, Transport>();

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
  async deliver(job: Pick<Job<DeliverNotificationJob>, 'data' | 'opts'>): Promise<void> {
    // The job was queued by the outbox relay with its own retry options: these are ours.
    job.opts.attempts = this.config.notificationAttempts;
    job.opts.backoff = { type: 'exponential', delay: this.config.notificationBackoffMs };
    await RequestContext.forJob(job.data, () => this.run(job.data.deliveryId));
  }

  private async run(deliveryId: string): Promise<void> {
    const work = await this.uow.run(() => this.repository.pendingWork(deliveryId));
    // Gone (its channel was deleted) or already final: nothing to send, nothing to retry.
    if (!work) return;
    const attempt = work.attemptsMade + 1;

    let secrets: Record<string, unknown> | null = null;
    try {
      secrets = openSecrets(this.box, work.channelId, work.sealedSecrets);
    } catch {
      // Another ENCRYPTION_KEY, or an altered row: no attempt can succeed.
    }
    const outcome = !work.enabled
      ? refused(work.kind, 'The channel is disabled')
      : !secrets
        ? refused(
            work.kind,
            "The channel's secrets cannot be decrypted (was ENCRYPTION_KEY changed?)",
          )
        : await this.send({
            kind: work.kind,
            config: work.config as unknown as ChannelConfigByKind[NotificationChannelKind],
            secrets: secrets as unknown as ChannelSecretsByKind[NotificationChannelKind],
            recipient: work.recipient,
            message: work.message,
            idempotencyKey: work.idempotencyKey,
            attempt,
            signal: AbortSignal.timeout(this.config.notificationTimeoutMs + 1000),
          });

    const next = afterAttempt(outcome, attempt, this.config.notificationAttempts);
    // Changes nothing when another run of the same job finished it meanwhile.
    const recorded = await this.uow.run(async (tx) => {
      const changed = await this.repository.recordAttempt(
        deliveryId,
        attempt,
        outcome.receipts,
        next === 'retry' ? null : next,
      );
      if (changed && next !== 'retry') {
        tx.afterCommit(() => {
          this.counters.increment(work.kind, next);
          this.finished.notify(deliveryId);
        });
      }
      return changed;
    });
    if (!recorded) return;
    if (next === 'retry') {
      throw new RetryDelivery(deliveryId, attempt, describe(outcome));
    }
    if (next === 'failed') {
      this.logger.warn(
        `Delivery ${deliveryId} (${work.kind}) failed after ${attempt} attempt(s): ${describe(outcome)}`,
      );
    }
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
