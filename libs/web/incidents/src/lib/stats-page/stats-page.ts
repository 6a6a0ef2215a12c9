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
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { ActivatedRoute, Router } from '@angular/router';
import type { IncidentSeverity, IncidentStats, IncidentStatsRow } from '@hyperion/contracts';
import { INCIDENT_SEVERITIES } from '@hyperion/contracts';
import { loadResource } from '@hyperion/web/util';
import { map } from 'rxjs';

import { IncidentRecordsApi } from '../records-api';
import { dayStart, durationText, localTime, severityText } from '../shared/format';
import { StatsChart, StatsSeries } from './stats-chart';

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** One group's numbers as the charts draw them (minutes) and the tables write them. */
export interface StatsGroup {
  readonly labels: string[];
  readonly series: StatsSeries[];
  readonly rows: readonly IncidentStatsRow[];
}

const minutes = (seconds: number | null) =>
  seconds === null ? null : Math.round((seconds / 60) * 10) / 10;

/** A group of rows as two series (MTTA, MTTR in minutes), labelled with `label`. */
export function statsGroup(
  rows: readonly IncidentStatsRow[],
  label: (row: IncidentStatsRow) => string = (row) => row.label,
): StatsGroup {
  return {
    labels: rows.map(label),
    series: [
      { label: 'MTTA (minutes)', values: rows.map((row) => minutes(row.mttaSeconds)) },
      { label: 'MTTR (minutes)', values: rows.map((row) => minutes(row.mttrSeconds)) },
    ],
    rows,
  };
}

/** Severities most severe first, in words with the sheet's label. */
export function severityRows(stats: IncidentStats): IncidentStatsRow[] {
  const order = (key: string) => INCIDENT_SEVERITIES.indexOf(key as IncidentSeverity);
  return [...stats.bySeverity]
    .sort((a, b) => order(a.key) - order(b.key))
    .map((row) =>
      (INCIDENT_SEVERITIES as readonly string[]).includes(row.key)
        ? { ...row, label: severityText(row.key as IncidentSeverity) }
        : row,
    );
}

/**
 * MTTA (time to acknowledge) and MTTR (time to resolve) of the incidents reported in a range of
 * days (in the URL; the last 12 months by default): per severity, service and month, each as a
 * chart and as a table with the same numbers in words.
 */
@Component({
  selector: 'hyp-stats-page',
  imports: [MatButtonModule, MatFormFieldModule, MatInputModule, MatProgressBarModule, StatsChart],
  templateUrl: './stats-page.html',
  styleUrls: ['../shared/page.scss', './stats-page.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class StatsPage {
  private readonly api = inject(IncidentRecordsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly duration = durationText;
  protected readonly localTime = localTime;

  protected readonly range = toSignal(
    this.route.queryParamMap.pipe(
      map((params) => {
        const day = (name: string) => {
          const value = params.get(name) ?? '';
          return DAY.test(value) ? value : '';
        };
        return { from: day('from'), to: day('to') };
      }),
    ),
    { requireSync: true },
  );
  protected readonly rangeProblem = computed(() => {
    const { from, to } = this.range();
    return from && to && to < from ? 'The end date comes before the start date.' : null;
  });

  protected readonly stats = loadResource<IncidentStats | null>({
    load: () => {
      const { from, to } = untracked(this.range);
      return this.api.stats({
        from: from ? (dayStart(from) ?? undefined) : undefined,
        to: to ? (dayStart(to, true) ?? undefined) : undefined,
      });
    },
    initial: null,
    errorMessage: 'The stats could not be loaded.',
  });

  protected readonly severity = computed(() => {
    const stats = this.stats.value();
    return stats ? statsGroup(severityRows(stats)) : null;
  });
  protected readonly service = computed(() => {
    const stats = this.stats.value();
    return stats
      ? statsGroup(stats.byService, (row) => (row.key === 'none' ? 'No service' : row.label))
      : null;
  });
  protected readonly month = computed(() => {
    const stats = this.stats.value();
    return stats ? statsGroup([...stats.byMonth].sort((a, b) => a.key.localeCompare(b.key))) : null;
  });

  private shown: string | null = null;

  constructor() {
    effect(() => {
      const key = JSON.stringify(this.range());
      untracked(() => {
        if (this.shown !== null && this.shown !== key && !this.rangeProblem()) this.stats.reload();
        this.shown = key;
      });
    });
  }

  protected setDay(which: 'from' | 'to', value: string): void {
    const next = { ...this.range(), [which]: DAY.test(value) ? value : '' };
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { from: next.from || null, to: next.to || null },
    });
  }

  protected clearRange(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }
}
