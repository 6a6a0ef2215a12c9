import { HttpErrorResponse, HttpStatusCode } from '@angular/common/http';
import { ChangeDetectionStrategy, Component, inject, input, output, signal } from '@angular/core';
import {
  AbstractControl,
  FormGroupDirective,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  ValidationErrors,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { ACCOUNT_RULES, ApiErrorBody } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { Autofocus, errorsAfterSubmit } from '@hyperion/web/ui';
import { apiErrorMessage, errorStatus, humanizeOne } from '@hyperion/web/util';

/** The API's rule for a new password. */
export const PASSWORD_MIN_LENGTH = ACCOUNT_RULES.passwordMinLength;
export const PASSWORD_MAX_LENGTH = ACCOUNT_RULES.passwordMaxLength;

function confirmationMatches(group: AbstractControl): ValidationErrors | null {
  const value = group.value as { newPassword?: string; confirmation?: string };
  return value.confirmation && value.newPassword !== value.confirmation ? { mismatch: true } : null;
}

/**
 * Why the API refused the new password (too weak: a common password, the username, too
 * guessable…), from a 400 whose message names `newPassword`; null for any other failure.
 */
export function newPasswordProblem(error: unknown): string | null {
  if (errorStatus(error) !== HttpStatusCode.BadRequest || !(error instanceof HttpErrorResponse)) {
    return null;
  }
  const body = error.error as Partial<ApiErrorBody> | null;
  const messages = Array.isArray(body?.message) ? body.message : [body?.message];
  const about = messages.find(
    (message): message is string =>
      typeof message === 'string' && /^newPassword\b/.test(message.trim()),
  );
  return about ? humanizeOne(about) : null;
}

/**
 * Current password, new password twice; emits `changed` once the API accepted it. The API's
 * reason for refusing a new password (its strength check) shows under that field. Field errors
 * appear after the first submit.
 */
@Component({
  selector: 'hyp-change-password-form',
  imports: [Autofocus, MatButtonModule, MatFormFieldModule, MatInputModule, ReactiveFormsModule],
  providers: [errorsAfterSubmit],
  templateUrl: './change-password-form.html',
  styleUrl: './change-password-form.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ChangePasswordForm {
  private readonly auth = inject(AuthService);

  /** Focus the first field when shown (its own page), not when embedded in the profile. */
  readonly autofocus = input(false);
  readonly changed = output<void>();

  protected readonly minLength = PASSWORD_MIN_LENGTH;
  protected readonly maxLength = PASSWORD_MAX_LENGTH;
  protected readonly form = inject(NonNullableFormBuilder).group(
    {
      currentPassword: ['', [Validators.required, Validators.maxLength(PASSWORD_MAX_LENGTH)]],
      newPassword: [
        '',
        [
          Validators.required,
          Validators.minLength(PASSWORD_MIN_LENGTH),
          Validators.maxLength(PASSWORD_MAX_LENGTH),
        ],
      ],
      confirmation: ['', Validators.required],
    },
    { validators: confirmationMatches },
  );
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  /** The API's reason against the new password, shown under it until it is edited. */
  protected readonly strengthProblem = signal<string | null>(null);
  protected readonly submitted = signal(false);

  constructor() {
    this.form.controls.newPassword.valueChanges.subscribe(() => this.strengthProblem.set(null));
  }

  protected submit(directive: FormGroupDirective): void {
    this.submitted.set(true);
    if (this.form.invalid || this.busy()) {
      return;
    }
    const { currentPassword, newPassword } = this.form.getRawValue();
    this.busy.set(true);
    this.error.set(null);
    this.strengthProblem.set(null);
    this.auth.changePassword({ currentPassword, newPassword }).subscribe({
      next: () => {
        this.busy.set(false);
        this.submitted.set(false);
        directive.resetForm();
        this.changed.emit();
      },
      error: (error: unknown) => {
        this.busy.set(false);
        // The API's reason against the new password shows under that field; anything else on top.
        const problem = newPasswordProblem(error);
        if (problem) {
          this.strengthProblem.set(problem);
          this.form.controls.newPassword.setErrors({ server: true });
        } else {
          this.error.set(apiErrorMessage(error, 'The password could not be changed.'));
        }
      },
    });
  }
}
