import {
  ChangeDetectionStrategy,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute } from '@angular/router';
import type {
  DeliveryState,
  DeliverySummary,
  NotificationChannelDetails,
} from '@hyperion/contracts';
import { StatusBadge, StatusTone } from '@hyperion/web/ui';
import { loadResource } from '@hyperion/web/util';
import { map } from 'rxjs';

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

/** The query parameter naming one delivery to open (a page step links to its delivery so). */
export const DELIVERY_PARAM = 'delivery';

/**
 * Deliveries, newest first: filtered by state ("Failed" one click away) and channel; a row opens
 * to its receipt, every attempt with the provider's answer and latency; times with their zone.
 * `?delivery=<id>` (a page step's link) opens that delivery's attempts, or says it is not among
 * those shown.
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
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);

  protected readonly columns = ['time', 'channel', 'recipient', 'title', 'state', 'more'];
  protected readonly stateFilters = STATE_FILTERS;
  protected readonly kindInfo = kindInfo;
  protected readonly failureReason = failureReason;

  protected readonly state = signal<'' | DeliveryState>('');
  protected readonly channelId = signal('');
  protected readonly expanded = signal<string | null>(null);
  /** The delivery a link asked for (`?delivery=`), if any. */
  protected readonly wanted = toSignal(
    inject(ActivatedRoute).queryParamMap.pipe(map((params) => params.get(DELIVERY_PARAM))),
    { initialValue: null },
  );
  /** The delivery asked for is not among those loaded. */
  protected readonly wantedMissing = computed(() => {
    const id = this.wanted();
    return (
      id !== null &&
      !this.deliveries.loading() &&
      !this.deliveries.error() &&
      !this.deliveries.value().some((d) => d.id === id)
    );
  });
  protected readonly limit = DELIVERIES_LIMIT;
  /** The delivery already opened for its link (opened once: the person may close it again). */
  private openedFor: string | null = null;

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

  constructor() {
    effect(() => {
      const id = this.wanted();
      if (id === null || id === this.openedFor || this.deliveries.loading()) return;
      if (!this.deliveries.value().some((d) => d.id === id)) return;
      this.openedFor = id;
      untracked(() => this.expanded.set(id));
      // Its "Hide" button takes the focus: the row is scrolled to and the keyboard is there.
      afterNextRender(
        () =>
          Array.from(
            this.host.nativeElement.querySelectorAll<HTMLElement>(
              '[data-testid^="delivery-toggle-"]',
            ),
          )
            .find((button) => button.dataset['testid'] === `delivery-toggle-${id}`)
            ?.focus(),
        { injector: this.injector },
      );
    });
  }

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
