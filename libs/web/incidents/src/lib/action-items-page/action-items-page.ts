import {
  ChangeDetectionStrategy,
  Component,
  computed,
  effect,
  inject,
  signal,
  untracked,
} from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectChange, MatSelectModule } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import type { ActionItemListQuery, ActionItemStatus, ActionItemSummary } from '@hyperion/contracts';
import { ACTION_ITEM_STATUSES, INCIDENT_PERMISSIONS } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { apiErrorMessage, loadResource } from '@hyperion/web/util';
import { map } from 'rxjs';

import { ACTION_ITEM_STATUS_LABELS } from '../postmortem-page/action-items-editor';
import { IncidentRecordsApi } from '../records-api';
import { incidentNumber, personName } from '../shared/format';

/** The list's filters, as its URL holds them. */
interface ItemFilters {
  readonly overdue: boolean;
  readonly status: ActionItemStatus | '';
}

/**
 * The action items of every post-mortem: overdue ones marked in words (and listed alone with
 * "Overdue only"), filtered by status (in the URL); the status changed in place.
 */
@Component({
  selector: 'hyp-action-items-page',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatFormFieldModule,
    MatProgressBarModule,
    MatSelectModule,
    MatTableModule,
    RouterLink,
  ],
  templateUrl: './action-items-page.html',
  styleUrl: '../shared/page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ActionItemsPage {
  private readonly api = inject(IncidentRecordsApi);
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  protected readonly route = inject(ActivatedRoute);

  protected readonly canWrite = computed(() => this.auth.hasPermission(INCIDENT_PERMISSIONS.write));
  protected readonly columns = ['item', 'incident', 'owner', 'due', 'status'];
  protected readonly statuses = ACTION_ITEM_STATUSES;
  protected readonly statusLabels = ACTION_ITEM_STATUS_LABELS;
  protected readonly number = incidentNumber;
  protected readonly name = personName;

  protected readonly filters = toSignal(
    this.route.queryParamMap.pipe(
      map(
        (params): ItemFilters => ({
          overdue: params.get('overdue') === 'true',
          status: (ACTION_ITEM_STATUSES as readonly string[]).includes(params.get('status') ?? '')
            ? (params.get('status') as ActionItemStatus)
            : '',
        }),
      ),
    ),
    { requireSync: true },
  );
  protected readonly items = loadResource<ActionItemSummary[]>({
    load: () => this.api.actionItems(this.query()),
    initial: [],
    errorMessage: 'The action items could not be loaded.',
  });
  protected readonly overdueCount = computed(
    () => this.items.value().filter((item) => item.overdue).length,
  );
  protected readonly rowError = signal<{ id: string; message: string } | null>(null);

  private shown: string | null = null;

  constructor() {
    // Other filters (a click, a link): asked for again.
    effect(() => {
      const key = JSON.stringify(this.filters());
      untracked(() => {
        if (this.shown !== null && this.shown !== key) this.items.reload();
        this.shown = key;
      });
    });
  }

  protected statusLabel(item: ActionItemSummary): string {
    return ACTION_ITEM_STATUS_LABELS[item.status];
  }

  protected setOverdue(overdue: boolean): void {
    this.navigate({ ...this.filters(), overdue });
  }

  protected setStatus(status: ActionItemStatus | ''): void {
    this.navigate({ ...this.filters(), status });
  }

  protected change(item: ActionItemSummary, change: MatSelectChange<ActionItemStatus>): void {
    this.rowError.set(null);
    this.api.updateActionItem(item.id, { status: change.value }).subscribe({
      next: (saved) =>
        this.items.update((list) => list.map((entry) => (entry.id === item.id ? saved : entry))),
      error: (error: unknown) => {
        change.source.value = item.status;
        this.rowError.set({
          id: item.id,
          message: apiErrorMessage(error, `“${item.title}” could not be changed.`),
        });
      },
    });
  }

  private query(): ActionItemListQuery {
    const { overdue, status } = untracked(this.filters);
    const query: ActionItemListQuery = {};
    if (overdue) query.overdue = true;
    if (status) query.status = status;
    return query;
  }

  private navigate(filters: ItemFilters): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { overdue: filters.overdue ? 'true' : null, status: filters.status || null },
    });
  }
}
