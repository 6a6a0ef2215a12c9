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
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import type { MonitorState, MonitorSummary } from '@hyperion/contracts';
import { MONITOR_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { StatusBadge } from '@hyperion/web/ui';
import { apiErrorMessage, loadResource } from '@hyperion/web/util';
import { interval } from 'rxjs';

import { MonitorApi } from '../monitor-api';
import {
  KIND_LABELS,
  STATE_INFO,
  STATE_ORDER,
  StateInfo,
  latencyText,
  localTime,
  relativeTime,
  sortMonitors,
  targetText,
} from '../monitor-format';

/** How often the "… ago" texts are rewritten. */
const CLOCK_MS = 1_000;
/**
 * How often the list is asked for again: no live event carries monitor changes, and a page left
 * open would otherwise show old verdicts with ever older "last check" times.
 */
export const MONITORS_REFRESH_MS = 30_000;

/**
 * The monitors, for whoever is on call at 3 a.m.: down first, then pending, up, paused (by name
 * within each), each state in words on a coloured chip, where the monitor looks, when it last
 * checked and what it found. "Check now" (monitoring:control) runs a check at once and shows its
 * verdict in the row, or why it could not run.
 */
@Component({
  selector: 'hyp-monitors-page',
  imports: [MatButtonModule, MatProgressBarModule, MatTableModule, StatusBadge],
  templateUrl: './monitors-page.html',
  styleUrl: './monitors-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class MonitorsPage {
  private readonly api = inject(MonitorApi);
  private readonly auth = inject(AuthService);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly stateInfo = STATE_INFO;
  protected readonly targetText = targetText;
  protected readonly latencyText = latencyText;
  protected readonly localTime = localTime;

  protected readonly canCheck = computed(() => this.auth.hasPermission(MONITOR_PERMISSIONS.write));
  protected readonly columns = computed(() => [
    'state',
    'name',
    'kind',
    'target',
    'lastCheck',
    'latency',
    'message',
    ...(this.canCheck() ? ['actions'] : []),
  ]);

  protected readonly monitors = loadResource<MonitorSummary[]>({
    load: () => this.api.list(),
    initial: [],
    errorMessage: 'The request failed.',
  });
  protected readonly rows = computed(() => sortMonitors(this.monitors.value()));
  /** "2 Down · 1 Pending · 5 Up": the states present, in the rows' order. */
  protected readonly counts = computed(() => {
    const count = new Map<MonitorState, number>();
    for (const monitor of this.monitors.value()) {
      count.set(monitor.state, (count.get(monitor.state) ?? 0) + 1);
    }
    return STATE_ORDER.filter((state) => count.has(state)).map((state) => ({
      state,
      count: count.get(state) ?? 0,
    }));
  });

  protected readonly now = signal(Date.now());
  /** Monitors with a check under way, and why a check could not run (by monitor id). */
  protected readonly checking = signal<ReadonlySet<string>>(new Set());
  protected readonly checkErrors = signal<ReadonlyMap<string, string>>(new Map());

  constructor() {
    interval(CLOCK_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.now.set(Date.now()));
    interval(MONITORS_REFRESH_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        if (!untracked(this.monitors.loading)) this.monitors.reload();
      });
  }

  protected stateOf(monitor: MonitorSummary): StateInfo {
    return STATE_INFO[monitor.state];
  }

  protected kindLabel(monitor: MonitorSummary): string {
    return KIND_LABELS[monitor.kind];
  }

  protected lastCheck(monitor: MonitorSummary): string {
    return monitor.lastCheckedAt ? relativeTime(monitor.lastCheckedAt, this.now()) : 'Never';
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
          this.monitors.update((list) =>
            list.map((row) => (row.id === checked.id ? checked : row)),
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
