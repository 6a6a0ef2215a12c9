import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatCardModule } from '@angular/material/card';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { HealthReport, OverallStatus } from '@hyperion/contracts';
import { SocketService } from '@hyperion/web/realtime';
import { LiveIndicator, StatusBadge } from '@hyperion/web/ui';
import { startWith, switchMap } from 'rxjs';

import { HealthApi, HealthResult } from '../health-api';
import { isNotOlder } from '../health-report';
import { dependencyCards } from './dependency-cards';

/**
 * Health of the API and its dependencies: fetched once over HTTP, then kept current by the
 * `health:status` socket event; fetched again whenever the socket reconnects.
 */
@Component({
  selector: 'hyp-health-page',
  imports: [DatePipe, MatCardModule, MatProgressBarModule, LiveIndicator, StatusBadge],
  templateUrl: './health-page.html',
  styleUrl: './health-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HealthPage {
  private readonly api = inject(HealthApi);
  private readonly socket = inject(SocketService);

  private readonly latest = signal<HealthReport | null>(null);
  /** Why the last HTTP fetch got no report; cleared by the next report. */
  private readonly failure = signal<string | null>(null);

  protected readonly report = this.latest.asReadonly();
  protected readonly unreachable = this.failure.asReadonly();
  protected readonly connected = this.socket.connected;
  protected readonly loading = computed(() => this.latest() === null && this.failure() === null);
  protected readonly status = computed<OverallStatus | null>(() =>
    this.failure() !== null ? 'unhealthy' : (this.latest()?.status ?? null),
  );
  protected readonly cards = computed(() => {
    const report = this.latest();
    return report ? dependencyCards(report) : [];
  });
  protected readonly okCount = computed(
    () => this.cards().filter((card) => card.state === 'OK').length,
  );
  protected readonly errors = computed(() => this.latest()?.errors ?? []);

  constructor() {
    this.socket.reconnected$
      .pipe(
        startWith(undefined),
        switchMap(() => this.api.getReport()),
        takeUntilDestroyed(),
      )
      .subscribe((result) => this.applyResult(result));

    this.socket
      .on('health:status')
      .pipe(takeUntilDestroyed())
      .subscribe((report) => this.applyReport(report));
  }

  private applyResult(result: HealthResult): void {
    if (result.kind === 'report') {
      this.applyReport(result.report);
    } else {
      this.failure.set(result.reason);
    }
  }

  private applyReport(report: HealthReport): void {
    if (isNotOlder(report, this.latest())) {
      this.latest.set(report);
    }
    this.failure.set(null);
  }
}
