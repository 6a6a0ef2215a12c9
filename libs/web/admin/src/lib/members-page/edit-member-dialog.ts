import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { UpdateUserRequest, UserSummary } from '@hyperion/contracts';
import { errorsAfterSubmit } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag } from '@hyperion/web/util';
import { Observable } from 'rxjs';

export interface EditMemberDialogData {
  readonly member: UserSummary;
  /** `PATCH /users/:id` with the fields that changed. */
  readonly submit: (change: UpdateUserRequest) => Observable<UserSummary>;
}

/** The fields that differ from the member's (trimmed), or null when nothing changed. */
export function memberChange(
  member: Pick<UserSummary, 'displayName' | 'email'>,
  value: { displayName: string; email: string },
): UpdateUserRequest | null {
  const change: UpdateUserRequest = {};
  const displayName = value.displayName.trim();
  const email = value.email.trim();
  if (displayName !== member.displayName) change.displayName = displayName;
  if (email !== member.email) change.email = email;
  return Object.keys(change).length > 0 ? change : null;
}

/** Display name and email of a member's account. Closes with the updated member, if changed. */
@Component({
  selector: 'hyp-edit-member-dialog',
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  template: `
    <h2 mat-dialog-title>Edit {{ data.member.username }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" data-testid="edit-member-dialog">
      <mat-dialog-content>
        @if (error(); as error) {
          <p class="dialog-error" role="alert" data-testid="edit-member-error">{{ error }}</p>
        }
        <div class="dialog-form">
          <mat-form-field appearance="outline">
            <mat-label>Display name</mat-label>
            <input
              matInput
              formControlName="displayName"
              autocomplete="off"
              data-testid="edit-member-display-name"
            />
            @if (form.controls.displayName.invalid) {
              <mat-error>1 to 128 characters.</mat-error>
            }
          </mat-form-field>
          <mat-form-field appearance="outline">
            <mat-label>Email</mat-label>
            <input
              matInput
              type="email"
              formControlName="email"
              autocomplete="off"
              data-testid="edit-member-email"
            />
            @if (form.controls.email.invalid) {
              <mat-error>A valid email address.</mat-error>
            }
          </mat-form-field>
        </div>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close [disabled]="busy.active()">Cancel</button>
        <button
          matButton="filled"
          type="submit"
          data-testid="edit-member-submit"
          [disabled]="busy.active()"
        >
          Save
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: '../dialogs/dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class EditMemberDialog {
  protected readonly data = inject<EditMemberDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef =
    inject<MatDialogRef<EditMemberDialog, UserSummary | undefined>>(MatDialogRef);
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);

  protected readonly form = inject(NonNullableFormBuilder).group({
    displayName: [
      this.data.member.displayName,
      [Validators.required, Validators.pattern(/\S/), Validators.maxLength(128)],
    ],
    email: [
      this.data.member.email,
      [Validators.required, Validators.email, Validators.maxLength(254)],
    ],
  });

  protected save(): void {
    if (this.form.invalid || this.busy.active()) {
      return;
    }
    const change = memberChange(this.data.member, this.form.getRawValue());
    if (!change) {
      this.dialogRef.close(undefined);
      return;
    }
    this.error.set(null);
    this.busy.track(this.data.submit(change)).subscribe({
      next: (updated) => this.dialogRef.close(updated),
      error: (error: unknown) =>
        this.error.set(apiErrorMessage(error, 'The member could not be changed.')),
    });
  }
}
