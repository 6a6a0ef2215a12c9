import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MAT_DIALOG_DATA, MatDialogModule, MatDialogRef } from '@angular/material/dialog';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { UserSummary } from '@hyperion/contracts';
import { ACCOUNT_RULES } from '@hyperion/contracts';
import { errorsAfterSubmit } from '@hyperion/web/ui';
import { apiErrorMessage, busyFlag } from '@hyperion/web/util';
import { Observable } from 'rxjs';

import { suggestPassword } from './password-suggestion';

export interface ResetPasswordDialogData {
  readonly member: UserSummary;
  /** `POST /users/:id/reset-password`. */
  readonly submit: (password: string) => Observable<unknown>;
}

/**
 * "Reset password": a temporary password, proposed strong and random (editable), that the member
 * must replace at the next sign-in. Closes with `true` once the API took it.
 */
@Component({
  selector: 'hyp-reset-password-dialog',
  imports: [
    MatButtonModule,
    MatDialogModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  template: `
    <h2 mat-dialog-title>Reset the password of {{ data.member.username }}</h2>
    <form [formGroup]="form" (ngSubmit)="save()" data-testid="reset-password-dialog">
      <mat-dialog-content>
        <p class="note">
          {{ data.member.displayName }} will sign in with this temporary password and must choose a
          new one straight away. Give it to them through a channel you trust; their other sessions
          stay signed in until they change it.
        </p>
        @if (error(); as error) {
          <p class="dialog-error" role="alert" data-testid="reset-password-error">{{ error }}</p>
        }
        <div class="dialog-form">
          <mat-form-field appearance="outline">
            <mat-label>Temporary password</mat-label>
            <input
              matInput
              formControlName="password"
              autocomplete="off"
              spellcheck="false"
              class="mono"
              data-testid="reset-password-value"
            />
            <mat-hint>A strong random suggestion; you may type another.</mat-hint>
            @if (form.controls.password.invalid) {
              <mat-error>{{ lengthRule }}</mat-error>
            }
          </mat-form-field>
          <div class="suggestion">
            <button
              matButton
              type="button"
              data-testid="reset-password-suggest"
              (click)="suggest()"
            >
              New suggestion
            </button>
            <button matButton type="button" data-testid="reset-password-copy" (click)="copy()">
              {{ copied() ? 'Copied' : 'Copy' }}
            </button>
          </div>
        </div>
      </mat-dialog-content>
      <mat-dialog-actions align="end">
        <button matButton type="button" mat-dialog-close [disabled]="busy.active()">Cancel</button>
        <button
          matButton="filled"
          type="submit"
          data-testid="reset-password-submit"
          [disabled]="busy.active()"
        >
          Set temporary password
        </button>
      </mat-dialog-actions>
    </form>
  `,
  styleUrl: '../dialogs/dialog.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ResetPasswordDialog {
  protected readonly data = inject<ResetPasswordDialogData>(MAT_DIALOG_DATA);
  private readonly dialogRef = inject<MatDialogRef<ResetPasswordDialog, boolean>>(MatDialogRef);
  private readonly clipboard = inject(Clipboard);
  protected readonly busy = busyFlag();
  protected readonly error = signal<string | null>(null);
  protected readonly copied = signal(false);
  protected readonly lengthRule = `${ACCOUNT_RULES.passwordMinLength} to ${ACCOUNT_RULES.passwordMaxLength} characters.`;

  protected readonly form = inject(NonNullableFormBuilder).group({
    password: [
      suggestPassword(),
      [
        Validators.required,
        Validators.minLength(ACCOUNT_RULES.passwordMinLength),
        Validators.maxLength(ACCOUNT_RULES.passwordMaxLength),
      ],
    ],
  });

  protected suggest(): void {
    this.form.controls.password.setValue(suggestPassword());
    this.copied.set(false);
  }

  protected copy(): void {
    this.copied.set(this.clipboard.copy(this.form.controls.password.value));
  }

  protected save(): void {
    if (this.form.invalid || this.busy.active()) {
      return;
    }
    this.error.set(null);
    this.busy.track(this.data.submit(this.form.controls.password.value)).subscribe({
      next: () => this.dialogRef.close(true),
      error: (error: unknown) =>
        this.error.set(apiErrorMessage(error, 'The password could not be reset.')),
    });
  }
}
