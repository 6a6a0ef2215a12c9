import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import {
  FormArray,
  FormControl,
  FormGroup,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { MatSelectModule } from '@angular/material/select';
import type {
  ContactSummary,
  NotificationChannelKind,
  NotificationPreferences,
} from '@hyperion/contracts';
import { ON_CALL_RULES } from '@hyperion/contracts';
import { errorsAfterSubmit } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag } from '@hyperion/web/util';
import { Observable, map, startWith } from 'rxjs';

import { CHANNEL_KINDS } from '../channel-kinds';
import type { NotificationRulesRequest } from '../on-call-api';
import { moveRow } from '../on-call/move-row';
import { onCallErrorMessage } from '../on-call/on-call-errors';
import { timeOfDay } from '../on-call/on-call-validators';
import {
  RuleList,
  RuleRowValue,
  RulesFormValue,
  delayProblem,
  describeDelay,
  emptyListFallback,
  nextDelay,
  reachProblem,
  rulesFormFrom,
  rulesRequest,
} from './rules-form';

export interface RulesDialogData {
  readonly contact: ContactSummary;
  /** notifications:write, or the contact is the signed-in user. */
  readonly canEdit: boolean;
  readonly load: () => Observable<NotificationPreferences>;
  readonly save: (request: NotificationRulesRequest) => Observable<NotificationPreferences>;
}

type RuleRow = FormGroup<{
  delay: FormControl<string>;
  kind: FormControl<'' | NotificationChannelKind>;
}>;

const delay: ValidatorFn = (control) =>
  delayProblem(String(control.value ?? '')) ? { delay: true } : null;

/** Quiet hours from 22:00 to 22:00 are none: the API would ignore them. */
const distinctHours: ValidatorFn = (group) => {
  const value = group.value as { quietEnabled?: boolean; quietFrom?: string; quietTo?: string };
  return value.quietEnabled && value.quietFrom && value.quietFrom === value.quietTo
    ? { sameHours: true }
    : null;
};

const LISTS: readonly { key: RuleList; title: string; note: string }[] = [
  {
    key: 'highUrgency',
    title: 'High urgency',
    note: 'Pages that must wake someone: every step runs until the page is acknowledged.',
  },
  {
    key: 'lowUrgency',
    title: 'Low urgency',
    note: 'Pages that can wait: held back during the quiet hours below.',
  },
];

/**
 * A contact's personal notification rules: for high- and low-urgency pages, the ordered steps
 * "after N minutes, notify by <kind>" (add, remove, move up or down), and quiet hours that hold
 * low-urgency pages back. Read-only without the right to change them. Closes with the saved rules.
 */
@Component({
  selector: 'hyp-rules-dialog',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './rules-dialog.html',
  styleUrls: ['../dialog.scss', './rules-dialog.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class RulesDialog {
  protected readonly data = inject<RulesDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<RulesDialog, NotificationPreferences | undefined>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly lists = LISTS;
  protected readonly kinds = CHANNEL_KINDS;
  protected readonly rulesMax = ON_CALL_RULES.rulesMax;
  protected readonly delayMax = ON_CALL_RULES.delayMinutesMax;
  protected readonly describeDelay = describeDelay;
  protected fallback(list: RuleList): string {
    return emptyListFallback(this.data.contact, list);
  }
  protected readonly busy = busyFlag();
  protected readonly loading = signal(true);
  protected readonly loadError = signal<string | null>(null);
  protected readonly error = signal<string | null>(null);

  protected readonly form = this.fb.group(
    {
      highUrgency: this.fb.array<RuleRow>([]),
      lowUrgency: this.fb.array<RuleRow>([]),
      quietEnabled: [false],
      quietFrom: ['22:00', [Validators.required, timeOfDay]],
      quietTo: ['07:00', [Validators.required, timeOfDay]],
    },
    { validators: distinctHours },
  );

  protected readonly quietEnabled = toSignal(
    this.form.controls.quietEnabled.valueChanges.pipe(
      startWith(this.form.controls.quietEnabled.value),
    ),
    { requireSync: true },
  );
  /** Re-read on every change: the hints under each step follow what is typed. */
  protected readonly value = toSignal(
    this.form.valueChanges.pipe(
      startWith(null),
      map(() => this.form.getRawValue()),
    ),
    { requireSync: true },
  );

  constructor() {
    this.load();
  }

  protected load(): void {
    this.loading.set(true);
    this.loadError.set(null);
    this.data.load().subscribe({
      next: (preferences) => {
        this.fill(rulesFormFrom(preferences));
        this.loading.set(false);
      },
      error: (error: unknown) => {
        this.loadError.set(apiErrorMessage(error, 'The notification rules could not be loaded.'));
        this.loading.set(false);
      },
    });
  }

  protected rows(list: RuleList): FormArray<RuleRow> {
    return this.form.controls[list];
  }

  protected addStep(list: RuleList): void {
    const rows = this.rows(list);
    if (rows.length >= this.rulesMax) return;
    rows.push(this.row({ delay: nextDelay(rows.getRawValue()), kind: '' }));
  }

  protected removeStep(list: RuleList, index: number): void {
    this.rows(list).removeAt(index);
  }

  protected moveStep(list: RuleList, from: number, to: number): void {
    const rows = this.rows(list);
    const moved = moveRow(rows.controls, from, to);
    rows.clear({ emitEvent: false });
    moved.forEach((row) => rows.push(row, { emitEvent: false }));
    rows.updateValueAndValidity();
  }

  /** Why the step's kind cannot reach the contact, or null. */
  protected reach(kind: '' | NotificationChannelKind): string | null {
    return reachProblem(this.data.contact, kind);
  }

  protected kindLabel(kind: '' | NotificationChannelKind): string {
    return this.kinds.find((info) => info.kind === kind)?.label ?? '';
  }

  protected save(): void {
    if (!this.data.canEdit || this.form.invalid || this.busy.active()) {
      return;
    }
    const value: RulesFormValue = this.form.getRawValue();
    this.error.set(null);
    this.busy.track(this.data.save(rulesRequest(value))).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (error: unknown) =>
        this.error.set(onCallErrorMessage(error, 'The notification rules could not be saved.')),
    });
  }

  private row(value: RuleRowValue): RuleRow {
    return this.fb.group({
      delay: [value.delay, [Validators.required, delay]],
      kind: [value.kind, Validators.required],
    });
  }

  private fill(value: RulesFormValue): void {
    for (const list of ['highUrgency', 'lowUrgency'] as const) {
      const rows = this.rows(list);
      rows.clear({ emitEvent: false });
      value[list].forEach((row) => rows.push(this.row(row), { emitEvent: false }));
    }
    this.form.patchValue({
      quietEnabled: value.quietEnabled,
      quietFrom: value.quietFrom,
      quietTo: value.quietTo,
    });
    if (!this.data.canEdit) this.form.disable();
  }
}
