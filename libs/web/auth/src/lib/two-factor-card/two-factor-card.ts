import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { NonNullableFormBuilder, ReactiveFormsModule, Validators } from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { TwoFactorSetup } from '@hyperion/contracts';
import { ACCOUNT_RULES } from '@hyperion/contracts';
import { AuthApi, AuthService } from '@hyperion/web/auth-data';
import { apiErrorMessage } from '@hyperion/web/util';
import { Observable, map, switchMap } from 'rxjs';

const TOTP_CODE = ACCOUNT_RULES.totpCodePattern;

/**
 * TOTP two-factor authentication of the current user: set up (QR code and secret), enable with
 * a first code (then the ten recovery codes, shown once), disable with a current code.
 */
@Component({
  selector: 'hyp-two-factor-card',
  imports: [
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
  ],
  templateUrl: './two-factor-card.html',
  styleUrl: './two-factor-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TwoFactorCard {
  private readonly auth = inject(AuthService);
  private readonly api = inject(AuthApi);
  private readonly clipboard = inject(Clipboard);
  private readonly forms = inject(NonNullableFormBuilder);

  protected readonly enabled = computed(() => this.auth.currentUser()?.twoFactorEnabled ?? false);
  protected readonly setup = signal<TwoFactorSetup | null>(null);
  protected readonly recoveryCodes = signal<readonly string[] | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly copied = signal(false);

  protected readonly enableForm = this.forms.group({
    code: ['', [Validators.required, Validators.pattern(TOTP_CODE)]],
  });
  protected readonly disableForm = this.forms.group({
    code: ['', [Validators.required, Validators.pattern(TOTP_CODE)]],
  });

  protected startSetup(): void {
    this.run(this.api.setUpTwoFactor(), (setup) => {
      this.setup.set(setup);
      this.enableForm.reset();
    });
  }

  protected cancelSetup(): void {
    this.setup.set(null);
    this.error.set(null);
  }

  protected enable(): void {
    if (this.enableForm.invalid) {
      this.enableForm.markAllAsTouched();
      return;
    }
    const { code } = this.enableForm.getRawValue();
    this.run(
      this.api
        .enableTwoFactor(code)
        .pipe(
          switchMap(({ recoveryCodes }) =>
            this.auth.loadCurrentUser().pipe(map(() => recoveryCodes)),
          ),
        ),
      (codes) => {
        this.setup.set(null);
        this.recoveryCodes.set(codes);
      },
    );
  }

  protected copyRecoveryCodes(): void {
    this.copied.set(this.clipboard.copy((this.recoveryCodes() ?? []).join('\n')));
  }

  /** The codes are not shown again once dismissed. */
  protected dismissRecoveryCodes(): void {
    this.recoveryCodes.set(null);
    this.copied.set(false);
  }

  protected disable(): void {
    if (this.disableForm.invalid) {
      this.disableForm.markAllAsTouched();
      return;
    }
    const { code } = this.disableForm.getRawValue();
    this.run(
      this.api.disableTwoFactor(code).pipe(switchMap(() => this.auth.loadCurrentUser())),
      () => this.disableForm.reset(),
    );
  }

  private run<T>(request: Observable<T>, done: (value: T) => void): void {
    this.busy.set(true);
    this.error.set(null);
    request.subscribe({
      next: (value) => {
        this.busy.set(false);
        done(value);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(apiErrorMessage(error, 'Two-factor authentication could not be changed.'));
      },
    });
  }
}
