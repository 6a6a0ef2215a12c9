import { DatePipe } from '@angular/common';
import {
  ChangeDetectionStrategy,
  Component,
  InjectionToken,
  computed,
  inject,
  signal,
} from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { HealthReport, HealthTransition } from '@hyperion/contracts';
import { SocketService } from '@hyperion/web/realtime';
import { LiveIndicator, StateSparkline, StatusBadge, StatusTone } from '@hyperion/web/ui';
import { exhaustMap, interval, map, merge, startWith } from 'rxjs';

import { HealthApi, HealthResult } from '../health-api';
import {
  HistoryCheck,
  checkTimeline,
  historyWindow,
  timelineLabel,
  windowShort,
} from '../health-history';
import { isNotOlder } from '../health-report';
import {
  CardState,
  DependencyId,
  asUnknown,
  dependencyCards,
  unknownCards,
} from './dependency-cards';

/** How often the page asks over HTTP, live connection or not (numbers change between pushes). */
export const HEALTH_POLL_INTERVAL_MS = new InjectionToken<number>('HEALTH_POLL_INTERVAL_MS', {
  providedIn: 'root',
  factory: () => 10_000,
});

/** What the page can say about the deployment right now. */
export type ShownStatus = 'healthy' | 'unhealthy' | 'unknown';

const HISTORY_CHECK: Partial<Record<DependencyId, HistoryCheck>> = {
  database: 'database',
  redis: 'redis',
  disk: 'disk',
  memory: 'memory',
};

const TONES: Record<CardState, StatusTone> = { OK: 'ok', ERROR: 'error', UNKNOWN: 'neutral' };

/**
 * Health of the API and its dependencies, honest about what it knows: checked over HTTP every
 * 10 s (and on each reconnection), changes pushed live by the `health:status` socket event in
 * between. When the live connection drops, every card turns UNKNOWN until an HTTP check answers
 * again; when HTTP fails too, the page says Hyperion is unreachable. Each check has a sparkline
 * of its recorded changes over the last 24 hours (or since the first one, when younger).
 */
@Component({
  selector: 'hyp-health-page',
  imports: [
    DatePipe,
    MatCardModule,
    MatProgressBarModule,
    LiveIndicator,
    StateSparkline,
    StatusBadge,
  ],
  templateUrl: './health-page.html',
  styleUrl: './health-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HealthPage {
  private readonly api = inject(HealthApi);
  private readonly socket = inject(SocketService);
  private readonly pollMs = inject(HEALTH_POLL_INTERVAL_MS);

  /** The newest report, and when (client clock) it arrived. */
  private readonly latest = signal<{ report: HealthReport; at: number } | null>(null);
  /** Why the last HTTP check got no report; cleared by the next report. */
  private readonly failure = signal<string | null>(null);
  private readonly history = signal<HealthTransition[] | null>(null);

  /** The clock the "updated N s ago" text follows. */
  private readonly now = toSignal(interval(1_000).pipe(map(() => Date.now())), {
    initialValue: Date.now(),
  });

  protected readonly report = computed(() => this.latest()?.report ?? null);
  protected readonly unreachable = this.failure.asReadonly();
  protected readonly connected = this.socket.connected;
  protected readonly liveLostSince = this.socket.lostSince;
  protected readonly pollSeconds = Math.round(this.pollMs / 1000);
  protected readonly loading = computed(() => this.latest() === null && this.failure() === null);

  /**
   * Whether the report shown can be vouched for: the last HTTP check answered, and either live
   * updates flow or the report arrived after they stopped.
   */
  protected readonly known = computed(() => {
    const latest = this.latest();
    const lost = this.liveLostSince();
    return (
      latest !== null && this.failure() === null && (lost === null || latest.at > lost.getTime())
    );
  });

  protected readonly status = computed<ShownStatus | null>(() => {
    if (this.loading()) {
      return null;
    }
    const report = this.report();
    return this.known() && report ? report.status : 'unknown';
  });

  protected readonly cards = computed(() => {
    const report = this.report();
    const cards = report ? dependencyCards(report) : unknownCards();
    return this.known() ? cards : asUnknown(cards);
  });
  protected readonly okCount = computed(
    () => this.cards().filter((card) => card.state === 'OK').length,
  );
  protected readonly errors = computed(() => (this.known() ? (this.report()?.errors ?? []) : []));

  /** Seconds since the last report arrived (ticks every second). */
  protected readonly ageSeconds = computed(() => {
    const latest = this.latest();
    return latest ? Math.max(0, Math.floor((this.now() - latest.at) / 1000)) : null;
  });

  /** The sparklines: one per recorded check, plus the overall status; null without history. */
  protected readonly timelines = computed(() => {
    const history = this.history();
    if (history === null) {
      return null;
    }
    const at = this.latest()?.at ?? Date.now();
    const window = historyWindow(history, at);
    const line = (check: HistoryCheck, title: string) => {
      const timeline = checkTimeline(history, check, at, window);
      return { segments: timeline.segments, label: timelineLabel(title, timeline, window) };
    };
    return {
      window: windowShort(window),
      overall: line('overall', 'Overall status'),
      cards: Object.fromEntries(
        this.cards()
          .filter((card) => HISTORY_CHECK[card.id] !== undefined)
          .map((card) => [card.id, line(HISTORY_CHECK[card.id] as HistoryCheck, card.title)]),
      ) as Partial<Record<DependencyId, ReturnType<typeof line>>>,
    };
  });

  protected readonly tone = (state: CardState): StatusTone => TONES[state];

  constructor() {
    merge(interval(this.pollMs), this.socket.reconnected$)
      .pipe(
        startWith(undefined),
        // A check still waiting for its answer is not started again (a slow API is not flooded).
        exhaustMap(() => this.api.getReport()),
        takeUntilDestroyed(),
      )
      .subscribe((result) => this.applyResult(result));

    this.socket
      .on('health:status')
      .pipe(takeUntilDestroyed())
      .subscribe((report) => this.applyReport(report));

    this.socket.reconnected$
      .pipe(
        startWith(undefined),
        exhaustMap(() => this.api.getHistory()),
        takeUntilDestroyed(),
      )
      .subscribe((history) => this.history.set(history));
  }

  private applyResult(result: HealthResult): void {
    if (result.kind === 'report') {
      this.applyReport(result.report);
    } else {
      this.failure.set(result.reason);
    }
  }

  private applyReport(report: HealthReport): void {
    const previous = this.latest();
    if (isNotOlder(report, previous?.report ?? null)) {
      this.latest.set({ report, at: Date.now() });
      // A change was just recorded: draw it (the history lives in PostgreSQL: not while the
      // database is down).
      if (previous && previous.report.status !== report.status && report.database === 'OK') {
        this.api.getHistory().subscribe((history) => this.history.set(history));
      }
    }
    this.failure.set(null);
  }
}
