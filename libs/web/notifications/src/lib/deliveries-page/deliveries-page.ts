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
import { errorStatus, loadResource } from '@hyperion/web/util';
import { Observable, catchError, map, of, throwError } from 'rxjs';

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

/** What asking for a linked delivery found: it, or that there is none of its id (404). */
type LinkedDelivery = { readonly delivery: DeliverySummary } | { readonly gone: string };

/**
 * Deliveries, newest first: filtered by state ("Failed" one click away) and channel; a row opens
 * to its receipt, every attempt with the provider's answer and latency; times with their zone.
 * `?delivery=<id>` (a page step's link) opens that delivery's attempts; one not among those
 * loaded is asked for on its own and shown above the list under "Linked delivery" (or "This
 * delivery no longer exists"; another failure with Retry).
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
  protected readonly limit = DELIVERIES_LIMIT;
  /** The delivery already opened for its link (opened once: the person may close it again). */
  private openedFor: string | null = null;
  /** The linked delivery whose heading already took the focus. */
  private focusedFor: string | null = null;
  /** The list answered once (until then, whether it holds the linked delivery is unknown). */
  private readonly listAnswered = signal(false);

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

  /** The delivery a link asked for, once the list answered without it: asked for on its own. */
  protected readonly linkedId = computed(() => {
    const id = this.wanted();
    if (id === null || !this.listAnswered()) return null;
    return this.deliveries.value().some((d) => d.id === id) ? null : id;
  });
  protected readonly linked = loadResource<LinkedDelivery | null>({
    load: () => this.loadLinked(untracked(this.linkedId)),
    initial: null,
    errorMessage: 'Hyperion did not answer.',
  });
  /** The linked delivery found (of the id linked now: not an answer about an earlier link). */
  protected readonly linkedDelivery = computed(() => {
    const found = this.linked.value();
    return found && 'delivery' in found && found.delivery.id === this.linkedId()
      ? found.delivery
      : null;
  });
  /** There is no delivery of the linked id (any more). */
  protected readonly linkedGone = computed(() => {
    const found = this.linked.value();
    return found !== null && 'gone' in found && found.gone === this.linkedId();
  });

  constructor() {
    effect(() => {
      if (!this.deliveries.loading()) untracked(() => this.listAnswered.set(true));
    });
    effect(() => {
      this.linkedId();
      untracked(() => this.linked.reload());
    });
    // Found (or gone): its heading takes the focus once, so the keyboard and a screen reader are there.
    effect(() => {
      const id = this.linkedId();
      if (id === null || id === this.focusedFor) return;
      if (!this.linkedDelivery() && !this.linkedGone()) return;
      this.focusedFor = id;
      afterNextRender(
        () =>
          this.host.nativeElement
            .querySelector<HTMLElement>('[data-testid="linked-delivery-title"]')
            ?.focus(),
        { injector: this.injector },
      );
    });
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

  /** GET /notification-deliveries/:id; a 404 is an answer ("no longer exists"), not a failure. */
  private loadLinked(id: string | null): Observable<LinkedDelivery | null> {
    if (id === null) return of(null);
    return this.api.delivery(id).pipe(
      map((delivery): LinkedDelivery => ({ delivery })),
      catchError((error: unknown) =>
        errorStatus(error) === 404 ? of({ gone: id }) : throwError(() => error),
      ),
    );
  }
}
