import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  RecoveryCodes,
  TwoFactorConfirmRequest,
  TwoFactorSetup,
  TwoFactorSetupRequest,
} from '@hyperion/contracts';
import { AUTH_ROUTES } from '@hyperion/contracts';
import { Observable, map } from 'rxjs';

/** The current user's second factor, over `/api/v1/auth/2fa/*` (the session's token is added by the interceptor). */
@Injectable({ providedIn: 'root' })
export class TwoFactorApi {
  private readonly http = inject(HttpClient);

  /**
   * A new secret to scan. While 2FA is off: no confirmation. While it is on (replacing the
   * authenticator, e.g. after losing the phone): the password and a fresh code, which may be a
   * recovery code.
   */
  setUp(confirmation?: TwoFactorConfirmRequest): Observable<TwoFactorSetup> {
    const body: TwoFactorSetupRequest = confirmation ?? {};
    return this.http.post<TwoFactorSetup>(AUTH_ROUTES.twoFactorSetup, body);
  }

  /** Confirms the scanned secret with its first code; answers the recovery codes (shown once). */
  enable(code: string): Observable<string[]> {
    return this.http
      .post<RecoveryCodes>(AUTH_ROUTES.twoFactorEnable, { code })
      .pipe(map((answer) => answer.recoveryCodes));
  }

  disable(confirmation: TwoFactorConfirmRequest): Observable<void> {
    return this.http.post<void>(AUTH_ROUTES.twoFactorDisable, confirmation);
  }

  /** A new set of recovery codes; the old ones stop working. */
  regenerateRecoveryCodes(confirmation: TwoFactorConfirmRequest): Observable<string[]> {
    return this.http
      .post<RecoveryCodes>(AUTH_ROUTES.recoveryCodes, confirmation)
      .pipe(map((answer) => answer.recoveryCodes));
  }
}
