import { Clipboard } from '@angular/cdk/clipboard';
import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import {
  FormGroupDirective,
  NonNullableFormBuilder,
  ReactiveFormsModule,
  Validators,
} from '@angular/forms';
import { MatButtonModule } from '@angular/material/button';
import { MatCardModule } from '@angular/material/card';
import { MatFormFieldModule } from '@angular/material/form-field';
import { MatInputModule } from '@angular/material/input';
import type { TwoFactorConfirmRequest, TwoFactorSetup } from '@hyperion/contracts';
import { ACCOUNT_RULES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { Autofocus, errorsAfterSubmit } from '@hyperion/web/ui';
import { apiErrorMessage } from '@hyperion/web/util';
import { Observable, map, switchMap } from 'rxjs';

import { TwoFactorApi } from './two-factor-api';

const TOTP_CODE = ACCOUNT_RULES.totpCodePattern;

/** Below this many unused recovery codes the card suggests generating new ones. */
const FEW_RECOVERY_CODES = 3;

/** What the password-and-code form of an enabled second factor is about to do. */
export type ConfirmedAction = 'regenerate' | 'replace' | 'disable';

/**
 * TOTP two-factor authentication of the current user. Off: set up (QR code and secret), enable
 * with a first code, then the recovery codes, shown once. On: how many recovery codes are left,
 * and — each confirmed with the password and a fresh code (a recovery code works too) —
 * generate new recovery codes, replace the authenticator (lost phone: scan a new secret), or
 * turn it off.
 */
@Component({
  selector: 'hyp-two-factor-card',
  imports: [
    Autofocus,
    MatButtonModule,
    MatCardModule,
    MatFormFieldModule,
    MatInputModule,
    ReactiveFormsModule,
  ],
  providers: [errorsAfterSubmit],
  templateUrl: './two-factor-card.html',
  styleUrl: './two-factor-card.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TwoFactorCard {
  private readonly auth = inject(AuthService);
  private readonly api = inject(TwoFactorApi);
  private readonly clipboard = inject(Clipboard);
  private readonly forms = inject(NonNullableFormBuilder);

  protected readonly enabled = computed(() => this.auth.currentUser()?.twoFactorEnabled ?? false);
  protected readonly codesLeft = computed(
    () => this.auth.currentUser()?.recoveryCodesRemaining ?? 0,
  );
  protected readonly fewCodesLeft = computed(() => this.codesLeft() < FEW_RECOVERY_CODES);
  protected readonly setup = signal<TwoFactorSetup | null>(null);
  /** The setup replaces an authenticator (2FA stays on until the new one is confirmed). */
  protected readonly replacing = signal(false);
  protected readonly recoveryCodes = signal<readonly string[] | null>(null);
  protected readonly busy = signal(false);
  protected readonly error = signal<string | null>(null);
  protected readonly copied = signal(false);
  protected readonly done = signal<string | null>(null);
  /** Which button of the confirmation form was pressed. */
  protected readonly action = signal<ConfirmedAction>('regenerate');

  protected readonly enableForm = this.forms.group({
    code: ['', [Validators.required, Validators.pattern(TOTP_CODE)]],
  });
  protected readonly confirmForm = this.forms.group({
    password: ['', [Validators.required, Validators.maxLength(ACCOUNT_RULES.passwordMaxLength)]],
    code: ['', [Validators.required, Validators.maxLength(64)]],
  });

  protected startSetup(): void {
    this.run(this.api.setUp(), (setup) => this.showSetup(setup, false));
  }

  protected cancelSetup(): void {
    this.setup.set(null);
    this.replacing.set(false);
    this.error.set(null);
  }

  protected enable(): void {
    if (this.enableForm.invalid) {
      return;
    }
    const { code } = this.enableForm.getRawValue();
    const replaced = this.replacing();
    this.run(
      this.api.enable(code).pipe(switchMap((codes) => this.reloadUser().pipe(map(() => codes)))),
      (codes) => {
        this.setup.set(null);
        this.replacing.set(false);
        this.recoveryCodes.set(codes);
        this.done.set(
          replaced ? 'Your new authenticator is set up; the old one no longer works.' : null,
        );
      },
    );
  }

  /** One of the confirmed actions, with the password and a fresh code. */
  protected confirm(form: FormGroupDirective): void {
    if (this.confirmForm.invalid) {
      return;
    }
    const { password, code } = this.confirmForm.getRawValue();
    const confirmation: TwoFactorConfirmRequest = { password, code: code.replace(/\s+/g, '') };
    switch (this.action()) {
      case 'regenerate':
        this.run(
          this.api
            .regenerateRecoveryCodes(confirmation)
            .pipe(switchMap((codes) => this.reloadUser().pipe(map(() => codes)))),
          (codes) => {
            form.resetForm();
            this.recoveryCodes.set(codes);
            this.done.set('New recovery codes were generated; the old ones no longer work.');
          },
        );
        return;
      case 'replace':
        this.run(this.api.setUp(confirmation), (setup) => {
          form.resetForm();
          this.showSetup(setup, true);
        });
        return;
      case 'disable':
        this.run(this.api.disable(confirmation).pipe(switchMap(() => this.reloadUser())), () => {
          form.resetForm();
          this.done.set('Two-factor authentication is off.');
        });
        return;
    }
  }

  protected copyRecoveryCodes(): void {
    this.copied.set(this.clipboard.copy((this.recoveryCodes() ?? []).join('\n')));
  }

  /** The codes are not shown again once dismissed. */
  protected dismissRecoveryCodes(): void {
    this.recoveryCodes.set(null);
    this.copied.set(false);
  }

  private showSetup(setup: TwoFactorSetup, replacing: boolean): void {
    this.done.set(null);
    this.setup.set(setup);
    this.replacing.set(replacing);
    this.enableForm.reset();
  }

  private reloadUser(): Observable<unknown> {
    return this.auth.loadCurrentUser();
  }

  private run<T>(request: Observable<T>, then: (value: T) => void): void {
    this.busy.set(true);
    this.error.set(null);
    this.done.set(null);
    request.subscribe({
      next: (value) => {
        this.busy.set(false);
        then(value);
      },
      error: (error: unknown) => {
        this.busy.set(false);
        this.error.set(apiErrorMessage(error, 'Two-factor authentication could not be changed.'));
      },
    });
  }
}
