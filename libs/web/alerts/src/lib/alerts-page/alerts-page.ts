import { DecimalPipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatMenuModule } from '@angular/material/menu';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type {
  AlertActionRequest,
  AlertSeverity,
  AlertSummary,
  ServiceSummary,
} from '@hyperion/contracts';
import { ALERT_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { SocketService } from '@hyperion/web/realtime';
import { ConfirmDialog, ConfirmDialogData } from '@hyperion/web/ui';
import { apiErrorMessage, loadResource } from '@hyperion/web/util';
import { Subject, Subscription, debounceTime, filter, interval, map, tap } from 'rxjs';

import {
  SEVERITY_INFO,
  SEVERITY_ORDER,
  SNOOZE_CHOICES,
  localTime,
  relativeTime,
  snoozeLabel,
  suppressionText,
} from '../alert-format';
import { AlertSeverityChip, AlertStateChip } from '../alert-parts';
import { AlertsApi } from '../alerts-api';
import { ServiceApi } from '../service-api';
import {
  ALERTS_PAGE_SIZE,
  ALERTS_REFETCH_DELAY_MS,
  ALERTS_REFRESH_MS,
  AlertFilters,
  AlertListState,
  NO_LIST_YET,
  STATE_FILTERS,
  applyAlertChanges,
  filtersFromParams,
  filtersToParams,
  listFreshness,
  listQuery,
  matchesFilters,
} from './alert-list';

/** How often the "… ago" texts are rewritten (and the periodic refresh checked). */
const CLOCK_MS = 1_000;
/** Typing in the search box asks the API once the typing pauses this long. */
const SEARCH_DEBOUNCE_MS = 400;

type Action = AlertActionRequest['action'];

const DONE: Readonly<Record<Action, string>> = {
  acknowledge: 'acknowledged',
  resolve: 'resolved',
  snooze: 'snoozed',
};

/**
 * Alerts, for whoever is on call at 3 a.m.: open alerts first (the filters — state, severity,
 * service, text — live in the URL), one page of 50 at a time with the total, counters of open
 * alerts by severity, severity and state in words, why an alert pages nobody (silenced, inhibited
 * by another), how often it fired and when last. Acknowledge, resolve or snooze one alert, or
 * several at once after a confirmation. Live: `alerts:changed` updates the rows in place (older
 * copies ignored) and asks for the page again when an alert not shown changed; "Live" only while
 * the socket is connected, else how fresh the list is, loudly when it may be out of date.
 */
@Component({
  selector: 'hyp-alerts-page',
  imports: [
    AlertSeverityChip,
    DecimalPipe,
    AlertStateChip,
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatInputModule,
    MatMenuModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    RouterLink,
  ],
  templateUrl: './alerts-page.html',
  styleUrls: ['../page.scss', './alerts-page.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AlertsPage {
  private readonly api = inject(AlertsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly socket = inject(SocketService);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);
  private readonly serviceApi = inject(ServiceApi);

  protected readonly canAct = computed(() => this.auth.hasPermission(ALERT_PERMISSIONS.ack));
  protected readonly columns = computed(() =>
    this.canAct()
      ? ['select', 'severity', 'alert', 'state', 'occurrences', 'lastSeen', 'actions']
      : ['severity', 'alert', 'state', 'occurrences', 'lastSeen'],
  );
  protected readonly stateFilters = STATE_FILTERS;
  protected readonly severities = SEVERITY_ORDER;
  protected readonly severityInfo = SEVERITY_INFO;
  protected readonly snoozeChoices = SNOOZE_CHOICES;
  protected readonly pageSize = ALERTS_PAGE_SIZE;
  protected readonly suppressionText = suppressionText;
  protected readonly localTime = localTime;

  protected readonly filters = toSignal(
    this.route.queryParamMap.pipe(map((params) => filtersFromParams((name) => params.get(name)))),
    { requireSync: true },
  );
  protected readonly state = signal<AlertListState>(NO_LIST_YET);
  protected readonly loading = signal(false);
  protected readonly now = signal(Date.now());
  /** Since when live updates flow (the socket connected, ms); null while they do not. */
  private readonly liveSince = signal<number | null>(
    untracked(this.socket.connected) ? Date.now() : null,
  );
  protected readonly selected = signal<ReadonlySet<string>>(new Set());
  /** Alerts with an action under way, and why an action was refused (by alert id). */
  protected readonly acting = signal<ReadonlySet<string>>(new Set());
  protected readonly actionErrors = signal<ReadonlyMap<string, string>>(new Map());
  protected readonly searchText = signal(untracked(this.filters).q);

  protected readonly services = loadResource<ServiceSummary[]>({
    load: () => this.serviceApi.list(),
    initial: [],
    errorMessage: 'The services could not be loaded: the service filter is empty.',
  });
  private readonly serviceNames = computed(
    () => new Map(this.services.value().map((service) => [service.id, service.name])),
  );

  protected readonly items = computed(() => this.state().list?.items ?? []);
  protected readonly total = computed(() => this.state().list?.total ?? 0);
  protected readonly counters = computed(() => {
    const counts = this.state().list?.openBySeverity ?? {};
    return this.severities.map((severity) => ({ severity, count: counts[severity] ?? 0 }));
  });
  protected readonly fresh = computed(() =>
    listFreshness(this.state(), this.now(), this.liveSince()),
  );
  protected readonly range = computed(() => {
    const first = (this.filters().page - 1) * ALERTS_PAGE_SIZE;
    const shown = this.items().length;
    // A text search counts up to a bound: past it the total reads "10,000+".
    const more = this.state().list?.totalIsLowerBound === true;
    return { from: shown ? first + 1 : 0, to: first + shown, total: this.total(), more };
  });
  protected readonly hasNext = computed(
    () => this.range().to < this.total() || (this.range().more && this.range().to > 0),
  );
  protected readonly allSelected = computed(
    () => this.items().length > 0 && this.items().every((a) => this.selected().has(a.id)),
  );
  protected readonly someSelected = computed(
    () => !this.allSelected() && this.items().some((a) => this.selected().has(a.id)),
  );

  private lastAttempt = 0;
  private request: Subscription | null = null;
  /** Changes that arrived while a request was answered: applied to its answer too. */
  private changesSinceAsked: AlertSummary[] = [];
  private refetchTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly searches = new Subject<string>();

  constructor() {
    // A new URL (filters, page): ask for that page; the selection was of another list.
    effect(() => {
      const filters = this.filters();
      untracked(() => {
        this.selected.set(new Set());
        this.searchText.set(filters.q);
        this.refresh();
      });
    });
    interval(CLOCK_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.tick());
    inject(DestroyRef).onDestroy(() => {
      this.request?.unsubscribe();
      if (this.refetchTimer !== null) clearTimeout(this.refetchTimer);
    });
    this.searches
      .pipe(debounceTime(SEARCH_DEBOUNCE_MS), takeUntilDestroyed())
      .subscribe((q) => this.search(q));

    this.socket
      .on('alerts:changed')
      .pipe(takeUntilDestroyed())
      .subscribe((event) => this.applyChanges(event.alerts));
    // Changes sent while the socket was down were missed: the page is asked for again.
    this.socket.reconnected$.pipe(takeUntilDestroyed()).subscribe(() => this.wentLive());
    effect(() => {
      const connected = this.socket.connected();
      untracked(() => {
        if (!connected) this.liveSince.set(null);
        else if (this.liveSince() === null) this.wentLive();
      });
    });
  }

  /** Asks for the page of the filters (a request under way is dropped for this one). */
  refresh(): void {
    this.request?.unsubscribe();
    if (this.refetchTimer !== null) {
      clearTimeout(this.refetchTimer);
      this.refetchTimer = null;
    }
    const filters = this.filters();
    const askedAt = Date.now();
    this.lastAttempt = askedAt;
    this.changesSinceAsked = [];
    this.loading.set(true);
    this.request = this.api.list(listQuery(filters)).subscribe({
      next: (answer) => {
        // Changes seen meanwhile may be newer than the answer: applied again (older ignored).
        const { list, refetch } = applyAlertChanges(answer, this.changesSinceAsked);
        this.changesSinceAsked = [];
        // One of them is not in the answer: it may have been read before that alert changed.
        if (refetch) this.scheduleRefetch();
        this.loading.set(false);
        this.now.set(Date.now());
        this.state.set({ list, fetchedAt: Date.now(), askedAt, error: null, failedAt: null });
        this.actionErrors.set(new Map());
      },
      error: (error: unknown) => {
        this.changesSinceAsked = [];
        this.loading.set(false);
        this.now.set(Date.now());
        this.state.update((state) => ({
          ...state,
          error: apiErrorMessage(error, 'Hyperion did not answer.'),
          failedAt: Date.now(),
        }));
      },
    });
  }

  protected setState(state: AlertFilters['state']): void {
    this.navigate({ state });
  }

  protected setSeverity(severity: AlertSeverity | ''): void {
    this.navigate({ severity });
  }

  /** A counter: the open alerts of that severity (again: every open alert). */
  protected showOpen(severity: AlertSeverity): void {
    const filters = this.filters();
    const same = filters.state === 'open' && filters.severity === severity;
    this.navigate({ state: 'open', severity: same ? '' : severity });
  }

  protected setService(serviceId: string): void {
    this.navigate({ serviceId });
  }

  protected typed(text: string): void {
    this.searchText.set(text);
    this.searches.next(text);
  }

  protected search(q: string): void {
    if (q.trim() !== this.filters().q) this.navigate({ q: q.trim() });
  }

  protected clearFilters(): void {
    this.navigate({ state: 'open', severity: '', serviceId: '', q: '' });
  }

  protected goToPage(page: number): void {
    this.navigate({ page }, page);
  }

  protected serviceName(alert: AlertSummary): string | null {
    if (!alert.serviceId) return alert.serviceName;
    return alert.serviceName ?? this.serviceNames().get(alert.serviceId) ?? null;
  }

  protected lastSeen(alert: AlertSummary): string {
    return relativeTime(alert.lastSeenAt, this.now());
  }

  protected snoozedUntil(alert: AlertSummary): string | null {
    return alert.state === 'snoozed' && alert.snoozedUntil
      ? `until ${localTime(alert.snoozedUntil)}`
      : null;
  }

  /** A row whose alert no longer matches the filters (changed live): it says so. */
  protected leaving(alert: AlertSummary): boolean {
    return !matchesFilters(alert, this.filters());
  }

  protected isSelected(alert: AlertSummary): boolean {
    return this.selected().has(alert.id);
  }

  protected toggle(alert: AlertSummary): void {
    this.selected.update((ids) => {
      const next = new Set(ids);
      if (!next.delete(alert.id)) next.add(alert.id);
      return next;
    });
  }

  protected clearSelection(): void {
    this.selected.set(new Set());
  }

  protected toggleAll(): void {
    this.selected.set(this.allSelected() ? new Set() : new Set(this.items().map((a) => a.id)));
  }

  protected isActing(alert: AlertSummary): boolean {
    return this.acting().has(alert.id);
  }

  protected actionError(alert: AlertSummary): string | null {
    return this.actionErrors().get(alert.id) ?? null;
  }

  /** Acknowledge, resolve or snooze one alert; the API's refusal is shown on its row. */
  protected act(alert: AlertSummary, action: Action, minutes?: number): void {
    if (this.isActing(alert)) return;
    this.acting.update((ids) => new Set(ids).add(alert.id));
    this.setActionError(alert.id, null);
    const body: AlertActionRequest = minutes === undefined ? { action } : { action, minutes };
    this.api.act(alert.id, body).subscribe({
      next: (saved) => {
        this.doneActing(alert.id);
        this.applyChanges([saved]);
        const until = minutes === undefined ? '' : ` for ${snoozeLabel(minutes)}`;
        this.snackBar.open(`“${saved.summary}” ${DONE[action]}${until}.`, undefined, {
          duration: 5000,
        });
      },
      error: (error: unknown) => {
        this.doneActing(alert.id);
        this.setActionError(
          alert.id,
          apiErrorMessage(error, `The alert could not be ${DONE[action]}.`),
        );
      },
    });
  }

  /** The same for every alert selected, after a confirmation naming how many. */
  protected bulk(action: Action, minutes?: number): void {
    const ids = [...this.selected()];
    if (ids.length === 0) return;
    const count = ids.length === 1 ? '1 alert' : `${ids.length} alerts`;
    const verb = { acknowledge: 'Acknowledge', resolve: 'Resolve', snooze: 'Snooze' }[action];
    const until = minutes === undefined ? '' : ` for ${snoozeLabel(minutes)}`;
    let changed: string[] = [];
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, {
        autoFocus: 'first-tabbable',
        data: {
          title: `${verb} ${count}${until}?`,
          paragraphs: [
            {
              acknowledge:
                'Their escalations stop: nobody else is paged about them while they stay acknowledged.',
              resolve: 'They are over: their escalations stop, and a new trigger opens them again.',
              snooze: `Nobody is paged about them${until}; then they trigger again if still open.`,
            }[action],
            'Alerts already in that state are left as they are.',
          ],
          confirmLabel: `${verb} ${count}`,
          danger: action === 'resolve',
          action: () =>
            this.api
              .bulk(minutes === undefined ? { action, ids } : { action, ids, minutes })
              .pipe(tap((answer) => (changed = answer.changed))),
          errorFallback: `The alerts could not be ${DONE[action]}.`,
          testId: 'alerts-bulk-confirm',
        },
      })
      .afterClosed()
      .pipe(filter((done) => done === true))
      .subscribe(() => {
        this.selected.set(new Set());
        const left = ids.length - changed.length;
        this.snackBar.open(
          `${changed.length === 1 ? '1 alert' : `${changed.length} alerts`} ${DONE[action]}${until}` +
            (left > 0 ? ` (${left} already were).` : '.'),
          undefined,
          { duration: 5000 },
        );
        this.refresh();
      });
  }

  /** Alerts changed (a live event, or an action's answer): into the page shown. */
  private applyChanges(alerts: readonly AlertSummary[]): void {
    if (this.loading()) this.changesSinceAsked.push(...alerts);
    const list = this.state().list;
    if (!list) return;
    const applied = applyAlertChanges(list, alerts);
    this.state.update((state) => ({ ...state, list: applied.list }));
    if (applied.refetch && !this.loading()) this.scheduleRefetch();
  }

  /** Asks for the page again soon: the changes of a burst are gathered into one request. */
  private scheduleRefetch(): void {
    if (this.refetchTimer !== null) return;
    this.refetchTimer = setTimeout(() => {
      this.refetchTimer = null;
      this.refresh();
    }, ALERTS_REFETCH_DELAY_MS);
  }

  private navigate(patch: Partial<AlertFilters>, page = 1): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: filtersToParams({ ...this.filters(), ...patch, page }),
      queryParamsHandling: 'merge',
    });
  }

  /** Live updates flow (again): from now on; the page is asked for to catch what was missed. */
  private wentLive(): void {
    this.liveSince.set(Date.now());
    this.refresh();
  }

  private doneActing(id: string): void {
    this.acting.update((ids) => {
      const next = new Set(ids);
      next.delete(id);
      return next;
    });
  }

  private setActionError(id: string, message: string | null): void {
    this.actionErrors.update((errors) => {
      const next = new Map(errors);
      if (message === null) next.delete(id);
      else next.set(id, message);
      return next;
    });
  }

  private tick(): void {
    const now = Date.now();
    this.now.set(now);
    if (!this.loading() && now - this.lastAttempt >= ALERTS_REFRESH_MS) this.refresh();
  }
}
