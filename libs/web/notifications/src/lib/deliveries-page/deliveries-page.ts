import { ChangeDetectionStrategy, Component, inject, signal, untracked } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import type {
  DeliveryState,
  DeliverySummary,
  NotificationChannelDetails,
} from '@hyperion/contracts';
import { StatusBadge, StatusTone } from '@hyperion/web/ui';
import { loadResource } from '@hyperion/web/util';

import { kindInfo } from '../channel-kinds';
import { NotificationChannelApi } from '../notification-channel-api';
import {
  DeliveryReceipt,
  STATE_LABELS,
  STATE_TONES,
  failureReason,
} from '../receipt/delivery-receipt';
import { ZonedTimePipe } from '../time/zoned-time.pipe';

/** How many deliveries one load shows (newest first). */
export const DELIVERIES_LIMIT = 100;

/** The state filter: '' for any. Failed comes first: it is what people look for. */
export const STATE_FILTERS: readonly { value: '' | DeliveryState; label: string }[] = [
  { value: '', label: 'All' },
  { value: 'failed', label: 'Failed' },
  { value: 'delivered', label: 'Delivered' },
  { value: 'pending', label: 'Pending' },
];

/**
 * Deliveries, newest first: filtered by state ("Failed" one click away) and channel; a row opens
 * to its receipt, every attempt with the provider's answer and latency; times with their zone.
 */
@Component({
  selector: 'hyp-deliveries-page',
  imports: [
    DeliveryReceipt,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    StatusBadge,
    ZonedTimePipe,
  ],
  templateUrl: './deliveries-page.html',
  styleUrl: '../page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class DeliveriesPage {
  private readonly api = inject(NotificationChannelApi);

  protected readonly columns = ['time', 'channel', 'recipient', 'title', 'state', 'more'];
  protected readonly stateFilters = STATE_FILTERS;
  protected readonly kindInfo = kindInfo;
  protected readonly failureReason = failureReason;

  protected readonly state = signal<'' | DeliveryState>('');
  protected readonly channelId = signal('');
  protected readonly expanded = signal<string | null>(null);

  protected readonly deliveries = loadResource<DeliverySummary[]>({
    load: () =>
      this.api.deliveries({
        state: untracked(this.state) || undefined,
        channelId: untracked(this.channelId) || undefined,
        limit: DELIVERIES_LIMIT,
      }),
    initial: [],
    errorMessage: 'The deliveries could not be loaded.',
  });
  protected readonly channels = loadResource<NotificationChannelDetails[]>({
    load: () => this.api.list(),
    initial: [],
    errorMessage: 'The channels could not be loaded.',
  });

  protected showState(state: '' | DeliveryState): void {
    if (state === this.state()) return;
    this.state.set(state);
    this.deliveries.reload();
  }

  protected showChannel(channelId: string): void {
    if (channelId === this.channelId()) return;
    this.channelId.set(channelId);
    this.deliveries.reload();
  }

  protected labelOf(delivery: DeliverySummary): string {
    return STATE_LABELS[delivery.state];
  }

  protected toneOf(delivery: DeliverySummary): StatusTone {
    return STATE_TONES[delivery.state];
  }

  protected toggle(delivery: DeliverySummary): void {
    this.expanded.update((open) => (open === delivery.id ? null : delivery.id));
  }
}
