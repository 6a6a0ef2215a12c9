import { JsonPipe, KeyValuePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute, RouterLink } from '@angular/router';
import type {
  AlertActionRequest,
  AlertDetail,
  AlertSummary,
  EscalationProgress,
} from '@hyperion/contracts';
import { ALERT_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { SocketService } from '@hyperion/web/realtime';
import { apiErrorMessage, busyFlag, loadResource } from '@hyperion/web/util';
import { interval } from 'rxjs';

import {
  SNOOZE_CHOICES,
  localTime,
  relativeTime,
  snoozeLabel,
  suppressionText,
} from '../alert-format';
import { AlertSeverityChip, AlertStateChip } from '../alert-parts';
import { AlertsApi } from '../alerts-api';
import { isNotOlder } from '../alerts-page/alert-list';
import {
  DELIVERIES_PATH,
  DELIVERY_PARAM,
  NOTIFICATION_STATES,
  acknowledgedByText,
  activityDetails,
  activityText,
  escalationSummary,
  levelOutcome,
} from './alert-detail';

/** A live change of this alert asks for its detail (activity, escalation) after this long. */
const RELOAD_DELAY_MS = 500;

type Action = AlertActionRequest['action'];

/**
 * One alert: what it is (summary, service, source, key, labels, annotations, custom details,
 * links), how often and when it fired, everything that happened to it, and each notification with
 * its escalation level by level (state, due time, a link to each delivery's receipt). Acknowledge,
 * resolve or snooze it. Live: `alerts:changed` about it updates it at once and asks for the rest.
 */
@Component({
  selector: 'hyp-alert-detail-page',
  imports: [
    AlertSeverityChip,
    AlertStateChip,
    JsonPipe,
    KeyValuePipe,
    MatButtonModule,
    MatMenuModule,
    MatProgressBarModule,
    RouterLink,
  ],
  templateUrl: './alert-detail-page.html',
  styleUrls: ['../page.scss', './alert-detail-page.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlertDetailPage {
  private readonly api = inject(AlertsApi);
  private readonly auth = inject(AuthService);
  private readonly socket = inject(SocketService);
  private readonly snackBar = inject(MatSnackBar);

  /** The route's `:id`. */
  readonly id = input.required<string>();

  /** The alerts list's route (the layout's): the links to alerts and services start from it. */
  protected readonly listRoute = inject(ActivatedRoute).parent;
  protected readonly canAct = computed(() => this.auth.hasPermission(ALERT_PERMISSIONS.ack));
  protected readonly connected = this.socket.connected;
  protected readonly snoozeChoices = SNOOZE_CHOICES;
  protected readonly deliveriesPath = DELIVERIES_PATH;
  protected readonly notificationStates = NOTIFICATION_STATES;
  protected readonly localTime = localTime;
  protected readonly suppressionText = suppressionText;
  protected readonly activityText = activityText;
  protected readonly activityDetails = activityDetails;
  protected readonly escalationSummary = escalationSummary;
  protected readonly now = signal(Date.now());
  protected readonly busy = busyFlag();
  protected readonly actionError = signal<string | null>(null);

  protected readonly alert = loadResource<AlertDetail | null>({
    load: () => this.api.get(this.id()),
    initial: null,
    errorMessage: 'The alert could not be loaded.',
  });

  private shownId: string | null = null;
  private reloadTimer: ReturnType<typeof setTimeout> | null = null;

  constructor() {
    // Another alert (a link from this one): its detail.
    effect(() => {
      const id = this.id();
      untracked(() => {
        if (this.shownId !== null && this.shownId !== id) {
          this.actionError.set(null);
          this.alert.reload();
        }
        this.shownId = id;
      });
    });
    interval(1_000)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.now.set(Date.now()));
    inject(DestroyRef).onDestroy(() => {
      if (this.reloadTimer !== null) clearTimeout(this.reloadTimer);
    });
    this.socket
      .on('alerts:changed')
      .pipe(takeUntilDestroyed())
      .subscribe((event) => {
        const mine = event.alerts.find((a) => a.id === this.id());
        if (mine) this.changed(mine);
      });
    // What happened while the socket was down was missed.
    this.socket.reconnected$.pipe(takeUntilDestroyed()).subscribe(() => this.alert.reload());
  }

  /** "you", or who else acknowledged it (never a user id). */
  protected acknowledgedBy(alert: AlertDetail): string | null {
    return acknowledgedByText(alert, this.auth.currentUser()?.id ?? null);
  }

  protected relative(iso: string): string {
    return relativeTime(iso, this.now());
  }

  protected levelText(level: EscalationProgress): string {
    return levelOutcome(level, this.now());
  }

  protected deliveryQuery(id: string): Record<string, string> {
    return { [DELIVERY_PARAM]: id };
  }

  protected hasEntries(record: Readonly<Record<string, unknown>>): boolean {
    return Object.keys(record).length > 0;
  }

  protected act(action: Action, minutes?: number): void {
    const shown = this.alert.value();
    if (!shown) return;
    this.actionError.set(null);
    const body: AlertActionRequest = minutes === undefined ? { action } : { action, minutes };
    const done = { acknowledge: 'acknowledged', resolve: 'resolved', snooze: 'snoozed' }[action];
    this.busy.track(this.api.act(shown.id, body)).subscribe({
      next: (saved) => {
        this.changed(saved);
        const until = minutes === undefined ? '' : ` for ${snoozeLabel(minutes)}`;
        this.snackBar.open(`Alert ${done}${until}.`, undefined, { duration: 5000 });
      },
      error: (error: unknown) =>
        this.actionError.set(apiErrorMessage(error, `The alert could not be ${done}.`)),
    });
  }

  /** The alert as it now stands: shown at once; its activity and escalation asked for. */
  private changed(summary: AlertSummary): void {
    const shown = this.alert.value();
    if (shown && isNotOlder(summary, shown)) this.alert.set({ ...shown, ...summary });
    if (this.reloadTimer !== null) return;
    this.reloadTimer = setTimeout(() => {
      this.reloadTimer = null;
      this.alert.reload();
    }, RELOAD_DELAY_MS);
  }
}
