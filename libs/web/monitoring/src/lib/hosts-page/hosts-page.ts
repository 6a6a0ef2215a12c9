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
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import { RouterLink } from '@angular/router';
import type { HostPage, HostSummary } from '@hyperion/contracts';
import { HOST_PERMISSIONS, HOST_RULES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { ConfirmDialog, ConfirmDialogData, Sparkline, StatusBadge } from '@hyperion/web/ui';
import { loadResource } from '@hyperion/web/util';
import { interval, tap } from 'rxjs';

import { HostApi } from '../host-api';
import { StateInfo } from '../monitor-format';
import {
  HOST_STATE_INFO,
  above,
  limitText,
  localTime,
  percentText,
  relativeTime,
  sourceText,
} from './host-format';

/** How often the "… ago" texts are rewritten. */
const CLOCK_MS = 1_000;
/**
 * How often the list is asked for again: its figures are the latest samples, and a page left
 * open would otherwise show old ones with ever older "last sample" times.
 */
export const HOSTS_REFRESH_MS = 30_000;
/** Hosts per page (the API's default; pages follow its cursor). */
export const HOSTS_PAGE_SIZE = HOST_RULES.listLimitDefault;

/** The last page the API answered, and when. */
interface Loaded {
  readonly page: HostPage;
  readonly at: number;
}

/**
 * The hosts, for whoever is on call: each state in words on a coloured chip, its latest CPU,
 * memory and fullest-disk figures (in the error colour above their alert thresholds), a CPU
 * sparkline of the last 30 minutes and when it last answered. Adding, editing and deleting need
 * monitoring:control. The list is asked for again every 30 s; when that fails it keeps the rows
 * it has and says how old they are.
 */
@Component({
  selector: 'hyp-hosts-page',
  imports: [
    MatButtonModule,
    MatProgressBarModule,
    MatTableModule,
    RouterLink,
    Sparkline,
    StatusBadge,
  ],
  templateUrl: './hosts-page.html',
  styleUrl: './hosts-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class HostsPage {
  private readonly api = inject(HostApi);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly sourceText = sourceText;
  protected readonly percentText = percentText;
  protected readonly limitText = limitText;
  protected readonly above = above;
  protected readonly localTime = localTime;

  protected readonly canWrite = computed(() => this.auth.hasPermission(HOST_PERMISSIONS.write));
  protected readonly columns = computed(() => [
    'state',
    'name',
    'cpu',
    'memory',
    'disk',
    'lastSample',
    ...(this.canWrite() ? ['actions'] : []),
  ]);

  /** The cursors of the pages before the one shown (the first page has none). */
  private readonly previous = signal<(string | undefined)[]>([]);
  private readonly cursor = signal<string | undefined>(undefined);
  protected readonly pageNumber = computed(() => this.previous().length + 1);

  private readonly loaded = signal<Loaded | null>(null);
  protected readonly hosts = loadResource<HostPage | null>({
    load: () =>
      this.api
        .list({ cursor: untracked(this.cursor), limit: HOSTS_PAGE_SIZE })
        .pipe(tap((page) => this.loaded.set({ page, at: Date.now() }))),
    initial: null,
    errorMessage: 'The hosts could not be loaded.',
  });

  protected readonly rows = computed<HostSummary[]>(() => this.loaded()?.page.items ?? []);
  protected readonly nextCursor = computed(() => this.loaded()?.page.nextCursor ?? null);
  /** The last refresh failed while older rows are shown: say how old they are. */
  protected readonly stale = computed(() => (this.hosts.error() ? this.loaded() : null));

  protected readonly now = signal(Date.now());

  constructor() {
    interval(CLOCK_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.now.set(Date.now()));
    interval(HOSTS_REFRESH_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        if (!untracked(this.hosts.loading)) this.hosts.reload();
      });
  }

  protected nextPage(): void {
    const next = this.nextCursor();
    if (!next) return;
    this.previous.update((cursors) => [...cursors, this.cursor()]);
    this.cursor.set(next);
    this.hosts.reload();
  }

  protected previousPage(): void {
    const cursors = this.previous();
    if (cursors.length === 0) return;
    this.cursor.set(cursors[cursors.length - 1]);
    this.previous.set(cursors.slice(0, -1));
    this.hosts.reload();
  }

  protected ago(iso: string): string {
    return relativeTime(iso, this.now());
  }

  protected loadedAgo(at: number): string {
    return relativeTime(new Date(at).toISOString(), this.now());
  }

  protected loadedAt(at: number): string {
    return localTime(new Date(at).toISOString());
  }

  protected stateOf(host: HostSummary): StateInfo {
    return HOST_STATE_INFO[host.state];
  }

  /** The last 30 minutes of CPU, one value per minute (a minute without samples is a gap). */
  protected sparkValues(host: HostSummary): (number | null)[] {
    const minutes = HOST_RULES.sparklineMinutes;
    const values: (number | null)[] = new Array(minutes).fill(null);
    const end = Math.floor(this.now() / 60_000);
    for (const point of host.cpuSparkline) {
      const slot = minutes - 1 - (end - Math.floor(Date.parse(point.at) / 60_000));
      if (slot >= 0 && slot < minutes) values[slot] = point.cpuPercent;
    }
    return values;
  }

  /** The sparkline in words: what a screen reader says instead of the picture. */
  protected sparkLabel(host: HostSummary): string {
    const measured = host.cpuSparkline.map((p) => p.cpuPercent);
    if (measured.length === 0) return 'No CPU figures in the last 30 minutes';
    return `CPU over the last 30 minutes: ${percentText(Math.min(...measured))} to ${percentText(Math.max(...measured))}`;
  }

  /** "Delete …?" first; the row goes once the API said so. */
  protected remove(host: HostSummary): void {
    const data: ConfirmDialogData = {
      title: `Delete “${host.name}”?`,
      paragraphs: [
        'Its sampling stops and its stored samples are deleted. This cannot be undone.',
        'An alert it raised stays in the alerts list.',
      ],
      confirmLabel: 'Delete host',
      danger: true,
      action: () => this.api.delete(host.id),
      errorFallback: 'The host could not be deleted.',
      testId: 'host-delete-dialog',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data, autoFocus: 'dialog' })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((deleted) => {
        if (!deleted) return;
        this.loaded.update((loaded) =>
          loaded
            ? {
                ...loaded,
                page: { ...loaded.page, items: loaded.page.items.filter((h) => h.id !== host.id) },
              }
            : loaded,
        );
        this.hosts.reload();
      });
  }
}
