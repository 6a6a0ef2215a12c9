import { Clipboard } from '@angular/cdk/clipboard';
import { DOCUMENT } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  DestroyRef,
  computed,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type { MonitorDay, MonitorResult, MonitorSummary, MonitorUptime } from '@hyperion/contracts';
import { MONITOR_PERMISSIONS, hasResponseTime } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { ChartSeries, LineChart, StatusBadge, UptimeBars, uptimeDays } from '@hyperion/web/ui';
import { apiErrorMessage, loadResource } from '@hyperion/web/util';
import { forkJoin, interval, tap } from 'rxjs';

import { MonitorApi } from '../monitor-api';
import {
  KIND_LABELS,
  STATE_INFO,
  latencyText,
  localTime,
  relativeTime,
  targetText,
  uptimeText,
} from '../monitor-format';

/** The results drawn and listed: enough for a few hours at a 1-minute interval. */
export const DETAIL_RESULTS = 200;
/** As the list: the page asks again every 30 s (no live event carries monitor changes). */
export const DETAIL_REFRESH_MS = 30_000;
const CLOCK_MS = 1_000;
const BAR_DAYS = 90;

/** Everything the page shows, loaded together so it never mixes two moments. */
interface Detail {
  readonly monitor: MonitorSummary;
  readonly results: MonitorResult[];
  readonly uptime: MonitorUptime;
  readonly days: MonitorDay[];
}

/**
 * One monitor (`/monitors/:id`): its state in words (and "Slow" while slower than its
 * response-time threshold), where it looks, its push URL to copy (push
 * monitors), its uptime over 24 h, 7, 30 and 90 days, a latency chart of its recent checks (gaps
 * where none ran), 90 days of uptime bars and its latest results. Asked for again every 30 s;
 * when that fails, the page keeps what it shows and says how old it is.
 */
@Component({
  selector: 'hyp-monitor-detail-page',
  imports: [
    LineChart,
    MatButtonModule,
    MatProgressBarModule,
    MatTableModule,
    RouterLink,
    StatusBadge,
    UptimeBars,
  ],
  templateUrl: './monitor-detail-page.html',
  styleUrl: './monitor-detail-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MonitorDetailPage {
  private readonly api = inject(MonitorApi);
  private readonly auth = inject(AuthService);
  private readonly clipboard = inject(Clipboard);
  private readonly destroyRef = inject(DestroyRef);
  private readonly origin = inject(DOCUMENT).location.origin;

  /** The route's `:id`. */
  readonly id = input.required<string>();

  protected readonly stateInfo = STATE_INFO;
  protected readonly kindLabels = KIND_LABELS;
  protected readonly targetText = targetText;
  protected readonly latencyText = latencyText;
  protected readonly uptimeText = uptimeText;
  protected readonly localTime = localTime;
  protected readonly hasResponseTime = hasResponseTime;
  protected readonly columns = ['state', 'latency', 'message', 'time'];
  protected readonly windows = [
    { key: 'day', label: '24 hours' },
    { key: 'week', label: '7 days' },
    { key: 'month', label: '30 days' },
    { key: 'quarter', label: '90 days' },
  ] as const;

  protected readonly canWrite = computed(() => this.auth.hasPermission(MONITOR_PERMISSIONS.write));

  private readonly loaded = signal<{ detail: Detail; at: number } | null>(null);
  protected readonly load = loadResource<Detail | null>({
    load: () => {
      const id = untracked(this.id);
      return forkJoin({
        monitor: this.api.get(id),
        results: this.api.results(id, DETAIL_RESULTS),
        uptime: this.api.uptime(id),
        days: this.api.days(id),
      }).pipe(tap((detail) => this.loaded.set({ detail, at: Date.now() })));
    },
    initial: null,
    errorMessage: 'The monitor could not be loaded.',
  });

  protected readonly detail = computed(() => this.loaded()?.detail ?? null);
  protected readonly stale = computed(() => (this.load.error() ? this.loaded() : null));

  /** The push URL as the monitored job calls it (with this console's origin). */
  protected readonly pushUrl = computed(() => {
    const path = this.detail()?.monitor.pushUrl;
    return path ? `${this.origin}${path}` : null;
  });

  protected readonly series = computed<ChartSeries[]>(() => [
    {
      name: 'Latency',
      // Oldest first; a failed check measured nothing worth drawing.
      points: [...(this.detail()?.results ?? [])]
        .reverse()
        .map((r) => ({ t: r.checkedAt, v: r.up ? r.latencyMs : null })),
    },
  ]);
  /** A pause longer than three intervals (paused, or nothing ran) is a gap in the line. */
  protected readonly gapMs = computed(
    () => 3 * (this.detail()?.monitor.intervalSeconds ?? 60) * 1000,
  );
  protected readonly bars = computed(() => uptimeDays(this.detail()?.days ?? [], BAR_DAYS));
  protected readonly failedResults = computed(
    () => (this.detail()?.results ?? []).filter((r) => !r.up).length,
  );

  protected readonly now = signal(Date.now());
  protected readonly checking = signal(false);
  protected readonly checkError = signal<string | null>(null);
  protected readonly copied = signal<'idle' | 'copied' | 'failed'>('idle');

  constructor() {
    interval(CLOCK_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.now.set(Date.now()));
    interval(DETAIL_REFRESH_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        if (!untracked(this.load.loading)) this.load.reload();
      });
  }

  /** What the "Slow" badge means (beside it, in words). */
  protected slowDetail(monitor: MonitorSummary): string {
    return monitor.responseTimeThresholdMs === null
      ? 'It was slow; its response-time alert is off now.'
      : `Slower than ${monitor.responseTimeThresholdMs} ms for ${this.inARow(monitor)}.`;
  }

  /** "2 checks in a row": what makes it DOWN, or slow. */
  protected inARow(monitor: MonitorSummary): string {
    return `${monitor.retries + 1} check${monitor.retries === 0 ? '' : 's'} in a row`;
  }

  protected ago(iso: string): string {
    return relativeTime(iso, this.now());
  }

  protected loadedAgo(at: number): string {
    return relativeTime(new Date(at).toISOString(), this.now());
  }

  protected copyPushUrl(): void {
    const url = this.pushUrl();
    if (url) this.copied.set(this.clipboard.copy(url) ? 'copied' : 'failed');
  }

  /** Runs a check now and loads the page again (the verdict, the new result, the uptime). */
  protected checkNow(): void {
    const monitor = this.detail()?.monitor;
    if (!monitor || this.checking()) return;
    this.checking.set(true);
    this.checkError.set(null);
    this.api
      .checkNow(monitor.id)
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: () => {
          this.checking.set(false);
          this.load.reload();
        },
        error: (error: unknown) => {
          this.checking.set(false);
          this.checkError.set(apiErrorMessage(error, `“${monitor.name}” could not be checked.`));
        },
      });
  }
}
