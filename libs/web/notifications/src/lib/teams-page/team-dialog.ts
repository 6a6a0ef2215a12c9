import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { CreateTeamRequest, TeamSummary, UpdateTeamRequest } from '@hyperion/contracts';
import { ON_CALL_RULES } from '@hyperion/contracts';
import { Autofocus, errorsAfterSubmit } from '@hyperion/web/ui';
import { busyFlag } from '@hyperion/web/util';
import { Observable } from 'rxjs';

import { MemberPicker, PickablePerson } from '../on-call/member-picker';
import { onCallErrorMessage } from '../on-call/on-call-errors';
import { ON_CALL_NAME_HINT, ON_CALL_NAME_PATTERN, listMax } from '../on-call/on-call-validators';
import { DESCRIPTION_MAX_LENGTH } from '../schedules-page/schedule-form';

export interface TeamDialogData {
  /** The team to edit; null: a new one. */
  readonly team: TeamSummary | null;
  /** The contacts members are chosen among. */
  readonly people: readonly PickablePerson[];
  readonly create: (request: CreateTeamRequest) => Observable<TeamSummary>;
  readonly update: (id: string, request: UpdateTeamRequest) => Observable<TeamSummary>;
}

export interface TeamFormValue {
  name: string;
  description: string;
  memberIds: string[];
}

export function createTeamRequest(value: TeamFormValue): CreateTeamRequest {
  const request: CreateTeamRequest = { name: value.name.trim(), memberIds: [...value.memberIds] };
  const description = value.description.trim();
  if (description) request.description = description;
  return request;
}

/** Only what changed (the members whole, in order); null when nothing did. */
export function updateTeamRequest(
  team: TeamSummary,
  value: TeamFormValue,
): UpdateTeamRequest | null {
  const request: UpdateTeamRequest = {};
  const name = value.name.trim();
  const description = value.description.trim();
  if (name !== team.name) request.name = name;
  if (description !== team.description) request.description = description;
  const sameMembers =
    value.memberIds.length === team.memberIds.length &&
    value.memberIds.every((id, i) => id === team.memberIds[i]);
  if (!sameMembers) request.memberIds = [...value.memberIds];
  return Object.keys(request).length > 0 ? request : null;
}

/** A new team or an existing one: name, description and its members in order. */
@Component({
  selector: 'hyp-team-dialog',
  imports: [
    Autofocus,
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    MemberPicker,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  template: `
    <h2 mat-dialog-title>{{ editing ? 'Edit ' + data.team?.name : 'New team' }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" data-testid="team-form" novalidate>
      <mat-dialog-content>
        @if (error(); as error) {
          <p class="dialog-error" role="alert" data-testid="team-form-error">{{ error }}</p>
        }
        <div class="dialog-form">
          <mat-form-field appearance="outline">
            <mat-label>Name</mat-label>
            <input
              matInput
              hypAutofocus
              formControlName="name"
              autocomplete="off"
              data-testid="team-name"
            />
            @if (form.controls.name.invalid) {
              <mat-error data-testid="team-name-error">{{ nameHint }}.</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Description (optional)</mat-label>
            <textarea
              matInput
              rows="2"
              formControlName="description"
              data-testid="team-description"
            ></textarea>
            @if (form.controls.description.invalid) {
              <mat-error>At most {{ descriptionMax }} characters.</mat-error>
            }
          </mat-form-field>
          <fieldset>
            <legend>Members, in order</legend>
            <hyp-member-picker
              formControlName="memberIds"
              testId="team-members"
              [people]="data.people"
              [label]="'Members of the team, in order'"
              addLabel="Add a member"
              emptyText="No members yet."
            />
            @if (form.controls.memberIds.invalid) {
              <p class="dialog-error" role="alert">At most {{ membersMax }} members.</p>
            }
          </fieldset>
        </div>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close [disabled]="busy.active()">Cancel</button>
        <button
          matButton="filled"
          type="submit"
          data-testid="team-submit"
          [disabled]="busy.active()"
        >
          {{ editing ? 'Save' : 'Create team' }}
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: '../dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TeamDialog {
  protected readonly data = inject<TeamDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<TeamDialog, TeamSummary | undefined>>(MatDialogRef);
  private readonly fb = inject(NonNullableFormBuilder);

  protected readonly editing = this.data.team !== null;
  protected readonly nameHint = ON_CALL_NAME_HINT;
  protected readonly descriptionMax = DESCRIPTION_MAX_LENGTH;
  protected readonly membersMax = ON_CALL_RULES.membersMax;
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);

  protected readonly form = this.fb.group({
    name: [
      this.data.team?.name ?? '',
      [
        Validators.required,
        Validators.maxLength(ON_CALL_RULES.nameMaxLength),
        Validators.pattern(ON_CALL_NAME_PATTERN),
      ],
    ],
    description: [this.data.team?.description ?? '', Validators.maxLength(DESCRIPTION_MAX_LENGTH)],
    memberIds: this.fb.control<string[]>(
      [...(this.data.team?.memberIds ?? [])],
      listMax(ON_CALL_RULES.membersMax),
    ),
  });

  protected save(): void {
    if (this.form.invalid || this.busy.active()) {
      return;
    }
    const value: TeamFormValue = this.form.getRawValue();
    this.error.set(null);
    const team = this.data.team;
    let request: Observable<TeamSummary>;
    if (team) {
      const change = updateTeamRequest(team, value);
      if (!change) {
        this.dialogRef.close(undefined);
        return;
      }
      request = this.data.update(team.id, change);
    } else {
      request = this.data.create(createTeamRequest(value));
    }
    this.busy.track(request).subscribe({
      next: (saved) => this.dialogRef.close(saved),
      error: (error: unknown) =>
        this.error.set(
          onCallErrorMessage(
            error,
            team ? 'The team could not be saved.' : 'The team could not be created.',
          ),
        ),
    });
  }
}
