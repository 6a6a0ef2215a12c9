import { ChangeDetectionStrategy, Component, inject, input, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import { MatProgressBarModule } from '@angular/material/progress-bar';
import { Router } from '@angular/router';
import type { LoginRequest } from '@hyperion/contracts';
import { AuthService, LoginStep } from '@hyperion/web/auth-data';
import { Autofocus, Logo, errorsAfterSubmit } from '@hyperion/web/ui';
import { Observable } from 'rxjs';

import { LoginError, loginError } from './login-errors';

/** Only a path of this console: never an absolute URL to elsewhere (`//evil.example`). */
function safeReturnUrl(url: string | undefined): string {
  return url && url.startsWith('/') && !url.startsWith('//') && !url.startsWith('/login')
    ? url
    : '/';
}

/**
 * Sign in: username or email and password, then, for a 2FA account, a code (or a recovery
 * code). Each step's first field has the focus; field errors show after the first submit.
 */
@Component({
  selector: 'hyp-login-page',
  imports: [
    Autofocus,
    Logo,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    MatProgressBarModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './login-page.html',
  styleUrl: '../auth-screen.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class LoginPage {
  private readonly auth = inject(AuthService);
  private readonly router = inject(Router);
  private readonly forms = inject(NonNullableFormBuilder);

  /** Why the last session ended on its own (expired, revoked, signed out in another tab). */
  protected readonly sessionEnded = this.auth.sessionEndedMessage;

  /** Where to go once signed in (set by the auth guard). */
  readonly returnUrl = input<string>();

  protected readonly credentials = this.forms.group({
    identifier: ['', [Validators.required, Validators.maxLength(254)]],
    password: ['', [Validators.required, Validators.maxLength(128)]],
  });
  protected readonly codeForm = this.forms.group({
    code: ['', [Validators.required, Validators.maxLength(64)]],
  });

  /** Set once the password was accepted for a 2FA account. */
  protected readonly challenge = signal<string | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<LoginError | null>(null);

  protected submitPassword(): void {
    if (this.credentials.invalid || this.busy()) {
      this.credentials.markAllAsTouched();
      return;
    }
    const { identifier, password } = this.credentials.getRawValue();
    const trimmed = identifier.trim();
    const request: LoginRequest = trimmed.includes('@')
      ? { email: trimmed, password }
      : { username: trimmed, password };
    this.run(this.auth.login(request), 'password');
  }

  protected submitCode(): void {
    const challenge = this.challenge();
    if (this.codeForm.invalid || this.busy() || challenge === null) {
      this.codeForm.markAllAsTouched();
      return;
    }
    const code = this.codeForm.getRawValue().code.replace(/\s+/g, '');
    this.run(this.auth.completeTwoFactor(challenge, code), 'code');
  }

  /** Back to the password step (the challenge expires anyway). */
  protected restart(): void {
    this.challenge.set(null);
    this.codeForm.reset();
    this.credentials.controls.password.reset();
    this.error.set(null);
  }

  private run(step$: Observable<LoginStep>, step: 'password' | 'code'): void {
    this.busy.set(true);
    this.error.set(null);
    step$.subscribe({
      next: (result) => {
        this.busy.set(false);
        if (result.kind === 'two-factor') {
          this.challenge.set(result.challenge);
          return;
        }
        void this.router.navigateByUrl(
          result.mustChangePassword ? '/change-password' : safeReturnUrl(this.returnUrl()),
        );
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(loginError(error, step));
        if (step === 'code') {
          this.codeForm.reset();
        }
      },
    });
  }
}
