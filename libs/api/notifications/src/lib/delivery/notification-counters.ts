import type { NotificationChannelKind } from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_KINDS } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

export interface DeliveryCounts {
  delivered: number;
  failed: number;
}

/**
 * Deliveries this instance finished, per channel kind (for /metrics: each instance exports its
 * own, Prometheus sums them). The lasting per-channel totals are the channel's stored counts
 * (`counters` of NotificationChannelDetails), kept in the same transaction as the final state.
 */
@Injectable()
export class NotificationCounters {
  private readonly counts = new Map<NotificationChannelKind, DeliveryCounts>(
    NOTIFICATION_CHANNEL_KINDS.map((kind) => [kind, { delivered: 0, failed: 0 }]),
  );

  increment(kind: NotificationChannelKind, state: keyof DeliveryCounts): void {
    const counts = this.counts.get(kind);
    if (counts) counts[state]++;
  }

  /** A copy: kind → { delivered, failed } since this instance started. */
  snapshot(): Record<NotificationChannelKind, DeliveryCounts> {
    return Object.fromEntries([...this.counts].map(([kind, c]) => [kind, { ...c }])) as Record<
      NotificationChannelKind,
      DeliveryCounts
    >;
  }
}
