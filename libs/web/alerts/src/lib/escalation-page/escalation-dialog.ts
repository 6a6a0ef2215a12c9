import {
  ChangeDetectionStrategy,
  ChangeDetectorRef,
  Component,
  ElementRef,
  Injector,
  afterNextRender,
  inject,
  signal,
} from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCheckboxModule } from '@angular/material/checkbox';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelect, MatSelectModule } from '@angular/material/select';
import type {
  CreateEscalationPolicyRequest,
  EscalationPolicySummary,
  EscalationTarget,
  UpdateEscalationPolicyRequest,
} from '@hyperion/contracts';
import { ALERT_RULES, SERVICE_RULES } from '@hyperion/contracts';
import { Autofocus, errorsAfterSubmit } from '@hyperion/web/ui';
import { busyFlag } from '@hyperion/web/util';
import { Observable } from 'rxjs';

import { formProblems, showProblems } from '../config-shared/form-problems';
import { CHANNEL_KINDS, CHANNEL_KIND_LABELS } from '../config-shared/labels';
import { moveRow } from '../config-shared/move-row';
import { wholeNumber, wholeNumberMessage } from '../config-shared/validators';
import {
  DELAY_MINUTES_MAX,
  LevelGroup,
  PolicyFormValue,
  createPolicyRequest,
  levelArray,
  levelGroup,
  levelsOf,
  updatePolicyRequest,
} from './escalation-form';
import { TARGET_TYPE_LABELS, TargetDirectory } from './targets';

export interface EscalationDialogData {
  readonly policy: EscalationPolicySummary | null;
  readonly directory: TargetDirectory;
  readonly create: (request: CreateEscalationPolicyRequest) => Observable<EscalationPolicySummary>;
  readonly update: (
    id: string,
    request: UpdateEscalationPolicyRequest,
  ) => Observable<EscalationPolicySummary>;
}

/** An escalation policy: its ordered levels (who, after how long), repeat count, default flag. */
@Component({
  selector: 'hyp-escalation-dialog',
  imports: [
    Autofocus,
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './escalation-dialog.html',
  styleUrl: '../config-shared/dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EscalationDialog {
  protected readonly data = inject<EscalationDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<EscalationDialog, EscalationPolicySummary | undefined>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly host = inject<ElementRef<HTMLElement>>(ElementRef);
  private readonly injector = inject(Injector);
  private readonly changes = inject(ChangeDetectorRef);

  protected readonly editing = this.data.policy !== null;
  protected readonly nameHint = SERVICE_RULES.nameHint;
  protected readonly kinds = CHANNEL_KINDS;
  protected readonly kindLabels = CHANNEL_KIND_LABELS;
  protected readonly typeLabels = TARGET_TYPE_LABELS;
  protected readonly rules = ALERT_RULES;
  protected readonly delayMessage = wholeNumberMessage(0, DELAY_MINUTES_MAX);
  protected readonly repeatMessage = wholeNumberMessage(0, ALERT_RULES.repeatMax);
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);
  protected readonly submitted = signal(false);

  protected readonly form = this.fb.group({
    name: [
      this.data.policy?.name ?? '',
      [
        Validators.required,
        Validators.maxLength(SERVICE_RULES.nameMaxLength),
        Validators.pattern(SERVICE_RULES.namePattern),
      ],
    ],
    description: [
      this.data.policy?.description ?? '',
      Validators.maxLength(SERVICE_RULES.descriptionMax),
    ],
    isDefault: [this.data.policy?.isDefault ?? false],
    repeat: [
      String(this.data.policy?.repeat ?? 0),
      [Validators.required, wholeNumber(0, ALERT_RULES.repeatMax)],
    ],
    levels: levelArray(
      this.data.policy?.levels ?? [
        { name: 'First responders', delayMinutes: 0, targets: [], channelKinds: [] },
      ],
    ),
  });
  protected readonly levels = this.form.controls.levels;

  protected targetName(target: EscalationTarget): string {
    return this.data.directory.nameOf(target);
  }

  /** Who may still be added to a level (those already in it are left out). */
  protected candidates(level: LevelGroup) {
    const chosen = new Set(level.controls.targets.value.map((t) => `${t.type}:${t.id}`));
    return this.data.directory.groups.map((group) => ({
      ...group,
      items: group.items.filter((item) => !chosen.has(`${group.type}:${item.id}`)),
    }));
  }

  protected addTarget(level: LevelGroup, select: MatSelect, value: string | null): void {
    select.value = null;
    if (!value) return;
    const [type, ...rest] = value.split(':');
    const target = { type, id: rest.join(':') } as EscalationTarget;
    level.controls.targets.setValue([...level.controls.targets.value, target]);
    level.controls.targets.markAsDirty();
  }

  protected removeTarget(level: LevelGroup, index: number): void {
    level.controls.targets.setValue(level.controls.targets.value.filter((_, i) => i !== index));
  }

  protected addLevel(): void {
    const last = this.levels.at(this.levels.length - 1);
    const delay = last ? Number(last.controls.delayMinutes.value) + 15 : 0;
    this.levels.push(
      levelGroup({
        name: `Level ${this.levels.length + 1}`,
        delayMinutes: Number.isFinite(delay) ? delay : 0,
        targets: [],
        channelKinds: [],
      }),
    );
    this.focus(`level-name-${this.levels.length - 1}`);
  }

  protected removeLevel(index: number): void {
    this.levels.removeAt(index);
    this.focus('level-add');
  }

  /** Swaps the levels' people and channels; the delays stay in place (they increase). */
  protected moveLevel(from: number, to: number): void {
    const values = levelsOf(this.levels);
    const delays = values.map((level) => level.delayMinutes);
    const moved = moveRow(values, from, to).map((level, i) => ({
      ...level,
      delayMinutes: delays[i],
    }));
    moved.forEach((level, i) =>
      this.levels.at(i).setValue({
        name: level.name,
        delayMinutes: String(level.delayMinutes),
        targets: level.targets,
        channelKinds: level.channelKinds,
      }),
    );
    this.changes.markForCheck();
    this.focus(
      `level-${to < from ? (to === 0 ? 'down' : 'up') : to === values.length - 1 ? 'up' : 'down'}-${to}`,
    );
  }

  protected save(): void {
    this.submitted.set(true);
    if (this.form.invalid || this.busy.active()) return;
    const raw = this.form.getRawValue();
    const value: PolicyFormValue = { ...raw, levels: levelsOf(this.levels) };
    this.error.set(null);
    const policy = this.data.policy;
    let request: Observable<EscalationPolicySummary>;
    if (policy) {
      const change = updatePolicyRequest(policy, value);
      if (!change) {
        this.dialogRef.close(undefined);
        return;
      }
      request = this.data.update(policy.id, change);
    } else {
      request = this.data.create(createPolicyRequest(value));
    }
    this.busy.track(request).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (error: unknown) =>
        this.error.set(
          showProblems(
            formProblems(
              error,
              policy ? 'The policy could not be saved.' : 'The policy could not be created.',
              ['name', 'description', 'isDefault', 'repeat', 'levels'],
              'name',
            ),
            this.form.controls,
          ),
        ),
    });
  }

  private focus(testId: string): void {
    afterNextRender(
      () =>
        this.host.nativeElement.querySelector<HTMLElement>(`[data-testid="${testId}"]`)?.focus(),
      { injector: this.injector },
    );
  }
}
