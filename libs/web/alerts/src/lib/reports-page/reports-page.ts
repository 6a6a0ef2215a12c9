import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router } from '@angular/router';
import type { AlertReportTrend, MonthlyAlertReport } from '@hyperion/contracts';
import { loadResource } from '@hyperion/web/util';
import { map } from 'rxjs';

import { utcTime } from '../alert-format';
import { AlertsApi } from '../alerts-api';
import { AlertChart } from '../chart/alert-chart';
import {
  TREND_MONTHS,
  byChannel,
  byEventType,
  bySeverity,
  isMonth,
  monthName,
  shiftMonth,
  trendSeries,
  utcMonth,
} from './report-data';

/**
 * The monthly report of emitted alerts (UTC months; the month in the URL, this month by default):
 * the total, charts by event type, channel and severity, the first and last alert (UTC), and the
 * totals of the 12 months up to it. Each chart has its numbers as a table for screen readers.
 */
@Component({
  selector: 'hyp-reports-page',
  imports: [AlertChart, MatButtonModule, MatProgressBarModule],
  templateUrl: './reports-page.html',
  styleUrls: ['../page.scss', './reports-page.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportsPage {
  private readonly api = inject(AlertsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly thisMonth = utcMonth(Date.now());
  protected readonly month = toSignal(
    this.route.queryParamMap.pipe(
      map((params) => {
        const month = params.get('month');
        return isMonth(month) ? month : this.thisMonth;
      }),
    ),
    { requireSync: true },
  );
  protected readonly monthName = computed(() => monthName(this.month()));
  protected readonly trendMonths = TREND_MONTHS;
  protected readonly utcTime = utcTime;

  protected readonly report = loadResource<MonthlyAlertReport | null>({
    load: () => this.api.monthlyReport(this.month()),
    initial: null,
    errorMessage: 'The report could not be loaded.',
  });
  protected readonly trend = loadResource<AlertReportTrend | null>({
    load: () => this.api.trend(TREND_MONTHS, this.month()),
    initial: null,
    errorMessage: 'The trend could not be loaded.',
  });

  /** The report shown is of the month picked (not the one before, while it loads). */
  protected readonly shown = computed(() => {
    const report = this.report.value();
    return report && report.month === this.month() ? report : null;
  });
  protected readonly eventTypes = computed(() => this.series(byEventType));
  protected readonly channels = computed(() => this.series(byChannel));
  protected readonly severities = computed(() => this.series(bySeverity));
  protected readonly trendSeries = computed(() => {
    const trend = this.trend.value();
    return trend ? trendSeries(trend) : null;
  });

  private shownMonth: string | null = null;

  constructor() {
    // Another month picked: its report and trend.
    effect(() => {
      const month = this.month();
      untracked(() => {
        if (this.shownMonth !== null && this.shownMonth !== month) {
          this.report.reload();
          this.trend.reload();
        }
        this.shownMonth = month;
      });
    });
  }

  protected pick(value: string): void {
    if (isMonth(value)) this.go(value);
  }

  protected shift(delta: number): void {
    this.go(shiftMonth(this.month(), delta));
  }

  protected go(month: string): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { month: month === this.thisMonth ? null : month },
      queryParamsHandling: 'merge',
    });
  }

  private series<T>(pick: (report: MonthlyAlertReport) => T): T | null {
    const report = this.shown();
    return report ? pick(report) : null;
  }
}
