import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  input,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { RouterLink } from '@angular/router';
import type {
  HostPoint,
  HostSample,
  HostSeries,
  HostSummary,
  LiveAnswer,
} from '@hyperion/contracts';
import { HOST_PERMISSIONS, hostLiveTopic } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { SocketService } from '@hyperion/web/realtime';
import { LineChart, LiveIndicator, StatusBadge } from '@hyperion/web/ui';
import { loadResource } from '@hyperion/web/util';
import { filter, interval, tap } from 'rxjs';

import { HostApi } from '../host-api';
import {
  HOST_STATE_INFO,
  bytesText,
  limitText,
  localTime,
  rateText,
  relativeTime,
  sourceText,
  uptimeText,
} from '../hosts-page/host-format';
import { HOST_RANGES, HostRangeKey, appendPoints, hostCharts, pointOfSample } from './host-charts';

const CLOCK_MS = 1_000;
/** The host's state and settings are asked for again this often (its samples come live). */
export const DASHBOARD_HOST_REFRESH_MS = 30_000;
/** A history range (not live) is asked for again this often, so its end stays "now". */
export const DASHBOARD_HISTORY_REFRESH_MS = 60_000;
/** Live: a host silent for this many intervals is said to be stale, even with the socket up. */
const SILENT_INTERVALS = 3;

const CLOCK = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** What the live indicator says. */
interface LiveState {
  readonly live: boolean;
  readonly text: string;
}

/**
 * One host (`/hosts/:id`): its state in words, uptime, and charts of CPU (with load), memory
 * (with swap), network per interface and disk per mount, the alert thresholds drawn as lines.
 * "Live" loads the last 15 minutes and follows the host's live topic: each new sample is added
 * to the charts as it arrives, and the indicator says "Live" or since when it is stale. The other
 * ranges load history from the range query (its resolution chosen by the API).
 */
@Component({
  selector: 'hyp-host-dashboard-page',
  imports: [
    LineChart,
    LiveIndicator,
    MatButtonModule,
    MatButtonToggleModule,
    MatProgressBarModule,
    RouterLink,
    StatusBadge,
  ],
  templateUrl: './host-dashboard-page.html',
  styleUrl: './host-dashboard-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HostDashboardPage {
  private readonly api = inject(HostApi);
  private readonly auth = inject(AuthService);
  private readonly socket = inject(SocketService);

  /** The route's `:id`. */
  readonly id = input.required<string>();

  protected readonly stateInfo = HOST_STATE_INFO;
  protected readonly ranges = HOST_RANGES;
  protected readonly sourceText = sourceText;
  protected readonly limitText = limitText;
  protected readonly localTime = localTime;
  protected readonly rate = rateText;
  protected readonly bytesText = bytesText;
  protected readonly uptimeText = uptimeText;

  protected readonly canWrite = computed(() => this.auth.hasPermission(HOST_PERMISSIONS.write));
  protected readonly range = signal<HostRangeKey>('live');
  protected readonly rangeLabel = computed(() => {
    const key = this.range();
    return key === 'live'
      ? 'last 15 minutes, live'
      : `last ${HOST_RANGES.find((r) => r.key === key)?.label}`;
  });
  protected readonly now = signal(Date.now());

  private readonly loadedHost = signal<{ host: HostSummary; at: number } | null>(null);
  protected readonly hostLoad = loadResource<HostSummary | null>({
    load: () =>
      this.api
        .get(untracked(this.id))
        .pipe(tap((host) => this.loadedHost.set({ host, at: Date.now() }))),
    initial: null,
    errorMessage: 'The host could not be loaded.',
  });
  protected readonly host = computed(() => this.loadedHost()?.host ?? null);
  protected readonly hostStale = computed(() => (this.hostLoad.error() ? this.loadedHost() : null));

  protected readonly series = signal<HostSeries | null>(null);
  protected readonly history = loadResource<HostSeries | null>({
    load: () => {
      const key = untracked(this.range);
      const span = HOST_RANGES.find((r) => r.key === key)?.ms ?? HOST_RANGES[0].ms;
      return this.api
        .samples(untracked(this.id), {
          from: new Date(Date.now() - span).toISOString(),
          resolution: key === 'live' ? 'raw' : 'auto',
        })
        .pipe(tap((series) => this.series.set(series)));
    },
    initial: null,
    errorMessage: 'The history could not be loaded.',
  });

  /** Samples received live, in time order, within the live window. */
  private readonly livePoints = signal<HostPoint[]>([]);
  private readonly liveAnswer = signal<LiveAnswer | null>(null);

  /** The window the charts span: the last 15 minutes live, else the range the API answered. */
  protected readonly window = computed(() => {
    const series = this.series();
    if (this.range() === 'live' || !series) {
      const span = HOST_RANGES.find((r) => r.key === this.range())?.ms ?? HOST_RANGES[0].ms;
      return { from: this.now() - span, to: this.now() };
    }
    return { from: Date.parse(series.from), to: Date.parse(series.to) };
  });

  protected readonly points = computed<HostPoint[]>(() => {
    const history = this.series()?.points ?? [];
    return this.range() === 'live'
      ? appendPoints(history, this.livePoints(), this.window().from)
      : history;
  });

  protected readonly charts = computed(() => {
    const host = this.host();
    return host
      ? hostCharts(this.points(), host.thresholds, { ...this.window(), gapMs: this.gapMs() })
      : null;
  });

  /** Three steps without data is a gap in the lines (the host was down or paused). */
  protected readonly gapMs = computed(
    () =>
      SILENT_INTERVALS * (this.series()?.stepSeconds ?? this.host()?.intervalSeconds ?? 15) * 1000,
  );

  /** The latest whole sample: received live, else the newest raw point of the history. */
  protected readonly latestSample = computed<HostSample | null>(() => {
    const live = this.livePoints().at(-1)?.sample;
    const history = [...(this.series()?.points ?? [])].reverse().find((p) => p.sample)?.sample;
    if (live && history) return Date.parse(live.at) >= Date.parse(history.at) ? live : history;
    return live ?? history ?? null;
  });

  protected readonly liveState = computed<LiveState>(() => {
    const lost = this.socket.lostSince();
    if (lost) {
      return {
        live: false,
        text: `Stale since ${CLOCK.format(lost)} (${relativeTime(lost.toISOString(), this.now())}): live updates lost, reconnecting…`,
      };
    }
    const answer = this.liveAnswer();
    if (answer && !answer.ok) return { live: false, text: `No live updates: ${answer.error}` };
    if (!this.socket.connected() || !answer)
      return { live: false, text: 'Connecting to live updates…' };
    const host = this.host();
    const last = this.latestSample()?.at ?? host?.lastSampleAt ?? null;
    if (
      host?.enabled &&
      last &&
      this.now() - Date.parse(last) > SILENT_INTERVALS * host.intervalSeconds * 1000
    ) {
      return {
        live: false,
        text: `Stale since ${CLOCK.format(Date.parse(last))} (${relativeTime(last, this.now())}): no sample from the host since`,
      };
    }
    return { live: true, text: 'Live' };
  });

  constructor() {
    interval(CLOCK_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.now.set(Date.now()));
    interval(DASHBOARD_HOST_REFRESH_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        if (!untracked(this.hostLoad.loading)) this.hostLoad.reload();
      });
    interval(DASHBOARD_HISTORY_REFRESH_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        if (untracked(this.range) !== 'live' && !untracked(this.history.loading))
          this.history.reload();
      });
    // What was missed while the socket was down comes from the history.
    this.socket.reconnected$.pipe(takeUntilDestroyed()).subscribe(() => {
      if (untracked(this.range) === 'live') this.history.reload();
    });

    // Follows the host's live topic while the page is open (again on every reconnection).
    effect((onCleanup) => {
      const id = this.id();
      const answers = this.socket
        .follow(hostLiveTopic(id))
        .subscribe((answer) => this.liveAnswer.set(answer));
      const samples = this.socket
        .on('host:sample')
        .pipe(filter((sample) => sample.hostId === id))
        .subscribe((sample) => this.received(sample));
      onCleanup(() => {
        answers.unsubscribe();
        samples.unsubscribe();
      });
    });
  }

  protected chooseRange(key: HostRangeKey): void {
    if (key === untracked(this.range)) return;
    this.range.set(key);
    this.series.set(null);
    this.history.reload();
  }

  protected ago(iso: string): string {
    return relativeTime(iso, this.now());
  }

  protected loadedAgo(at: number): string {
    return relativeTime(new Date(at).toISOString(), this.now());
  }

  protected bootedAt(sample: HostSample): string {
    return localTime(new Date(Date.parse(sample.at) - sample.uptimeSeconds * 1000).toISOString());
  }

  private received(sample: HostSample): void {
    const from = Date.now() - HOST_RANGES[0].ms;
    this.livePoints.update((points) => appendPoints(points, [pointOfSample(sample)], from));
    // A sample means the host answers: a state shown as pending or down is out of date.
    const state = untracked(this.host)?.state;
    if (state !== 'up' && state !== 'paused' && !untracked(this.hostLoad.loading)) {
      this.hostLoad.reload();
    }
  }
}
