import {
  ChangeDetectionStrategy,
  Component,
  computed,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Params, RouterLink } from '@angular/router';
import type {
  AuditAction,
  CertificateStatus,
  SecurityCount,
  SecurityDashboard,
  SecurityRange,
} from '@hyperion/contracts';
import { loadResource, localTime, relativeTime } from '@hyperion/web/util';
import { interval, tap } from 'rxjs';

import { FailedLoginsChart } from './failed-logins-chart';
import { SecurityDashboardApi } from './security-dashboard-api';
import {
  CERTIFICATE_LEVELS,
  RANGE_OPTIONS,
  SECURITY_REFRESH_MS,
  TWO_FACTOR_ACTIONS,
  TWO_FACTOR_LABELS,
  Trend,
  accessChangeText,
  auditLinkParams,
  daysLeftText,
  freshness,
  trend,
} from './security-format';

/** How often the "… ago" texts are rewritten. */
const CLOCK_MS = 1_000;

/** One tile: a count of the range, its trend, and where its entries are listed. */
interface Tile {
  readonly id: string;
  readonly label: string;
  readonly count: number;
  readonly detail: string | null;
  readonly trend: Trend | null;
  readonly link: { readonly text: string; readonly path: string; readonly params: Params | null };
}

/**
 * The security dashboard of the active organisation: failed sign-ins (with their trend, per hour
 * or day, their sources), lockouts, second-factor, permission and API key changes, and the HTTPS
 * certificates its monitors saw, soonest to expire first. Everything links to the audit log
 * filtered by its action; the page asks again every minute and says when what it shows is old.
 */
@Component({
  selector: 'hyp-security-dashboard-page',
  imports: [FailedLoginsChart, MatButtonModule, MatProgressBarModule, RouterLink],
  templateUrl: './security-dashboard-page.html',
  styleUrl: './security-dashboard-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SecurityDashboardPage {
  private readonly api = inject(SecurityDashboardApi);

  protected readonly ranges = RANGE_OPTIONS;
  protected readonly levels = CERTIFICATE_LEVELS;
  protected readonly twoFactorLabels = TWO_FACTOR_LABELS;
  protected readonly twoFactorActions = TWO_FACTOR_ACTIONS;
  protected readonly accessChangeText = accessChangeText;
  protected readonly daysLeftText = daysLeftText;
  protected readonly localTime = localTime;

  protected readonly range = signal<SecurityRange>('24h');
  protected readonly now = signal(Date.now());
  /** When the last answer arrived (ms), null before the first. */
  private readonly receivedAt = signal<number | null>(null);

  /** The last answer, kept shown while a refresh fails (it is then said to be out of date). */
  private readonly lastAnswer = signal<SecurityDashboard | null>(null);

  protected readonly dashboard = loadResource<SecurityDashboard | null>({
    load: () =>
      this.api.dashboard(untracked(this.range)).pipe(
        tap((answer) => {
          this.lastAnswer.set(answer);
          this.receivedAt.set(Date.now());
        }),
      ),
    initial: null,
    errorMessage: 'The security dashboard could not be loaded.',
  });

  protected readonly board = computed(() => this.dashboard.value() ?? this.lastAnswer());

  protected readonly fresh = computed(() =>
    freshness(this.receivedAt(), this.now(), this.dashboard.error()),
  );

  protected readonly tiles = computed((): Tile[] => {
    const board = this.board();
    if (!board) return [];
    const tile = (
      id: string,
      label: string,
      count: SecurityCount,
      action: AuditAction,
      detail: string | null = null,
    ): Tile => ({
      id,
      label,
      count: count.count,
      detail,
      trend: trend(count, board.range),
      link: { text: 'In the audit log', path: '/audit', params: this.auditParams(action) },
    });
    const tiles = [
      tile('failed-logins', 'Failed sign-ins', board.failedLogins, 'failed_login'),
      tile('lockouts', 'Accounts locked', board.lockouts, 'account_locked'),
      tile('two-factor', 'Two-factor changes', board.twoFactor, '2fa_setup'),
      tile('permissions', 'Permission changes', board.permissionChanges, 'role_updated'),
      tile(
        'api-keys',
        'API key changes',
        board.apiKeys,
        'api_key_created',
        `${board.apiKeys.created} created, ${board.apiKeys.revoked} revoked`,
      ),
    ];
    if (board.certificates) {
      tiles.push({
        id: 'certificates',
        label: 'Certificates expiring within 14 days',
        count: board.certificates.expiringSoon,
        detail: `of ${board.certificates.total} HTTPS monitor${board.certificates.total === 1 ? '' : 's'}`,
        trend: null,
        link: { text: 'The monitors', path: '/monitors', params: null },
      });
    }
    return tiles;
  });

  /** Permission and API key changes together, newest first. */
  protected readonly accessChanges = computed(() => {
    const board = this.board();
    if (!board) return [];
    return [...board.permissionChanges.latest, ...board.apiKeys.latest].sort((a, b) =>
      b.occurredAt.localeCompare(a.occurredAt),
    );
  });

  constructor() {
    interval(CLOCK_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.now.set(Date.now()));
    interval(SECURITY_REFRESH_MS)
      .pipe(takeUntilDestroyed())
      .subscribe(() => this.refresh());
  }

  protected rangeLabel(range: SecurityRange): string {
    return RANGE_OPTIONS.find((option) => option.value === range)?.label ?? range;
  }

  protected chooseRange(range: SecurityRange): void {
    if (range === this.range()) return;
    this.range.set(range);
    this.lastAnswer.set(null);
    this.receivedAt.set(null);
    this.dashboard.reload();
  }

  protected refresh(): void {
    if (!untracked(this.dashboard.loading)) this.dashboard.reload();
  }

  /** Query parameters of the audit log showing `action` over the range shown. */
  protected auditParams(action: AuditAction) {
    return auditLinkParams(action, this.board()?.from ?? '');
  }

  protected ago(iso: string): string {
    return relativeTime(iso, this.now());
  }

  protected certificateTitle(certificate: CertificateStatus): string {
    return certificate.expiresAt ? `Ends ${localTime(certificate.expiresAt)}` : '';
  }
}
