import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import {
  FormGroupDirective,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectChange, MatSelectModule } from '@angular/material/select';
import type {
  ActionItemStatus,
  ActionItemSummary,
  UpdateActionItemRequest,
} from '@hyperion/contracts';
import { ACTION_ITEM_STATUSES, INCIDENT_RULES } from '@hyperion/contracts';
import { ConfirmButton, errorsAfterSubmit } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag } from '@hyperion/web/util';

import { IncidentRecordsApi } from '../records-api';
import { personName } from '../shared/format';
import type { PersonOption } from '../shared/people';

export const ACTION_ITEM_STATUS_LABELS: Readonly<Record<ActionItemStatus, string>> = {
  open: 'Open',
  in_progress: 'In progress',
  done: 'Done',
};

/**
 * The post-mortem's action items: each with its owner, due date (overdue ones marked in words)
 * and status, each changed here (an owner or a date can be removed); add one with an owner and a
 * due date, or delete one.
 */
@Component({
  selector: 'hyp-action-items-editor',
  imports: [
    ConfirmButton,
    MatButtonModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  template: `
    @if (items().length === 0) {
      <p class="secondary">No action items yet.</p>
    } @else {
      <ul class="items">
        @for (item of items(); track item.id) {
          <li [attr.data-testid]="'action-item-' + item.id">
            <div class="item-head">
              <span class="primary">{{ item.title }}</span>
              @if (item.overdue) {
                <span class="overdue" [attr.data-testid]="'action-item-overdue-' + item.id"
                  ><span aria-hidden="true">⚠</span> Overdue</span
                >
              }
            </div>
            <span class="secondary"
              >Owner: {{ item.owner ? name(item.owner) : 'nobody' }} · Due:
              {{ item.dueDate ?? 'no date' }}</span
            >
            @if (canWrite()) {
              <div class="item-actions">
                <mat-form-field appearance="outline" subscriptSizing="dynamic" class="owner">
                  <mat-label>Owner</mat-label>
                  <mat-select
                    [value]="item.owner?.userId ?? ''"
                    [aria-label]="'Owner of “' + item.title + '”'"
                    [attr.data-testid]="'action-item-owner-' + item.id"
                    (selectionChange)="setOwner(item, $event)"
                  >
                    <mat-option value="">Nobody</mat-option>
                    @for (person of ownerOptions(item); track person.id) {
                      <mat-option [value]="person.id">{{ person.name }}</mat-option>
                    }
                  </mat-select>
                </mat-form-field>
                <mat-form-field appearance="outline" subscriptSizing="dynamic" class="due">
                  <mat-label>Due date</mat-label>
                  <input
                    matInput
                    type="date"
                    [value]="item.dueDate ?? ''"
                    [attr.aria-label]="'Due date of “' + item.title + '”'"
                    [attr.data-testid]="'action-item-due-' + item.id"
                    (change)="setDueDate(item, $event)"
                  />
                </mat-form-field>
                <span class="secondary" aria-hidden="true">Status</span>
                <mat-form-field appearance="outline" subscriptSizing="dynamic" class="status">
                  <mat-select
                    [value]="item.status"
                    [aria-label]="'Status of “' + item.title + '”'"
                    [attr.data-testid]="'action-item-status-' + item.id"
                    (selectionChange)="setStatus(item, $event)"
                  >
                    @for (status of statuses; track status) {
                      <mat-option [value]="status">{{ statusLabels[status] }}</mat-option>
                    }
                  </mat-select>
                </mat-form-field>
                <hyp-confirm-button
                  label="Delete"
                  confirmLabel="Really delete?"
                  [testId]="'action-item-delete-' + item.id"
                  [disabled]="busy.active()"
                  (confirmed)="remove(item)"
                />
              </div>
            } @else {
              <span>{{ statusLabels[item.status] }}</span>
            }
          </li>
        }
      </ul>
    }
    @if (error(); as error) {
      <p class="error" role="alert" data-testid="action-items-error">{{ error }}</p>
    }
    @if (canWrite()) {
      <form
        class="add"
        [formGroup]="form"
        #addDir="ngForm"
        (ngSubmit)="add(addDir)"
        novalidate
        aria-label="Add an action item"
      >
        <mat-form-field appearance="outline" class="title">
          <mat-label>New action item</mat-label>
          <input
            matInput
            formControlName="title"
            autocomplete="off"
            data-testid="action-item-title"
          />
          <mat-error>Say what is to be done (at most {{ maxTitle }} characters).</mat-error>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Owner</mat-label>
          <mat-select formControlName="ownerId" data-testid="action-item-owner">
            <mat-option value="">Nobody yet</mat-option>
            @for (person of people(); track person.id) {
              <mat-option [value]="person.id">{{ person.name }}</mat-option>
            }
          </mat-select>
        </mat-form-field>
        <mat-form-field appearance="outline">
          <mat-label>Due date</mat-label>
          <input matInput type="date" formControlName="dueDate" data-testid="action-item-due" />
        </mat-form-field>
        <button
          matButton="filled"
          type="submit"
          data-testid="action-item-add"
          [disabled]="busy.active()"
        >
          Add action item
        </button>
      </form>
    }
  `,
  styleUrl: '../shared/panel.scss',
  styles: `
    :host {
      display: flex;
      flex-direction: column;
      gap: 8px;
    }
    .items {
      display: flex;
      flex-direction: column;
      gap: 8px;
      margin: 0;
      padding: 0;
      list-style: none;
    }
    .items li {
      display: flex;
      flex-direction: column;
      gap: 4px;
      padding: 8px 0;
      border-bottom: 1px solid var(--mat-sys-outline-variant);
    }
    .item-head,
    .item-actions,
    .add {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
    }
    .add {
      align-items: flex-start;
    }
    .title {
      flex: 1;
      min-width: 260px;
    }
    .status,
    .owner {
      width: 180px;
    }
    .due {
      width: 170px;
    }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ActionItemsEditor {
  private readonly api = inject(IncidentRecordsApi);
  private readonly fb = inject(NonNullableFormBuilder);

  readonly incidentId = input.required<string>();
  readonly items = input.required<readonly ActionItemSummary[]>();
  readonly people = input<readonly PersonOption[]>([]);
  readonly canWrite = input(false);
  readonly changed = output<ActionItemSummary[]>();

  protected readonly statuses = ACTION_ITEM_STATUSES;
  protected readonly statusLabels = ACTION_ITEM_STATUS_LABELS;
  protected readonly maxTitle = INCIDENT_RULES.actionItemTitleMaxLength;
  protected readonly name = personName;
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);
  protected readonly form = this.fb.group({
    title: [
      '',
      [Validators.required, Validators.maxLength(INCIDENT_RULES.actionItemTitleMaxLength)],
    ],
    ownerId: [''],
    dueDate: [''],
  });

  protected add(directive: FormGroupDirective): void {
    if (this.form.invalid || this.busy.active()) return;
    const { title, ownerId, dueDate } = this.form.getRawValue();
    this.error.set(null);
    this.busy
      .track(
        // Without an owner or a due date, they are left out (the API refuses null).
        this.api.createActionItem(this.incidentId(), {
          title: title.trim(),
          ...(ownerId ? { ownerId } : {}),
          ...(dueDate ? { dueDate } : {}),
        }),
      )
      .subscribe({
        next: (created) => {
          directive.resetForm();
          this.changed.emit([...this.items(), created]);
        },
        error: (error: unknown) =>
          this.error.set(apiErrorMessage(error, 'The action item could not be added.')),
      });
  }

  /** The members, and the item's owner (so their name shows even if no longer offered). */
  protected ownerOptions(item: ActionItemSummary): readonly PersonOption[] {
    const people = this.people();
    const owner = item.owner;
    if (!owner || people.some((person) => person.id === owner.userId)) return people;
    return [...people, { id: owner.userId, name: personName(owner) }];
  }

  protected setStatus(item: ActionItemSummary, change: MatSelectChange<ActionItemStatus>): void {
    const status = change.value;
    if (status === item.status) return;
    // The select shows what the server holds, not a refused choice.
    this.save(item, { status }, () => (change.source.value = item.status));
  }

  /** "Nobody" names the owner in `clear` (the API takes neither null nor ""). */
  protected setOwner(item: ActionItemSummary, change: MatSelectChange<string>): void {
    const ownerId = change.value;
    if (ownerId === (item.owner?.userId ?? '')) return;
    this.save(item, ownerId ? { ownerId } : { clear: ['ownerId'] }, () => {
      change.source.value = item.owner?.userId ?? '';
    });
  }

  /** An emptied date names the due date in `clear`. */
  protected setDueDate(item: ActionItemSummary, event: Event): void {
    const input = event.target as HTMLInputElement;
    const dueDate = input.value;
    if (dueDate === (item.dueDate ?? '')) return;
    this.save(item, dueDate ? { dueDate } : { clear: ['dueDate'] }, () => {
      input.value = item.dueDate ?? '';
    });
  }

  private save(item: ActionItemSummary, request: UpdateActionItemRequest, undo: () => void): void {
    this.error.set(null);
    this.busy.track(this.api.updateActionItem(item.id, request)).subscribe({
      next: (saved) =>
        this.changed.emit(this.items().map((entry) => (entry.id === item.id ? saved : entry))),
      error: (error: unknown) => {
        this.error.set(apiErrorMessage(error, `“${item.title}” could not be changed.`));
        undo();
      },
    });
  }

  protected remove(item: ActionItemSummary): void {
    this.error.set(null);
    this.busy.track(this.api.deleteActionItem(item.id)).subscribe({
      next: () => this.changed.emit(this.items().filter((entry) => entry.id !== item.id)),
      error: (error: unknown) =>
        this.error.set(apiErrorMessage(error, `“${item.title}” could not be deleted.`)),
    });
  }
}
