import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ChangePasswordRequest,
  CurrentUser,
  LoginRequest,
  LoginResponse,
  RecoveryCodes,
  SwitchOrganizationRequest,
  TokenPair,
  TwoFactorSetup,
} from '@hyperion/contracts';
import { AUTH_ROUTES, ORGANIZATION_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

import { skipAuth } from './http-context';

/** HTTP access to `/api/v1/auth/*`. No state: the session lives in `AuthService`. */
@Injectable({ providedIn: 'root' })
export class AuthApi {
  private readonly http = inject(HttpClient);

  login(request: LoginRequest): Observable<LoginResponse> {
    return this.http.post<LoginResponse>(AUTH_ROUTES.login, request, { context: skipAuth() });
  }

  completeTwoFactor(challenge: string, code: string): Observable<TokenPair> {
    return this.http.post<TokenPair>(
      AUTH_ROUTES.twoFactor,
      { challenge, code },
      { context: skipAuth() },
    );
  }

  refresh(refreshToken: string): Observable<TokenPair> {
    return this.http.post<TokenPair>(
      AUTH_ROUTES.refresh,
      { refreshToken },
      { context: skipAuth() },
    );
  }

  /** Sent with the access token of the session being closed (it may already be cleared locally). */
  logout(accessToken: string, refreshToken: string): Observable<void> {
    return this.http.post<void>(
      AUTH_ROUTES.logout,
      { refreshToken },
      {
        context: skipAuth(),
        headers: new HttpHeaders({ Authorization: `Bearer ${accessToken}` }),
      },
    );
  }

  me(): Observable<CurrentUser> {
    return this.http.get<CurrentUser>(AUTH_ROUTES.me, { cache: 'no-store' });
  }

  /** A new token pair acting in another of the user's organisations (the old session ends). */
  switchOrganization(organizationId: string): Observable<TokenPair> {
    const request: SwitchOrganizationRequest = { organizationId };
    return this.http.post<TokenPair>(ORGANIZATION_ROUTES.switch, request);
  }

  changePassword(request: ChangePasswordRequest): Observable<void> {
    return this.http.post<void>(AUTH_ROUTES.password, request);
  }

  setUpTwoFactor(): Observable<TwoFactorSetup> {
    return this.http.post<TwoFactorSetup>(AUTH_ROUTES.twoFactorSetup, {});
  }

  enableTwoFactor(code: string): Observable<RecoveryCodes> {
    return this.http.post<RecoveryCodes>(AUTH_ROUTES.twoFactorEnable, { code });
  }

  disableTwoFactor(code: string): Observable<void> {
    return this.http.post<void>(AUTH_ROUTES.twoFactorDisable, { code });
  }
}
