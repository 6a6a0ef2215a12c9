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
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatTableModule } from '@angular/material/table';
import type {
  ServiceAction,
  ServiceActionResult,
  ServiceInfo,
  ServiceList,
} from '@hyperion/contracts';
import { SERVICE_CONTROL_UNAVAILABLE, SYSTEM_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { StatusBadge, StatusTone } from '@hyperion/web/ui';
import { loadResource, relativeTime } from '@hyperion/web/util';
import { interval, tap } from 'rxjs';

import { ControlDialog, ControlDialogData } from '../control-dialog';
import { SystemApi } from '../system-api';
import { SystemNav } from '../system-nav';

const CLOCK_MS = 1_000;
export const SERVICES_REFRESH_MS = 30_000;

/** What each action does, in words, for the dialog and the outcome. */
const ACTIONS: Readonly<
  Record<ServiceAction, { verb: string; done: string; busy: string; effect: string }>
> = {
  start: { verb: 'Start', done: 'started', busy: 'Starting…', effect: 'systemd starts it.' },
  stop: {
    verb: 'Stop',
    done: 'stopped',
    busy: 'Stopping…',
    effect: 'systemd stops it: whatever it serves is unavailable until it is started again.',
  },
  restart: {
    verb: 'Restart',
    done: 'restarted',
    busy: 'Restarting…',
    effect: 'systemd stops it and starts it again: what it serves is briefly unavailable.',
  },
};

/** Failed first (what needs someone), then by unit name. */
function failedFirst(services: readonly ServiceInfo[]): ServiceInfo[] {
  return [...services].sort(
    (a, b) =>
      Number(b.active === 'failed') - Number(a.active === 'failed') || a.unit.localeCompare(b.unit),
  );
}

/** The chip of a unit's state: running green, failed red, anything else grey (words say it). */
export function serviceTone(service: ServiceInfo): StatusTone {
  if (service.active === 'failed' || service.load !== 'loaded') return 'error';
  return service.active === 'active' ? 'ok' : 'neutral';
}

/**
 * The systemd services of the host Hyperion runs on: unit, description and state (load,
 * active, sub), failed first, filtered by name; start, stop or restart (monitoring:control)
 * after a confirmation naming the unit, with the outcome in words. Without systemd the page says
 * plainly that service control is unavailable on this host, and why.
 */
@Component({
  selector: 'hyp-services-page',
  imports: [
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatTableModule,
    StatusBadge,
    SystemNav,
  ],
  templateUrl: './services-page.html',
  styleUrl: './services-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ServicesPage {
  private readonly api = inject(SystemApi);
  private readonly auth = inject(AuthService);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly tone = serviceTone;
  protected readonly canControl = computed(() =>
    this.auth.hasPermission(SYSTEM_PERMISSIONS.control),
  );
  protected readonly columns = computed(() => [
    'unit',
    'state',
    ...(this.canControl() ? ['actions'] : []),
  ]);

  private readonly loaded = signal<{ list: ServiceList; at: number } | null>(null);
  protected readonly services = loadResource<ServiceList | null>({
    load: () => this.api.services().pipe(tap((list) => this.loaded.set({ list, at: Date.now() }))),
    initial: null,
    errorMessage: 'The services could not be read.',
  });
  protected readonly list = computed(() => this.loaded()?.list ?? null);
  protected readonly stale = computed(() => (this.services.error() ? this.loaded() : null));
  /** "Service control unavailable on this host" and why, from the API's reason. */
  protected readonly unavailable = computed(() => {
    const list = this.list();
    if (!list || list.available) return null;
    const reason = list.reason ?? SERVICE_CONTROL_UNAVAILABLE;
    const why = reason.startsWith(SERVICE_CONTROL_UNAVAILABLE)
      ? reason.slice(SERVICE_CONTROL_UNAVAILABLE.length).replace(/^[:\s]+/, '')
      : reason;
    return { why: why ? `Why: ${why}.` : '' };
  });

  protected readonly filter = signal('');
  protected readonly rows = computed(() => {
    const text = this.filter().trim().toLowerCase();
    const all = this.list()?.services ?? [];
    return failedFirst(
      text
        ? all.filter(
            (s) =>
              s.unit.toLowerCase().includes(text) || s.description.toLowerCase().includes(text),
          )
        : all,
    );
  });
  protected readonly outcome = signal<{ text: string; problem: boolean } | null>(null);
  protected readonly now = signal(Date.now());

  constructor() {
    interval(CLOCK_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.now.set(Date.now()));
    interval(SERVICES_REFRESH_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => {
        if (!untracked(this.services.loading)) this.services.reload();
      });
  }

  protected loadedAgo(at: number): string {
    return relativeTime(new Date(at).toISOString(), this.now());
  }

  /** "Restart nginx.service?" first; then the unit's new state in words. */
  protected act(service: ServiceInfo, action: ServiceAction): void {
    const words = ACTIONS[action];
    const data: ControlDialogData<ServiceActionResult> = {
      title: `${words.verb} ${service.unit}?`,
      paragraphs: [
        `${service.description || service.unit}: now ${service.active} (${service.sub}).`,
        `Hyperion runs “systemctl ${action} ${service.unit}”: ${words.effect}`,
      ],
      confirmLabel: `${words.verb} ${service.unit}`,
      busyLabel: words.busy,
      action: () => this.api.act(service.unit, action),
      errorFallback: `${service.unit} could not be ${words.done}.`,
      testId: 'service-action-dialog',
    };
    this.dialog
      .open<
        ControlDialog<ServiceActionResult>,
        ControlDialogData<ServiceActionResult>,
        ServiceActionResult
      >(ControlDialog, { data, autoFocus: 'dialog' })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((result) => {
        if (!result) return;
        const now = result.service;
        this.outcome.set({
          text: now
            ? `${result.unit} ${words.done}: now ${now.active} (${now.sub}).`
            : `${result.unit} ${words.done}; systemd no longer lists it.`,
          problem: now?.active === 'failed',
        });
        this.loaded.update((loaded) =>
          loaded && now
            ? {
                ...loaded,
                list: {
                  ...loaded.list,
                  services: loaded.list.services.map((s) => (s.unit === now.unit ? now : s)),
                },
              }
            : loaded,
        );
      });
  }
}
