import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type {
  MonitorKind,
  MonitorListItem,
  MonitorListQuery,
  MonitorListResponse,
  MonitorState,
  MonitorSummary,
} from '@hyperion/contracts';
import { MONITOR_KINDS, MONITOR_PERMISSIONS, MONITOR_RULES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { Sparkline, StatusBadge } from '@hyperion/web/ui';
import { apiErrorMessage, loadResource } from '@hyperion/web/util';
import { Subject, debounceTime, interval, tap } from 'rxjs';

import { MonitorApi } from '../monitor-api';
import {
  KIND_LABELS,
  STATE_INFO,
  STATE_ORDER,
  StateInfo,
  downFirst,
  latencyText,
  localTime,
  relativeTime,
  targetText,
  uptimeText,
} from '../monitor-format';

/** How often the "… ago" texts are rewritten. */
const CLOCK_MS = 1_000;
/**
 * How often the page is asked for again: no live event carries monitor changes, and a page left
 * open would otherwise show old verdicts with ever older "last check" times.
 */
export const MONITORS_REFRESH_MS = 30_000;
/** The pause after the last key typed in the search before the list is asked for. */
export const SEARCH_DEBOUNCE_MS = 300;

/** The last page the API answered, for which filters, and when. */
interface Loaded {
  readonly page: MonitorListResponse;
  readonly key: string;
  readonly at: number;
}

/**
 * The monitors, for whoever is on call at 3 a.m.: one page at a time from the API (filtered and
 * ordered there, never every monitor at once), down first, each state in words on a coloured
 * chip (and "Slow" beside it while slower than its response-time threshold), its uptime over 24 h and a latency sparkline of its last 24 hours (failing hours on red),
 * when it last checked and what it found. "Check now" (monitoring:control) shows its verdict in
 * the row. The page asks again every 30 s; when that fails it keeps the rows it has and says how
 * old they are.
 */
@Component({
  selector: 'hyp-monitors-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    RouterLink,
    Sparkline,
    StatusBadge,
  ],
  templateUrl: './monitors-page.html',
  styleUrl: './monitors-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MonitorsPage {
  private readonly api = inject(MonitorApi);
  private readonly auth = inject(AuthService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly stateInfo = STATE_INFO;
  protected readonly states = STATE_ORDER;
  protected readonly kinds = MONITOR_KINDS;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly targetText = targetText;
  protected readonly latencyText = latencyText;
  protected readonly uptimeText = uptimeText;
  protected readonly localTime = localTime;
  protected readonly searchMax = MONITOR_RULES.searchMaxLength;
  protected readonly pageSizes = [25, 50, MONITOR_RULES.listLimitMax];

  protected readonly canWrite = computed(() => this.auth.hasPermission(MONITOR_PERMISSIONS.write));
  protected readonly columns = computed(() => [
    'state',
    'name',
    'target',
    'uptime',
    'latency',
    'lastCheck',
    'message',
    ...(this.canWrite() ? ['actions'] : []),
  ]);

  /** The filters and the page, as the API is asked for them. */
  protected readonly search = signal('');
  protected readonly state = signal<MonitorState | ''>('');
  protected readonly kind = signal<MonitorKind | ''>('');
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal<number>(MONITOR_RULES.listLimitDefault);
  private readonly query = computed<MonitorListQuery>(() => ({
    q: this.search().trim() || undefined,
    state: this.state() || undefined,
    kind: this.kind() || undefined,
    limit: this.pageSize(),
    offset: this.pageIndex() * this.pageSize(),
  }));
  private readonly queryKey = computed(() => JSON.stringify(this.query()));
  protected readonly filtered = computed(
    () => !!(this.search().trim() || this.state() || this.kind()),
  );

  private readonly loaded = signal<Loaded | null>(null);
  protected readonly monitors = loadResource<MonitorListResponse | null>({
    load: () => {
      const query = untracked(this.query);
      const key = untracked(this.queryKey);
      return this.api
        .list(query)
        .pipe(tap((page) => this.loaded.set({ page, key, at: Date.now() })));
    },
    initial: null,
    errorMessage: 'The request failed.',
  });

  /**
   * The rows answered for the filters shown; while the answer to new filters is awaited, the
   * previous rows stay (under the progress bar) rather than the table flickering away.
   */
  private readonly current = computed(() => {
    const loaded = this.loaded();
    return loaded && (loaded.key === this.queryKey() || this.monitors.loading()) ? loaded : null;
  });
  protected readonly rows = computed<MonitorListItem[]>(() =>
    downFirst(this.current()?.page.items ?? []),
  );
  protected readonly total = computed(() => this.current()?.page.total ?? 0);
  /** The last refresh failed while older rows are shown: say how old they are. */
  protected readonly stale = computed(() =>
    this.monitors.error() && this.current() ? this.current() : null,
  );
  /** "2 Down · 1 Pending · 5 Up": what each state filter would find. */
  protected readonly counts = computed(() => {
    const byState = this.current()?.page.byState ?? {};
    return STATE_ORDER.filter((state) => (byState[state] ?? 0) > 0).map((state) => ({
      state,
      count: byState[state] ?? 0,
    }));
  });
  protected readonly stateCount = (state: MonitorState) => this.current()?.page.byState[state] ?? 0;

  protected readonly now = signal(Date.now());
  /** Monitors with a check under way, and why a check could not run (by monitor id). */
  protected readonly checking = signal<ReadonlySet<string>>(new Set());
  protected readonly checkErrors = signal<ReadonlyMap<string, string>>(new Map());
  private readonly typed = new Subject<string>();

  constructor() {
    interval(CLOCK_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.now.set(Date.now()));
    interval(MONITORS_REFRESH_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        if (!untracked(this.monitors.loading)) this.monitors.reload();
      });
    this.typed
      .pipe(debounceTime(SEARCH_DEBOUNCE_MS), takeUntilDestroyed())
      .subscribe((text) => this.change(() => this.search.set(text)));
  }

  protected typeSearch(text: string): void {
    this.typed.next(text);
  }

  protected chooseState(state: MonitorState | ''): void {
    this.change(() => this.state.set(state));
  }

  protected chooseKind(kind: MonitorKind | ''): void {
    this.change(() => this.kind.set(kind));
  }

  protected clearFilters(): void {
    this.change(() => {
      this.search.set('');
      this.state.set('');
      this.kind.set('');
    });
  }

  protected turnPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
    this.monitors.reload();
  }

  /** A new filter starts again from the first page. */
  private change(apply: () => void): void {
    const before = untracked(this.queryKey);
    apply();
    this.pageIndex.set(0);
    if (untracked(this.queryKey) !== before) this.monitors.reload();
  }

  protected stateOf(monitor: MonitorSummary): StateInfo {
    return STATE_INFO[monitor.state];
  }

  /** What the "Slow" badge means, for its tooltip. */
  protected slowDetail(monitor: MonitorSummary): string {
    const checks = `${monitor.retries + 1} check${monitor.retries === 0 ? '' : 's'} in a row`;
    return monitor.responseTimeThresholdMs === null
      ? 'It was slow; its response-time alert is off now.'
      : `Slower than ${monitor.responseTimeThresholdMs} ms for ${checks}.`;
  }

  protected kindLabel(monitor: MonitorSummary): string {
    return KIND_LABELS[monitor.kind];
  }

  protected lastCheck(monitor: MonitorSummary): string {
    return monitor.lastCheckedAt ? relativeTime(monitor.lastCheckedAt, this.now()) : 'Never';
  }

  protected loadedAgo(at: number): string {
    return relativeTime(new Date(at).toISOString(), this.now());
  }

  protected loadedAt(at: number): string {
    return localTime(new Date(at).toISOString());
  }

  /** Hours with a failed check, for the sparkline's red bands. */
  protected failingHours(row: MonitorListItem): boolean[] {
    return row.uptimeByHour.map((uptime) => uptime !== null && uptime < 100);
  }

  /** The sparkline's name in words: what a screen reader says instead of the picture. */
  protected sparklineLabel(row: MonitorListItem): string {
    const measured = row.latencyByHour.filter((v): v is number => v !== null);
    const failing = this.failingHours(row).filter(Boolean).length;
    if (measured.length === 0) return 'No latency measured in the last 24 hours';
    return (
      `Latency over the last 24 hours: ${Math.min(...measured)} to ${Math.max(...measured)} ms` +
      (failing > 0 ? `, failed checks in ${failing} hour${failing === 1 ? '' : 's'}` : '')
    );
  }

  protected isChecking(monitor: MonitorSummary): boolean {
    return this.checking().has(monitor.id);
  }

  protected checkError(monitor: MonitorSummary): string | null {
    return this.checkErrors().get(monitor.id) ?? null;
  }

  /** Runs a check now; the row shows its verdict, or the API's refusal (409: one is running). */
  protected checkNow(monitor: MonitorSummary): void {
    if (this.isChecking(monitor)) return;
    this.checking.update((ids) => new Set(ids).add(monitor.id));
    this.setCheckError(monitor.id, null);
    this.api
      .checkNow(monitor.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (checked) => {
          this.doneChecking(monitor.id);
          this.now.set(Date.now());
          this.loaded.update((loaded) =>
            loaded
              ? {
                  ...loaded,
                  page: {
                    ...loaded.page,
                    items: loaded.page.items.map((row) =>
                      row.id === checked.id ? { ...row, ...checked } : row,
                    ),
                  },
                }
              : loaded,
          );
        },
        error: (error: unknown) => {
          this.doneChecking(monitor.id);
          this.setCheckError(
            monitor.id,
            apiErrorMessage(error, `“${monitor.name}” could not be checked.`),
          );
        },
      });
  }

  private doneChecking(id: string): void {
    this.checking.update((ids) => {
      const next = new Set(ids);
      next.delete(id);
      return next;
    });
  }

  private setCheckError(id: string, message: string | null): void {
    this.checkErrors.update((errors) => {
      const next = new Map(errors);
      if (message === null) next.delete(id);
      else next.set(id, message);
      return next;
    });
  }
}
