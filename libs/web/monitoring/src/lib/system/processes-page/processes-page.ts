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
import { MatDialog } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatPaginatorModule, PageEvent } from '@angular/material/paginator';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSortModule, Sort } from '@angular/material/sort';
import { MatTableModule } from '@angular/material/table';
import type {
  ProcessInfo,
  ProcessList,
  ProcessListQuery,
  ProcessSortKey,
  ProcessStopResult,
  SortOrder,
} from '@hyperion/contracts';
import { PROCESS_SORT_KEYS, SYSTEM_PERMISSIONS, SYSTEM_RULES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { loadResource, localTime, relativeTime } from '@hyperion/web/util';
import { Subject, debounceTime, interval, tap } from 'rxjs';

import { bytesText } from '../../hosts-page/host-format';
import { ControlDialog, ControlDialogData } from '../control-dialog';
import { SystemApi } from '../system-api';
import { cpuText, stopOutcomeText } from '../system-format';
import { SystemNav } from '../system-nav';

const CLOCK_MS = 1_000;
/** Processes come and go: the list is read again this often. */
export const PROCESSES_REFRESH_MS = 10_000;
export const SEARCH_DEBOUNCE_MS = 300;
const DEFAULT_SORT: ProcessSortKey = 'cpu';

/** The last page the API answered, for which query, and when. */
interface Loaded {
  readonly list: ProcessList;
  readonly key: string;
  readonly at: number;
}

/** The outcome of the last stop, in words. */
interface Outcome {
  readonly text: string;
  readonly problem: boolean;
}

/**
 * The processes of the host Hyperion runs on, busiest first: pid, name, user, CPU (100 % is one
 * core), memory, when it started and its command line; sorted by pid, name, CPU or memory,
 * searched and paged by the API, read again every 10 s. "Stop" (monitoring:control) asks first,
 * naming the process, then says what happened: terminated, killed, already gone, or still
 * running; a refusal of the API is shown in the dialog. Processes Hyperion will not stop (pid 1,
 * Hyperion itself, kernel threads) say why instead.
 */
@Component({
  selector: 'hyp-processes-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatPaginatorModule,
    MatProgressBarModule,
    MatSortModule,
    MatTableModule,
    SystemNav,
  ],
  templateUrl: './processes-page.html',
  styleUrl: './processes-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ProcessesPage {
  private readonly api = inject(SystemApi);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly bytesText = bytesText;
  protected readonly cpuText = cpuText;
  protected readonly localTime = localTime;
  protected readonly searchMax = SYSTEM_RULES.searchMaxLength;
  protected readonly pageSizes = [25, SYSTEM_RULES.limitDefault, SYSTEM_RULES.limitMax];

  protected readonly canControl = computed(() =>
    this.auth.hasPermission(SYSTEM_PERMISSIONS.control),
  );
  protected readonly columns = computed(() => [
    'pid',
    'name',
    'user',
    'cpu',
    'memory',
    'started',
    'command',
    ...(this.canControl() ? ['actions'] : []),
  ]);

  protected readonly search = signal('');
  protected readonly sort = signal<ProcessSortKey>(DEFAULT_SORT);
  protected readonly order = signal<SortOrder>('desc');
  protected readonly pageIndex = signal(0);
  protected readonly pageSize = signal<number>(SYSTEM_RULES.limitDefault);
  private readonly query = computed<ProcessListQuery>(() => ({
    q: this.search().trim() || undefined,
    sort: this.sort(),
    order: this.order(),
    limit: this.pageSize(),
    offset: this.pageIndex() * this.pageSize(),
  }));
  private readonly queryKey = computed(() => JSON.stringify(this.query()));

  private readonly loaded = signal<Loaded | null>(null);
  protected readonly processes = loadResource<ProcessList | null>({
    load: () => {
      const query = untracked(this.query);
      const key = untracked(this.queryKey);
      return this.api
        .processes(query)
        .pipe(tap((list) => this.loaded.set({ list, key, at: Date.now() })));
    },
    initial: null,
    errorMessage: 'The processes could not be read.',
  });

  /** The rows of the query shown; while a new query is answered the previous rows stay. */
  protected readonly current = computed(() => {
    const loaded = this.loaded();
    return loaded && (loaded.key === this.queryKey() || this.processes.loading()) ? loaded : null;
  });
  protected readonly rows = computed<ProcessInfo[]>(() => this.current()?.list.items ?? []);
  protected readonly total = computed(() => this.current()?.list.total ?? 0);
  protected readonly stale = computed(() =>
    this.processes.error() && this.current() ? this.current() : null,
  );
  /** "12 processes", "1 process matching “sleep”". */
  protected readonly countText = computed(() => {
    const total = this.total();
    const search = this.search().trim();
    return `${total} process${total === 1 ? '' : 'es'}${search ? ` matching “${search}”` : ''}`;
  });
  protected readonly outcome = signal<Outcome | null>(null);
  protected readonly now = signal(Date.now());
  private readonly typed = new Subject<string>();

  constructor() {
    interval(CLOCK_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.now.set(Date.now()));
    interval(PROCESSES_REFRESH_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        if (!untracked(this.processes.loading)) this.processes.reload();
      });
    this.typed
      .pipe(debounceTime(SEARCH_DEBOUNCE_MS), takeUntilDestroyed())
      .subscribe((text) => this.change(() => this.search.set(text)));
  }

  protected typeSearch(text: string): void {
    this.typed.next(text);
  }

  /** A header clicked: that column, in the direction shown; cleared, back to the busiest first. */
  protected sortBy(sort: Sort): void {
    const key = PROCESS_SORT_KEYS.find((k) => k === sort.active);
    this.change(() => {
      if (key && sort.direction) {
        this.sort.set(key);
        this.order.set(sort.direction);
      } else {
        this.sort.set(DEFAULT_SORT);
        this.order.set('desc');
      }
    });
  }

  protected turnPage(event: PageEvent): void {
    this.pageSize.set(event.pageSize);
    this.pageIndex.set(event.pageIndex);
    this.processes.reload();
  }

  /** A new search or order starts again from the first page. */
  private change(apply: () => void): void {
    const before = untracked(this.queryKey);
    apply();
    this.pageIndex.set(0);
    if (untracked(this.queryKey) !== before) this.processes.reload();
  }

  protected ago(iso: string): string {
    return relativeTime(iso, this.now());
  }

  protected loadedAgo(at: number): string {
    return relativeTime(new Date(at).toISOString(), this.now());
  }

  /** "Stop …?" naming the process; then the outcome in words and the list read again. */
  protected stop(process: ProcessInfo): void {
    const grace = SYSTEM_RULES.graceSecondsDefault;
    const data: ControlDialogData<ProcessStopResult> = {
      title: `Stop ${process.name} (pid ${process.pid})?`,
      paragraphs: [
        `Hyperion sends it SIGTERM, and SIGKILL if it still runs ${grace} s later. Whatever it was doing stops; unsaved work is lost.`,
        `Command: ${process.command}`,
        `Started ${localTime(process.startedAt)}, by ${process.user}.`,
      ],
      confirmLabel: `Stop pid ${process.pid}`,
      busyLabel: 'Stopping…',
      // The start time makes sure the pid still belongs to this process, not a newer one.
      action: () => this.api.stop(process.pid, { startedAt: process.startedAt }),
      errorFallback: `${process.name} (pid ${process.pid}) could not be stopped.`,
      testId: 'process-stop-dialog',
    };
    this.dialog
      .open<
        ControlDialog<ProcessStopResult>,
        ControlDialogData<ProcessStopResult>,
        ProcessStopResult
      >(ControlDialog, { data, autoFocus: 'dialog' })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        if (!result) return;
        this.outcome.set(stopOutcomeText(result));
        this.processes.reload();
      });
  }
}
