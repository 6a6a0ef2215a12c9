import { ChangeDetectionStrategy, Component, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import {
  FormControl,
  FormGroup,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import { MatAutocompleteModule } from '@angular/material/autocomplete';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type {
  CreateScheduleRequest,
  ScheduleLayer,
  ScheduleSummary,
  UpdateScheduleRequest,
} from '@hyperion/contracts';
import { ON_CALL_RULES } from '@hyperion/contracts';
import { Autofocus, errorsAfterSubmit } from '@hyperion/web/ui';
import { busyFlag } from '@hyperion/web/util';
import { Observable, map, startWith } from 'rxjs';

import { MemberPicker, PickablePerson } from '../on-call/member-picker';
import { moveRow } from '../on-call/move-row';
import { onCallErrorMessage } from '../on-call/on-call-errors';
import {
  ON_CALL_NAME_HINT,
  ON_CALL_NAME_PATTERN,
  listMax,
  localDateTime,
  notEmptyList,
  suggestZones,
  timeOfDay,
  timeZone,
  wholeNumber,
} from '../on-call/on-call-validators';
import { browserTimeZone, fromLocalInput, isValidTimeZone } from '../time/zone-math';
import {
  DESCRIPTION_MAX_LENGTH,
  LayerFormValue,
  LayerKept,
  ROTATIONS,
  ScheduleFormValue,
  createScheduleRequest,
  emptyScheduleForm,
  latestHandoff,
  newLayer,
  scheduleFormFrom,
  startsLater,
  updateScheduleRequest,
} from './schedule-form';

export interface ScheduleDialogData {
  /** The schedule to edit; null: a new one. */
  readonly schedule: ScheduleSummary | null;
  /** The contacts a rotation's members are chosen among. */
  readonly people: readonly PickablePerson[];
  readonly create: (request: CreateScheduleRequest) => Observable<ScheduleSummary>;
  readonly update: (id: string, request: UpdateScheduleRequest) => Observable<ScheduleSummary>;
}

type LayerGroup = FormGroup<{
  name: FormControl<string>;
  rotation: FormControl<ScheduleLayer['rotation']>;
  turnHours: FormControl<string>;
  handoffTime: FormControl<string>;
  startsAt: FormControl<string>;
  endsAt: FormControl<string>;
  memberIds: FormControl<string[]>;
  kept: FormControl<LayerKept>;
}>;

/** A layer's end, when given, after its start (both read in the same zone, so UTC will do). */
const endAfterStart: ValidatorFn = (group) => {
  const { startsAt, endsAt } = group.value as { startsAt?: string; endsAt?: string };
  if (!startsAt || !endsAt) return null;
  const start = fromLocalInput(startsAt, 'UTC');
  const end = fromLocalInput(endsAt, 'UTC');
  return start && end && Date.parse(end) <= Date.parse(start) ? { endBeforeStart: true } : null;
};

/**
 * A new on-call schedule or an existing one: name, description, time zone, and its layers —
 * each a rotation (daily, weekly, or custom hours) handing off at a time of day from a start,
 * with its members in turn order. Later layers win where they have someone on call. Closes with
 * the saved schedule.
 */
@Component({
  selector: 'hyp-schedule-dialog',
  imports: [
    Autofocus,
    MatAutocompleteModule,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    MemberPicker,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './schedule-dialog.html',
  styleUrls: ['../dialog.scss', './schedule-dialog.scss'],
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ScheduleDialog {
  protected readonly data = inject<ScheduleDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<ScheduleDialog, ScheduleSummary | undefined>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly editing = this.data.schedule !== null;
  protected readonly nameHint = ON_CALL_NAME_HINT;
  protected readonly descriptionMax = DESCRIPTION_MAX_LENGTH;
  protected readonly layersMax = ON_CALL_RULES.layersMax;
  protected readonly turnHoursMax = ON_CALL_RULES.turnHoursMax;
  protected readonly membersMax = ON_CALL_RULES.membersMax;
  protected readonly rotations = ROTATIONS;
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);

  private readonly initial: ScheduleFormValue = this.data.schedule
    ? scheduleFormFrom(this.data.schedule)
    : emptyScheduleForm(browserTimeZone(), Date.now());

  protected readonly form = this.fb.group({
    name: [
      this.initial.name,
      [
        Validators.required,
        Validators.maxLength(ON_CALL_RULES.nameMaxLength),
        Validators.pattern(ON_CALL_NAME_PATTERN),
      ],
    ],
    description: [this.initial.description, Validators.maxLength(DESCRIPTION_MAX_LENGTH)],
    timeZone: [this.initial.timeZone, [Validators.required, timeZone]],
    layers: this.fb.array<LayerGroup>(this.initial.layers.map((layer) => this.layer(layer))),
  });

  constructor() {
    // A new layer's start not touched yet follows the zone chosen: the latest hand-off there.
    this.form.controls.timeZone.valueChanges
      .pipe(takeUntilDestroyed())
      .subscribe(() =>
        this.form.controls.layers.controls.forEach((layer) => this.followStart(layer)),
      );
  }

  protected readonly zones = toSignal(
    this.form.controls.timeZone.valueChanges.pipe(
      startWith(''),
      map((typed) => suggestZones(typed === this.initial.timeZone ? '' : typed)),
    ),
    { requireSync: true },
  );
  /** The whole form's value, re-read on every change (the hints follow what is typed). */
  protected readonly value = toSignal(
    this.form.valueChanges.pipe(
      startWith(null),
      map(() => this.form.getRawValue()),
    ),
    { requireSync: true },
  );

  protected addLayer(): void {
    const layers = this.form.controls.layers;
    if (layers.length >= this.layersMax) return;
    const zone = this.form.controls.timeZone.value;
    layers.push(this.layer(newLayer(zone, Date.now(), layers.length + 1)));
  }

  protected removeLayer(index: number): void {
    this.form.controls.layers.removeAt(index);
  }

  protected moveLayer(from: number, to: number): void {
    const layers = this.form.controls.layers;
    const moved = moveRow(layers.controls, from, to);
    layers.clear({ emitEvent: false });
    moved.forEach((layer) => layers.push(layer, { emitEvent: false }));
    layers.updateValueAndValidity();
  }

  /** Whether the layer's first turn is still to come (nobody from it is on call before). */
  protected startsLater(layer: LayerFormValue): boolean {
    return startsLater(layer, this.value().timeZone, Date.now());
  }

  protected save(): void {
    // The members' lists say what is missing once a save was tried.
    this.form.markAllAsTouched();
    if (this.form.invalid || this.busy.active()) {
      return;
    }
    const value: ScheduleFormValue = this.form.getRawValue();
    this.error.set(null);
    const schedule = this.data.schedule;
    let request: Observable<ScheduleSummary>;
    if (schedule) {
      const change = updateScheduleRequest(schedule, value);
      if (!change) {
        this.dialogRef.close(undefined);
        return;
      }
      request = this.data.update(schedule.id, change);
    } else {
      request = this.data.create(createScheduleRequest(value));
    }
    this.busy.track(request).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (error: unknown) =>
        this.error.set(
          onCallErrorMessage(
            error,
            schedule ? 'The schedule could not be saved.' : 'The schedule could not be created.',
          ),
        ),
    });
  }

  private layer(value: LayerFormValue): LayerGroup {
    const group: LayerGroup = this.fb.group(
      {
        name: [
          value.name,
          [Validators.required, Validators.maxLength(ON_CALL_RULES.nameMaxLength)],
        ],
        rotation: this.fb.control<ScheduleLayer['rotation']>(value.rotation, Validators.required),
        turnHours: [
          value.turnHours,
          [Validators.required, wholeNumber(1, ON_CALL_RULES.turnHoursMax)],
        ],
        handoffTime: [value.handoffTime, [Validators.required, timeOfDay]],
        startsAt: [value.startsAt, [Validators.required, localDateTime]],
        endsAt: [value.endsAt, localDateTime],
        memberIds: this.fb.control<string[]>(value.memberIds, [
          notEmptyList,
          listMax(ON_CALL_RULES.membersMax),
        ]),
        kept: this.fb.control<LayerKept>(value.kept),
      },
      { validators: endAfterStart },
    );
    // The turn length is asked (and checked) for custom rotations only.
    const showTurnHours = (rotation: ScheduleLayer['rotation']) => {
      if (rotation === 'custom') group.controls.turnHours.enable({ emitEvent: false });
      else group.controls.turnHours.disable({ emitEvent: false });
    };
    showTurnHours(value.rotation);
    const subscriptions = [
      group.controls.rotation.valueChanges.subscribe(showTurnHours),
      group.controls.handoffTime.valueChanges.subscribe(() => this.followStart(group)),
    ];
    this.destroyRef.onDestroy(() => subscriptions.forEach((s) => s.unsubscribe()));
    return group;
  }

  /**
   * A new layer whose start was not edited starts at the latest hand-off in the zone chosen, so
   * that someone is on call at once (a layer read from the API keeps its start).
   */
  private followStart(layer: LayerGroup): void {
    const zone = this.form.controls.timeZone.value.trim();
    const handoff = layer.controls.handoffTime.value;
    if (
      layer.controls.kept.value.startsAt !== undefined ||
      layer.controls.startsAt.dirty ||
      !isValidTimeZone(zone) ||
      !ON_CALL_RULES.timeOfDayPattern.test(handoff)
    ) {
      return;
    }
    layer.controls.startsAt.setValue(latestHandoff(zone, Date.now(), handoff));
  }
}
