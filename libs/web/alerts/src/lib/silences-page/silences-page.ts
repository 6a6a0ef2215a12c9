import { DatePipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { MatButtonModule } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import type { SilenceSummary } from '@hyperion/contracts';
import { ALERT_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { ConfirmDialog, ConfirmDialogData } from '@hyperion/web/ui';
import { busyFlag, loadResource } from '@hyperion/web/util';
import { filter } from 'rxjs';

import { ConfigApi } from '../config-api';
import { matcherText } from '../config-shared/matchers';
import { recurrenceInWords } from './recurrence';
import { SilenceDialog, SilenceDialogData } from './silence-dialog';

export type SilenceStatus = SilenceSummary['status'];

export const STATUS_LABELS: Readonly<Record<SilenceStatus, string>> = {
  active: 'Active: silencing now',
  pending: 'Pending: starts later',
  expired: 'Expired',
};

const FILTERS: readonly { value: SilenceStatus | 'all'; label: string }[] = [
  { value: 'active', label: 'Active' },
  { value: 'pending', label: 'Pending' },
  { value: 'expired', label: 'Expired' },
  { value: 'all', label: 'All' },
];

/**
 * Silences and maintenance windows: matching alerts are stored as silenced and page nobody.
 * Shown by status (active, pending, expired); with alerts:write new silence and expire.
 */
@Component({
  selector: 'hyp-silences-page',
  imports: [DatePipe, MatButtonModule, MatProgressBarModule, MatTableModule],
  templateUrl: './silences-page.html',
  styleUrl: '../config-shared/page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SilencesPage {
  private readonly api = inject(ConfigApi);
  private readonly dialog = inject(MatDialog);
  private readonly snackBar = inject(MatSnackBar);
  private readonly auth = inject(AuthService);

  protected readonly canWrite = computed(() => this.auth.hasPermission(ALERT_PERMISSIONS.write));
  protected readonly silences = loadResource<SilenceSummary[]>({
    load: () => this.api.silences(),
    initial: [],
    errorMessage: 'The silences could not be loaded.',
  });
  protected readonly busy = busyFlag();
  protected readonly filters = FILTERS;
  protected readonly shown = signal<SilenceStatus | 'all'>('active');
  protected readonly counts = computed(() => {
    const counts: Partial<Record<SilenceStatus | 'all', number>> = {
      all: this.silences.value().length,
    };
    for (const silence of this.silences.value())
      counts[silence.status] = (counts[silence.status] ?? 0) + 1;
    return counts;
  });
  protected readonly rows = computed(() => {
    const shown = this.shown();
    const list = this.silences.value().filter((s) => shown === 'all' || s.status === shown);
    // Ending soonest first while they hold; the latest first once expired.
    return [...list].sort((a, b) =>
      a.status === 'expired' && b.status === 'expired'
        ? b.endsAt.localeCompare(a.endsAt)
        : a.endsAt.localeCompare(b.endsAt),
    );
  });
  protected readonly columns = computed(() => [
    'status',
    'matchers',
    'window',
    'comment',
    ...(this.canWrite() ? ['actions'] : []),
  ]);
  protected readonly matcherText = matcherText;
  protected readonly recurrenceInWords = recurrenceInWords;

  protected statusLabel(silence: SilenceSummary): string {
    return STATUS_LABELS[silence.status];
  }

  protected create(): void {
    this.dialog
      .open<SilenceDialog, SilenceDialogData, SilenceSummary | undefined>(SilenceDialog, {
        autoFocus: 'input',
        width: '760px',
        maxWidth: '95vw',
        data: { create: (request) => this.busy.track(this.api.createSilence(request)) },
      })
      .afterClosed()
      .pipe(filter((created): created is SilenceSummary => created !== undefined))
      .subscribe((created) => {
        this.silences.update((list) => [...list, created]);
        this.shown.set(created.status);
        this.snackBar.open(
          `Silence created: ${STATUS_LABELS[created.status].toLowerCase()}.`,
          undefined,
          {
            duration: 4000,
          },
        );
      });
  }

  protected expire(silence: SilenceSummary): void {
    const what = silence.matchers.map(matcherText).join(', ');
    const data: ConfirmDialogData = {
      title: 'Expire this silence now?',
      paragraphs: [
        `Alerts matching ${what} will page again from now on${silence.recurrence ? ', and the recurring window stops' : ''}.`,
        `Comment: “${silence.comment}”.`,
      ],
      confirmLabel: 'Expire now',
      danger: true,
      action: () => this.busy.track(this.api.expireSilence(silence.id)),
      errorFallback: 'The silence could not be expired.',
      testId: 'silence-expire-dialog',
    };
    this.dialog
      .open<ConfirmDialog, ConfirmDialogData, boolean>(ConfirmDialog, { data })
      .afterClosed()
      .pipe(filter((done) => done === true))
      .subscribe(() => {
        const now = new Date().toISOString();
        this.silences.update((list) =>
          list.map((s) => (s.id === silence.id ? { ...s, status: 'expired', endsAt: now } : s)),
        );
        this.snackBar.open('Silence expired: matching alerts page again.', undefined, {
          duration: 4000,
        });
      });
  }
}
