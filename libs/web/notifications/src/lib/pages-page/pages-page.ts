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
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { ActivatedRoute } from '@angular/router';
import type { ContactSummary, PageSummary, ScheduleSummary } from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { SocketService } from '@hyperion/web/realtime';
import { apiErrorMessage, loadResource } from '@hyperion/web/util';
import { Subscription, filter, interval, of } from 'rxjs';

import { OnCallApi, PageCreated } from '../on-call-api';
import { ago } from '../schedules-page/on-call-status';
import { browserTimeZone } from '../time/zone-math';
import { ZonedTimePipe } from '../time/zoned-time.pipe';
import { PageDialog, PageDialogData } from './page-dialog';
import { PageStateChip, PageSteps } from './page-parts';
import {
  DEFAULT_PAGE_STATE_FILTER,
  NO_PAGES_YET,
  PAGES_LIMIT,
  PAGES_REFRESH_MS,
  PAGE_STATES,
  PAGE_STATE_FILTERS,
  PageStateFilter,
  PagesState,
  acknowledgedText,
  applyPageChange,
  pagesFreshness,
  pagesQuery,
  severityLabel,
  urgencyLabel,
  withChangesSince,
} from './page-status';

/** How often the "updated … ago" line is rewritten. */
const CLOCK_MS = 1_000;

/**
 * Pages: who is being notified about what, newest first, filtered by state ("Notifying" by
 * default). Each page with its state in words, severity, urgency, when it started and each step
 * ("After 5 min · SMS · sent at 03:17 CET", with a link to its delivery). Live: each `page:changed`
 * event (a page created, a step run, an acknowledgement) updates the list as it arrives; asked
 * again every 15 s all the same and on each reconnection, saying whether the list is live or how
 * fresh it is — and loudly when it may be out of date. "Acknowledge" for anyone
 * who may read (the API lets the paged person and notifications:write do it, and says why not
 * otherwise); "Page someone" with notifications:write.
 */
@Component({
  selector: 'hyp-pages-page',
  imports: [
    MatButtonModule,
    MatButtonToggleModule,
    MatProgressBarModule,
    PageStateChip,
    PageSteps,
    ZonedTimePipe,
  ],
  templateUrl: './pages-page.html',
  styleUrls: ['../page.scss', './pages-page.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class PagesPage {
  private readonly api = inject(OnCallApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);
  private readonly route = inject(ActivatedRoute);
  private readonly socket = inject(SocketService);

  protected readonly canWrite = computed(() =>
    this.auth.hasPermission(NOTIFICATION_CHANNEL_PERMISSIONS.write),
  );
  protected readonly stateFilters = PAGE_STATE_FILTERS;
  protected readonly limit = PAGES_LIMIT;
  protected readonly timeZone = browserTimeZone();
  protected readonly severityLabel = severityLabel;
  protected readonly urgencyLabel = urgencyLabel;

  protected readonly filter = signal<PageStateFilter>(DEFAULT_PAGE_STATE_FILTER);
  protected readonly state = signal<PagesState>(NO_PAGES_YET);
  protected readonly loading = signal(false);
  protected readonly now = signal(Date.now());
  /** Since when live updates flow (the socket connected, ms); null while they do not. */
  private readonly liveSince = signal<number | null>(
    untracked(this.socket.connected) ? Date.now() : null,
  );
  /** Pages being acknowledged, and why an acknowledgement was refused (by page id). */
  protected readonly acknowledging = signal<ReadonlySet<string>>(new Set());
  protected readonly ackErrors = signal<ReadonlyMap<string, string>>(new Map());

  /** Names of the schedules (a page names the one it came through); who can be paged. */
  protected readonly schedules = loadResource<ScheduleSummary[]>({
    load: () => this.api.schedules(),
    initial: [],
    errorMessage: 'The schedules could not be loaded (their names may be missing).',
  });
  protected readonly contacts = loadResource<ContactSummary[]>({
    load: () => (this.canWrite() ? this.api.contacts() : of([])),
    initial: [],
    errorMessage: 'The contacts could not be loaded: they cannot be paged from here.',
  });
  private readonly scheduleNames = computed(
    () => new Map(this.schedules.value().map((s) => [s.id, s.name])),
  );

  protected readonly pages = computed(() => this.state().pages ?? []);
  protected readonly fresh = computed(() =>
    pagesFreshness(this.state(), this.now(), this.liveSince()),
  );
  private readonly me = computed(() => this.auth.currentUser()?.id ?? null);

  private lastAttempt = 0;
  private request: Subscription | null = null;
  /** Changes that arrived while the request under way was answered: applied to its answer too. */
  private changesSinceAsked: PageSummary[] = [];
  /** Pages acknowledged here: they stay in view, acknowledged, until the next refresh. */
  private acknowledgedHere = new Set<string>();

  constructor() {
    this.refresh();
    interval(CLOCK_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.tick());
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());

    this.socket
      .on('page:changed')
      .pipe(takeUntilDestroyed())
      .subscribe((page) => this.applyChange(page));
    // Changes sent while the socket was down were missed: the list is asked for again.
    this.socket.reconnected$.pipe(takeUntilDestroyed()).subscribe(() => this.wentLive());
    effect(() => {
      const connected = this.socket.connected();
      untracked(() => {
        if (!connected) this.liveSince.set(null);
        // The first connection (or a drop and return too quick for reconnected$ to be seen).
        else if (this.liveSince() === null) this.wentLive();
      });
    });
  }

  /** Asks for the pages of the filter (a request under way is dropped for this one). */
  refresh(): void {
    this.request?.unsubscribe();
    const askedAt = Date.now();
    this.lastAttempt = askedAt;
    this.changesSinceAsked = [];
    this.loading.set(true);
    this.request = this.api.pages(pagesQuery(this.filter())).subscribe({
      next: (answer) => {
        const pages = withChangesSince(answer, this.changesSinceAsked, this.filter());
        this.changesSinceAsked = [];
        this.acknowledgedHere = new Set();
        this.loading.set(false);
        this.now.set(Date.now());
        this.state.set({ pages, fetchedAt: Date.now(), askedAt, error: null, failedAt: null });
      },
      error: (error: unknown) => {
        // The changes received meanwhile are in the list shown already.
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

  protected showState(filter: PageStateFilter): void {
    if (filter === this.filter()) return;
    this.filter.set(filter);
    // The list shown was of another filter: nothing of it is shown as this one's.
    this.state.set(NO_PAGES_YET);
    this.refresh();
  }

  protected stateDetail(page: PageSummary): string {
    return PAGE_STATES[page.state].detail;
  }

  protected scheduleName(page: PageSummary): string | null {
    if (!page.scheduleId) return null;
    return this.scheduleNames().get(page.scheduleId) ?? 'a schedule';
  }

  protected acknowledged(page: PageSummary): string | null {
    return acknowledgedText(page, this.me(), this.timeZone, this.now());
  }

  protected createdAgo(page: PageSummary): string {
    return ago(Date.parse(page.createdAt), this.now());
  }

  protected isAcknowledging(page: PageSummary): boolean {
    return this.acknowledging().has(page.id);
  }

  protected ackError(page: PageSummary): string | null {
    return this.ackErrors().get(page.id) ?? null;
  }

  protected acknowledge(page: PageSummary): void {
    if (this.isAcknowledging(page)) return;
    this.acknowledging.update((ids) => new Set(ids).add(page.id));
    this.setAckError(page.id, null);
    this.api.acknowledgePage(page.id).subscribe({
      next: (saved) => {
        this.doneAcknowledging(page.id);
        // A refresh under way may answer from before the acknowledgement: this one is newer.
        this.request?.unsubscribe();
        this.loading.set(false);
        this.lastAttempt = Date.now();
        this.changesSinceAsked = [];
        this.acknowledgedHere.add(saved.id);
        this.applyToList(saved);
        this.snackBar.open(
          `Acknowledged: ${saved.contactName} is no longer notified about “${saved.title}”.`,
          undefined,
          { duration: 5000 },
        );
      },
      error: (error: unknown) => {
        this.doneAcknowledging(page.id);
        this.setAckError(page.id, apiErrorMessage(error, 'The page could not be acknowledged.'));
      },
    });
  }

  protected pageSomeone(): void {
    this.dialog
      .open<PageDialog, PageDialogData, PageCreated | undefined>(PageDialog, {
        autoFocus: 'mat-select',
        width: '640px',
        maxWidth: '95vw',
        data: {
          people: this.contacts.value().map((c) => ({ id: c.id, name: c.name })),
          schedules: this.schedules.value().map((s) => ({ id: s.id, name: s.name })),
          create: (request) => this.api.createPage(request),
          timeZone: this.timeZone,
          route: this.route,
        },
      })
      .afterClosed()
      .pipe(filter((result): result is PageCreated => result !== undefined))
      .subscribe(({ page }) => this.applyToList(page));
  }

  /** A page changed (a live event): into the list, and into the answer of a refresh under way. */
  private applyChange(page: PageSummary): void {
    if (this.loading()) this.changesSinceAsked.push(page);
    this.applyToList(page);
  }

  private applyToList(page: PageSummary): void {
    // Acknowledged here, or being acknowledged: it stays in view until the next refresh.
    const keep = new Set([...this.acknowledgedHere, ...this.acknowledging()]);
    this.state.update((state) =>
      state.pages
        ? { ...state, pages: applyPageChange(state.pages, page, this.filter(), keep) }
        : state,
    );
  }

  /** Live updates flow (again): from now on; the list is asked for to catch what was missed. */
  private wentLive(): void {
    this.liveSince.set(Date.now());
    this.refresh();
  }

  private doneAcknowledging(id: string): void {
    this.acknowledging.update((ids) => {
      const next = new Set(ids);
      next.delete(id);
      return next;
    });
  }

  private setAckError(id: string, message: string | null): void {
    this.ackErrors.update((errors) => {
      const next = new Map(errors);
      if (message === null) next.delete(id);
      else next.set(id, message);
      return next;
    });
  }

  private tick(): void {
    const now = Date.now();
    this.now.set(now);
    if (!this.loading() && now - this.lastAttempt >= PAGES_REFRESH_MS) {
      this.refresh();
    }
  }
}
