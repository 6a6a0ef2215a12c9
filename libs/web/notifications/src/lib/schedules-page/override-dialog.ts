import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import {
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatSelectModule } from '@angular/material/select';
import type { CreateOverrideRequest, ScheduleOverride, ScheduleSummary } from '@hyperion/contracts';
import { errorsAfterSubmit } from '@hyperion/web/ui';
import { busyFlag } from '@hyperion/web/util';
import { Observable } from 'rxjs';

import { PickablePerson } from '../on-call/member-picker';
import { onCallErrorMessage } from '../on-call/on-call-errors';
import { localDateTime } from '../on-call/on-call-validators';
import {
  OverrideFormValue,
  emptyOverrideForm,
  overrideRequest,
  overrideTimesProblem,
} from './schedule-form';

export interface OverrideDialogData {
  readonly schedule: Pick<ScheduleSummary, 'id' | 'name' | 'timeZone'>;
  readonly people: readonly PickablePerson[];
  readonly create: (request: CreateOverrideRequest) => Observable<ScheduleOverride>;
}

/**
 * An override: someone covers the schedule from a start to an end (in the schedule's zone),
 * whoever the rotation names then. Starts filled with "from now, for 12 hours". Closes with the
 * new override.
 */
@Component({
  selector: 'hyp-override-dialog',
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MatSelectModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  template: `
    <h2 mat-dialog-title>Override on {{ data.schedule.name }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" data-testid="override-form" novalidate>
      <mat-dialog-content>
        @if (error(); as error) {
          <p class="dialog-error" role="alert" data-testid="override-form-error">{{ error }}</p>
        }
        <p class="note">
          The person chosen is on call from the start to the end, instead of whoever the layers
          name. Times in {{ data.schedule.timeZone }}.
        </p>
        <div class="dialog-form">
          <mat-form-field appearance="outline">
            <mat-label>Who covers</mat-label>
            <mat-select formControlName="contactId" data-testid="override-contact">
              @for (person of data.people; track person.id) {
                <mat-option
                  [value]="person.id"
                  [attr.data-testid]="'override-contact-' + person.id"
                >
                  {{ person.name }}
                </mat-option>
              }
            </mat-select>
            @if (form.controls.contactId.invalid) {
              <mat-error>Choose who is on call instead.</mat-error>
            }
          </mat-form-field>
          <div class="row">
            <mat-form-field appearance="outline">
              <mat-label>From</mat-label>
              <input
                matInput
                type="datetime-local"
                formControlName="start"
                data-testid="override-start"
              />
              @if (form.controls.start.invalid) {
                <mat-error>A date and time.</mat-error>
              }
            </mat-form-field>
            <mat-form-field appearance="outline">
              <mat-label>Until</mat-label>
              <input
                matInput
                type="datetime-local"
                formControlName="end"
                data-testid="override-end"
              />
              @if (form.controls.end.invalid) {
                <mat-error>A date and time.</mat-error>
              }
            </mat-form-field>
          </div>
          @if (form.errors?.['times']; as problem) {
            <p class="dialog-error" role="alert" data-testid="override-times-error">
              {{ problem }}
            </p>
          }
        </div>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close [disabled]="busy.active()">Cancel</button>
        <button
          matButton="filled"
          type="submit"
          data-testid="override-submit"
          [disabled]="busy.active()"
        >
          Add override
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: '../dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OverrideDialog {
  protected readonly data = inject<OverrideDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<OverrideDialog, ScheduleOverride | undefined>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);

  private readonly times: ValidatorFn = (group) => {
    const problem = overrideTimesProblem(group.value as OverrideFormValue, this.zone);
    return problem ? { times: problem } : null;
  };
  private readonly zone = this.data.schedule.timeZone;
  private readonly initial = emptyOverrideForm(this.zone, Date.now());

  protected readonly form = this.fb.group(
    {
      contactId: [this.initial.contactId, Validators.required],
      start: [this.initial.start, [Validators.required, localDateTime]],
      end: [this.initial.end, [Validators.required, localDateTime]],
    },
    { validators: this.times },
  );

  protected save(): void {
    if (this.form.invalid || this.busy.active()) {
      return;
    }
    this.error.set(null);
    this.busy
      .track(this.data.create(overrideRequest(this.form.getRawValue(), this.zone)))
      .subscribe({
        next: (saved) => this.dialogRef.close(saved),
        error: (error: unknown) =>
          this.error.set(onCallErrorMessage(error, 'The override could not be added.')),
      });
  }
}
