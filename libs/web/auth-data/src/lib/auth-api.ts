import { HttpClient, HttpHeaders } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ChangePasswordRequest,
  CurrentUser,
  LoginRequest,
  LoginResponse,
  RecoveryCodes,
  SessionSummary,
  SwitchOrganizationRequest,
  TokenPair,
  TwoFactorSetup,
} from '@hyperion/contracts';
import { AUTH_ROUTES, CSRF_HEADER, ORGANIZATION_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

import { skipAuth } from './http-context';

/**
 * The cookie-authenticated calls (refresh, logout): the browser sends the HttpOnly refresh cookie
 * (same origin), and the CSRF header proves the request comes from the console's own script.
 */
const withRefreshCookie = (headers: Record<string, string> = {}) => ({
  context: skipAuth(),
  credentials: 'same-origin' as const,
  headers: new HttpHeaders({ [CSRF_HEADER]: '1', ...headers }),
});

/**
 * HTTP access to `/api/v1/auth/*`. No state: the session lives in `AuthService`. The refresh
 * token never passes through here: the API sets it as an HttpOnly cookie that no script reads.
 */
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

  /** A new access token for the session of the refresh cookie (which the API rotates). */
  refresh(): Observable<TokenPair> {
    return this.http.post<TokenPair>(AUTH_ROUTES.refresh, null, withRefreshCookie());
  }

  /**
   * Ends the session of the refresh cookie (the API clears it), and the one of `accessToken`
   * when given (it may already be cleared locally).
   */
  logout(accessToken: string | null): Observable<void> {
    return this.http.post<void>(
      AUTH_ROUTES.logout,
      null,
      withRefreshCookie(accessToken ? { Authorization: `Bearer ${accessToken}` } : {}),
    );
  }

  me(): Observable<CurrentUser> {
    return this.http.get<CurrentUser>(AUTH_ROUTES.me, { cache: 'no-store' });
  }

  /**
   * A new session acting in another of the user's organisations (the old one ends; the API sets
   * the new refresh cookie). Sent with `accessToken` as is: no refresh on a 401, since the switch
   * runs under the tabs' session lock (see `AuthService.switchOrganization`).
   */
  switchOrganization(organizationId: string, accessToken: string): Observable<TokenPair> {
    const request: SwitchOrganizationRequest = { organizationId };
    return this.http.post<TokenPair>(ORGANIZATION_ROUTES.switch, request, {
      context: skipAuth(),
      headers: new HttpHeaders({ Authorization: `Bearer ${accessToken}` }),
    });
  }

  /** The user's signed-in sessions (this one marked `current`). */
  sessions(): Observable<SessionSummary[]> {
    return this.http.get<SessionSummary[]>(AUTH_ROUTES.sessions, { cache: 'no-store' });
  }

  /** Ends one of the user's sessions everywhere (its tabs and sockets are signed out). */
  revokeSession(id: string): Observable<void> {
    return this.http.delete<void>(`${AUTH_ROUTES.sessions}/${encodeURIComponent(id)}`);
  }

  /** "Sign out everywhere else": every session but this one. */
  revokeOtherSessions(): Observable<void> {
    return this.http.post<void>(AUTH_ROUTES.sessionsRevokeOthers, null);
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
