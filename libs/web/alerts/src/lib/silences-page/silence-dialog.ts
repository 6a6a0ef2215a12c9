import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import {
  AbstractControl,
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
import { MatSelectModule } from '@angular/material/select';
import type { CreateSilenceRequest, LabelMatcher, SilenceSummary } from '@hyperion/contracts';
import { ALERT_RULES } from '@hyperion/contracts';
import { errorsAfterSubmit } from '@hyperion/web/ui';
import { busyFlag } from '@hyperion/web/util';
import { Observable } from 'rxjs';

import { formProblems, showProblems } from '../config-shared/form-problems';
import {
  browserTimeZone,
  fromLocalInput,
  isValidTimeZone,
  knownTimeZones,
  toLocalInput,
} from '../config-shared/local-time';
import { MatcherEditor } from '../config-shared/matcher-editor';
import { matcherArray, matchersOf } from '../config-shared/matchers';
import { wholeNumber, wholeNumberMessage } from '../config-shared/validators';
import { RECURRENCE_PRESETS, WEEKDAYS, Weekday, buildRrule } from './recurrence';
import { DURATION_PRESETS, createSilenceRequest } from './silence-form';

export interface SilenceDialogData {
  /** Matchers to start from (e.g. an alert's labels); none: one empty row. */
  readonly matchers?: readonly LabelMatcher[];
  readonly create: (request: CreateSilenceRequest) => Observable<SilenceSummary>;
}

const localMoment: ValidatorFn = (control) =>
  control.value === '' || fromLocalInput(String(control.value)) ? null : { moment: true };

const zone: ValidatorFn = (control) =>
  isValidTimeZone(String(control.value ?? '').trim()) ? null : { timeZone: true };

/** The end after the start. */
const endsAfterStart: ValidatorFn = (group: AbstractControl) => {
  const starts = fromLocalInput(String(group.get('startsAt')?.value ?? ''));
  const ends = fromLocalInput(String(group.get('endsAt')?.value ?? ''));
  return starts && ends && ends <= starts ? { endsBeforeStart: true } : null;
};

/** A new silence or maintenance window: which alerts, from when to when, why. */
@Component({
  selector: 'hyp-silence-dialog',
  imports: [
    MatButtonModule,
    MatCheckboxModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MatcherEditor,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './silence-dialog.html',
  styleUrl: '../config-shared/dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class SilenceDialog {
  protected readonly data = inject<SilenceDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<SilenceDialog, SilenceSummary | undefined>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly durations = DURATION_PRESETS;
  protected readonly presets = RECURRENCE_PRESETS;
  protected readonly weekdays = WEEKDAYS;
  protected readonly zones = knownTimeZones();
  protected readonly browserZone = browserTimeZone();
  protected readonly commentMax = ALERT_RULES.silenceCommentMax;
  protected readonly lengthMessage = wholeNumberMessage(1, ALERT_RULES.snoozeMinutesMax);
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);

  private readonly now = new Date();
  protected readonly form = this.fb.group(
    {
      matchers: matcherArray(
        this.data.matchers?.length ? this.data.matchers : [{ name: '', op: '=', value: '' }],
        1,
      ),
      startsAt: [toLocalInput(this.now), [Validators.required, localMoment]],
      endsAt: [
        toLocalInput(new Date(this.now.getTime() + 3600_000)),
        [Validators.required, localMoment],
      ],
      comment: ['', [Validators.required, Validators.maxLength(ALERT_RULES.silenceCommentMax)]],
      recurring: [false],
      recurrence: this.fb.group({
        preset: [RECURRENCE_PRESETS[0].id],
        frequency: this.fb.control<'DAILY' | 'WEEKLY'>(RECURRENCE_PRESETS[0].parts.frequency),
        days: this.fb.control<Weekday[]>([...RECURRENCE_PRESETS[0].parts.days]),
        time: [
          RECURRENCE_PRESETS[0].parts.time,
          [Validators.required, Validators.pattern(/^([01]\d|2[0-3]):[0-5]\d$/)],
        ],
        durationMinutes: [
          String(RECURRENCE_PRESETS[0].parts.durationMinutes),
          [Validators.required, wholeNumber(1, ALERT_RULES.snoozeMinutesMax)],
        ],
        timeZone: [this.browserZone, [Validators.required, zone]],
      }),
    },
    { validators: endsAfterStart },
  );
  protected readonly recurring = toSignal(this.form.controls.recurring.valueChanges, {
    initialValue: false,
  });
  private readonly recurrenceValue = toSignal(this.form.controls.recurrence.valueChanges, {
    initialValue: this.form.controls.recurrence.getRawValue(),
  });
  protected readonly weekly = () => this.recurrenceValue().frequency === 'WEEKLY';
  protected readonly rrulePreview = () => {
    const value = this.form.controls.recurrence.getRawValue();
    return value.frequency === 'WEEKLY' && value.days.length === 0
      ? 'Choose at least one day.'
      : buildRrule(value);
  };

  constructor() {
    // The recurrence fields count only when the silence recurs.
    this.form.controls.recurrence.disable();
    this.form.controls.recurring.valueChanges.pipe(takeUntilDestroyed()).subscribe((on) => {
      if (on) this.form.controls.recurrence.enable();
      else this.form.controls.recurrence.disable();
    });
  }

  /** The end at start + `minutes` (from now when the start does not read). */
  protected setDuration(minutes: number): void {
    const starts = fromLocalInput(this.form.controls.startsAt.value) ?? new Date();
    this.form.controls.endsAt.setValue(toLocalInput(new Date(starts.getTime() + minutes * 60_000)));
    this.form.controls.endsAt.markAsDirty();
  }

  protected applyPreset(id: string): void {
    const preset = RECURRENCE_PRESETS.find((p) => p.id === id);
    if (!preset) return;
    this.form.controls.recurrence.patchValue({
      frequency: preset.parts.frequency,
      days: [...preset.parts.days],
      time: preset.parts.time,
      durationMinutes: String(preset.parts.durationMinutes),
    });
  }

  protected toggleDay(day: Weekday, on: boolean): void {
    const days = this.form.controls.recurrence.controls.days;
    days.setValue(on ? [...days.value, day] : days.value.filter((d) => d !== day));
    this.form.controls.recurrence.controls.preset.setValue('');
  }

  protected save(): void {
    const recurrence = this.form.controls.recurrence.getRawValue();
    const noDays =
      this.form.controls.recurring.value &&
      recurrence.frequency === 'WEEKLY' &&
      recurrence.days.length === 0;
    if (this.form.invalid || noDays || this.busy.active()) {
      if (noDays) this.error.set('Choose at least one day of the week for the recurring window.');
      return;
    }
    this.error.set(null);
    const raw = this.form.getRawValue();
    const request = createSilenceRequest({
      matchers: matchersOf(this.form.controls.matchers),
      startsAt: raw.startsAt,
      endsAt: raw.endsAt,
      comment: raw.comment,
      recurring: raw.recurring,
      recurrence: { ...recurrence, durationMinutes: Number(recurrence.durationMinutes) },
    });
    this.busy.track(this.data.create(request)).subscribe({
      next: (created) => this.dialogRef.close(created),
      error: (error: unknown) =>
        this.error.set(
          showProblems(
            formProblems(error, 'The silence could not be created.', [
              'matchers',
              'startsAt',
              'endsAt',
              'comment',
              'recurrence',
            ]),
            {
              matchers: this.form.controls.matchers,
              startsAt: this.form.controls.startsAt,
              endsAt: this.form.controls.endsAt,
              comment: this.form.controls.comment,
              recurrence: this.form.controls.recurrence.controls.timeZone,
            },
          ),
        ),
    });
  }
}
