import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  signal,
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
  pagesFreshness,
  pagesQuery,
  severityLabel,
  urgencyLabel,
  withPage,
} from './page-status';

/** How often the "updated … ago" line is rewritten. */
const CLOCK_MS = 1_000;

/**
 * Pages: who is being notified about what, newest first, filtered by state ("Notifying" by
 * default). Each page with its state in words, severity, urgency, when it started and each step
 * ("After 5 min · SMS · sent at 03:17 CET", with a link to its delivery). Asked again every 15 s,
 * saying how fresh the list is — and loudly when it may be out of date. "Acknowledge" for anyone
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
  protected readonly fresh = computed(() => pagesFreshness(this.state(), this.now()));
  private readonly me = computed(() => this.auth.currentUser()?.id ?? null);

  private lastAttempt = 0;
  private request: Subscription | null = null;

  constructor() {
    this.refresh();
    interval(CLOCK_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.tick());
    inject(DestroyRef).onDestroy(() => this.request?.unsubscribe());
  }

  /** Asks for the pages of the filter (a request under way is dropped for this one). */
  refresh(): void {
    this.request?.unsubscribe();
    this.lastAttempt = Date.now();
    this.loading.set(true);
    this.request = this.api.pages(pagesQuery(this.filter())).subscribe({
      next: (pages) => {
        this.loading.set(false);
        this.now.set(Date.now());
        this.state.set({ pages, fetchedAt: Date.now(), error: null, failedAt: null });
      },
      error: (error: unknown) => {
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
        this.state.update((state) => ({
          ...state,
          pages: withPage(state.pages ?? [], saved, this.filter()),
        }));
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
      .subscribe(({ page }) => {
        this.state.update((state) =>
          state.pages ? { ...state, pages: withPage(state.pages, page, this.filter()) } : state,
        );
      });
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
