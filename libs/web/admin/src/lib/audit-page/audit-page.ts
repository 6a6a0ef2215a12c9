import { DatePipe, DOCUMENT, JsonPipe } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatButtonToggleModule } from '@angular/material/button-toggle';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import { MatSnackBar } from '@angular/material/snack-bar';
import { MatTableModule } from '@angular/material/table';
import type { AuditEntry, AuditQuery } from '@hyperion/contracts';
import { AUDIT_ACTIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { StatusBadge } from '@hyperion/web/ui';
import { apiErrorMessage } from '@hyperion/web/util';

import { AuditApi, AuditScope } from '../audit-api';
import { AuditFilterValues, auditQuery, csvFileName, NO_FILTERS } from './audit-filters';

const PAGE_SIZE = 50;

/** The audit log: newest first, filtered, paged with a cursor, downloadable as CSV. */
@Component({
  selector: 'hyp-audit-page',
  imports: [
    DatePipe,
    JsonPipe,
    MatButtonModule,
    MatButtonToggleModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    ReactiveFormsModule,
    StatusBadge,
  ],
  templateUrl: './audit-page.html',
  styleUrl: './audit-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class AuditPage {
  private readonly api = inject(AuditApi);
  private readonly snackBar = inject(MatSnackBar);
  private readonly document = inject(DOCUMENT);
  private readonly auth = inject(AuthService);

  protected readonly actions = AUDIT_ACTIONS;
  protected readonly columns = ['time', 'actor', 'action', 'target', 'ip', 'result', 'more'];
  protected readonly filters = inject(NonNullableFormBuilder).group<AuditFilterValues>({
    ...NO_FILTERS,
  });
  protected readonly entries = signal<AuditEntry[]>([]);
  protected readonly nextCursor = signal<string | null>(null);
  protected readonly loading = signal(false);
  protected readonly downloading = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly expanded = signal<string | null>(null);
  /** Platform administrators may also read the entries of no organisation. */
  protected readonly platformAdmin = computed(() => this.auth.hasPermission('platform:admin'));
  protected readonly scope = signal<AuditScope>('organization');
  protected readonly organizationName = computed(() => this.auth.organization()?.name ?? null);
  /** The filters of the rows shown (the form may have changed since). */
  private applied: AuditQuery = {};

  constructor() {
    this.search();
  }

  protected search(): void {
    this.applied = auditQuery(this.filters.getRawValue());
    this.entries.set([]);
    this.nextCursor.set(null);
    this.expanded.set(null);
    this.load();
  }

  protected showScope(scope: AuditScope): void {
    if (scope === this.scope()) return;
    this.scope.set(scope);
    this.search();
  }

  protected reset(): void {
    this.filters.reset();
    this.search();
  }

  protected loadMore(): void {
    const cursor = this.nextCursor();
    if (cursor) {
      this.load(cursor);
    }
  }

  protected toggle(entry: AuditEntry): void {
    this.expanded.update((id) => (id === entry.id ? null : entry.id));
  }

  /** Narrows the log to one actor (the API filters by id: user id, API key id or "system"). */
  protected filterByActor(entry: AuditEntry): void {
    if (entry.actorId) {
      this.filters.controls.actor.setValue(entry.actorId);
      this.search();
    }
  }

  protected actorOf(entry: AuditEntry): string {
    return entry.actorName ?? entry.actorId ?? entry.actorType;
  }

  protected downloadCsv(): void {
    this.downloading.set(true);
    this.api.exportCsv(this.applied).subscribe({
      next: (blob) => {
        this.downloading.set(false);
        const url = URL.createObjectURL(blob);
        const link = this.document.createElement('a');
        link.href = url;
        link.download = csvFileName(new Date());
        link.click();
        setTimeout(() => URL.revokeObjectURL(url), 10_000);
      },
      error: (error: unknown) => {
        this.downloading.set(false);
        this.snackBar.open(apiErrorMessage(error, 'The CSV export failed.'), 'Close');
      },
    });
  }

  private load(cursor?: string): void {
    this.loading.set(true);
    this.error.set(null);
    this.api.list({ ...this.applied, cursor, limit: PAGE_SIZE }, this.scope()).subscribe({
      next: (page) => {
        this.loading.set(false);
        this.entries.update((entries) => [...entries, ...page.items]);
        this.nextCursor.set(page.nextCursor);
      },
      error: (error: unknown) => {
        this.loading.set(false);
        this.error.set(apiErrorMessage(error, 'The audit log could not be loaded.'));
      },
    });
  }
}
