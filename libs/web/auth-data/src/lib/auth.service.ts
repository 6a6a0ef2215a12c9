import { HttpErrorResponse, HttpStatusCode } from '@angular/common/http';
import { DestroyRef, Injectable, computed, inject, signal } from '@angular/core';
import { Router } from '@angular/router';
import type {
  ActiveOrganization,
  AnyPermission,
  ChangePasswordRequest,
  CurrentUser,
  LoginRequest,
  LoginResponse,
  MyOrganization,
  TokenPair,
  TwoFactorChallenge,
} from '@hyperion/contracts';
import {
  Observable,
  catchError,
  finalize,
  map,
  of,
  shareReplay,
  switchMap,
  tap,
  throwError,
} from 'rxjs';

import { AuthApi } from './auth-api';
import { StoredSession, TokenStore } from './token-store';

/** Result of the password step of a login. */
export type LoginStep =
  | { readonly kind: 'signed-in'; readonly mustChangePassword: boolean }
  | { readonly kind: 'two-factor'; readonly challenge: string };

/** Refresh the access token this long before it expires (and never sooner than 5 s from now). */
const REFRESH_AHEAD_MS = 60_000;
const MIN_REFRESH_DELAY_MS = 5_000;

function isChallenge(response: LoginResponse): response is TwoFactorChallenge {
  return 'twoFactorRequired' in response && response.twoFactorRequired === true;
}

/** A refresh answered with one of these means the session is over (not a passing failure). */
const SESSION_OVER_STATUSES: readonly number[] = [
  HttpStatusCode.BadRequest,
  HttpStatusCode.Unauthorized,
  HttpStatusCode.Forbidden,
];

/**
 * The console's session: tokens (kept in sessionStorage), the current user, their permissions and
 * organisations, as signals. Refreshes the access token shortly before it expires and when the
 * interceptor meets a 401 (one refresh at a time: concurrent callers share it). Rotating refresh
 * tokens: every refresh stores the new one. Switching organisation replaces the session.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(AuthApi);
  private readonly store = inject(TokenStore);
  private readonly router = inject(Router);

  private readonly session = signal<StoredSession | null>(this.store.read());
  private readonly user = signal<CurrentUser | null>(null);
  private refreshing: Observable<string> | null = null;
  private restoring: Observable<boolean> | null = null;
  private refreshTimer: ReturnType<typeof setTimeout> | undefined;

  /** The access token to send, or null when logged out. */
  readonly accessToken = computed(() => this.session()?.accessToken ?? null);
  readonly isAuthenticated = computed(() => this.session() !== null);
  /** The logged-in user, once `GET /auth/me` answered. */
  readonly currentUser = this.user.asReadonly();
  /** In the active organisation, plus instance-level ones (`platform:admin`). */
  readonly permissions = computed<readonly AnyPermission[]>(() => this.user()?.permissions ?? []);
  /** The organisation this session acts in (null: none, for a platform administrator only). */
  readonly organization = computed<ActiveOrganization | null>(
    () => this.user()?.organization ?? null,
  );
  /** Every organisation the user belongs to, with their roles there. */
  readonly organizations = computed<readonly MyOrganization[]>(
    () => this.user()?.organizations ?? [],
  );
  /** Until the user chose a new password, the API refuses everything else. */
  readonly mustChangePassword = computed(
    () => this.user()?.mustChangePassword ?? this.session()?.mustChangePassword ?? false,
  );
  /** The token for the realtime connection: none while logged out or before a password change. */
  readonly socketToken = computed(() => (this.mustChangePassword() ? null : this.accessToken()));

  constructor() {
    const restored = this.session();
    if (restored) {
      this.scheduleRefresh(restored.accessTokenExpiresAt);
    }
    inject(DestroyRef).onDestroy(() => clearTimeout(this.refreshTimer));
  }

  /** Whether the current user holds `permission` (reactive when read inside a computed/template). */
  hasPermission(permission: AnyPermission): boolean {
    return this.permissions().includes(permission);
  }

  /** Password step. Signs in, or asks for the second factor. */
  login(request: LoginRequest): Observable<LoginStep> {
    return this.api
      .login(request)
      .pipe(
        switchMap((response) =>
          isChallenge(response)
            ? of<LoginStep>({ kind: 'two-factor', challenge: response.challenge })
            : this.startSession(response),
        ),
      );
  }

  /** Second step: a TOTP code or a recovery code. */
  completeTwoFactor(challenge: string, code: string): Observable<LoginStep> {
    return this.api
      .completeTwoFactor(challenge, code)
      .pipe(switchMap((pair) => this.startSession(pair)));
  }

  /**
   * Makes sure the user is known (after a page load the tokens are restored but the user is
   * not): true when there is a usable session. Concurrent callers share one request.
   */
  restore(): Observable<boolean> {
    if (!this.session()) {
      return of(false);
    }
    if (this.user()) {
      return of(true);
    }
    this.restoring ??= this.loadCurrentUser().pipe(
      map(() => this.session() !== null),
      catchError(() => of(false)),
      finalize(() => (this.restoring = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.restoring;
  }

  /** `GET /auth/me` into `currentUser`. */
  loadCurrentUser(): Observable<CurrentUser> {
    return this.api.me().pipe(tap((user) => this.user.set(user)));
  }

  /**
   * A new access token, from the refresh token. Only one refresh runs at a time; callers arriving
   * meanwhile get the same result. When the API refuses the refresh token the session ends.
   */
  refresh(): Observable<string> {
    const refreshToken = this.session()?.refreshToken;
    if (!refreshToken) {
      return throwError(() => new Error('Not logged in'));
    }
    // An organisation switch may replace the session while this refresh is under way: then the
    // answer (or the refusal) concerns a session that is over, and the new one stays.
    const replaced = () => this.session()?.refreshToken !== refreshToken;
    this.refreshing ??= this.api.refresh(refreshToken).pipe(
      map((pair) => {
        if (!replaced()) {
          this.storeTokens(pair);
          return pair.accessToken;
        }
        const current = this.accessToken();
        if (!current) {
          throw new Error('Logged out during the refresh');
        }
        return current;
      }),
      catchError((error: unknown) => {
        if (
          error instanceof HttpErrorResponse &&
          SESSION_OVER_STATUSES.includes(error.status) &&
          !replaced()
        ) {
          this.endSession(true);
        }
        return throwError(() => error);
      }),
      finalize(() => (this.refreshing = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.refreshing;
  }

  /**
   * Acts in another of the user's organisations. The API answers with the tokens of a new session
   * (it revokes this one and closes its sockets); they are stored, then the user is reloaded:
   * roles, permissions and the active organisation change with it. The realtime socket follows
   * `socketToken`, so it reconnects with the new token. When the API refuses, the session stays
   * as it was and the error is passed on.
   */
  switchOrganization(organizationId: string): Observable<CurrentUser> {
    return this.api.switchOrganization(organizationId).pipe(
      tap((pair) => this.storeTokens(pair)),
      switchMap(() => this.loadCurrentUser()),
    );
  }

  /**
   * Sets a new password. This session stays valid (the API ends the user's other sessions); the
   * user is reloaded, which lifts a pending "must change password".
   */
  changePassword(request: ChangePasswordRequest): Observable<void> {
    return this.api.changePassword(request).pipe(
      tap(() => this.clearPasswordChangeMark()),
      switchMap(() => this.loadCurrentUser()),
      map(() => undefined),
    );
  }

  /** Ends the session here at once, tells the API (revoking the refresh token), shows /login. */
  logout(): void {
    const session = this.session();
    this.endSession(false);
    if (session) {
      this.api.logout(session.accessToken, session.refreshToken).subscribe({
        error: () => undefined, // the local session is gone either way
      });
    }
  }

  private startSession(pair: TokenPair): Observable<LoginStep> {
    this.user.set(null);
    this.storeTokens(pair);
    const step: LoginStep = { kind: 'signed-in', mustChangePassword: pair.mustChangePassword };
    // `GET /auth/me` is among the few calls the API allows before a forced password change.
    return this.loadCurrentUser().pipe(map(() => step));
  }

  private clearPasswordChangeMark(): void {
    const session = this.session();
    if (session?.mustChangePassword) {
      const updated = { ...session, mustChangePassword: false };
      this.store.write(updated);
      this.session.set(updated);
    }
  }

  private storeTokens(pair: TokenPair): void {
    const session: StoredSession = {
      accessToken: pair.accessToken,
      refreshToken: pair.refreshToken,
      accessTokenExpiresAt: Date.now() + pair.expiresIn * 1000,
      mustChangePassword: pair.mustChangePassword,
    };
    this.store.write(session);
    this.session.set(session);
    this.scheduleRefresh(session.accessTokenExpiresAt);
  }

  private scheduleRefresh(expiresAt: number): void {
    clearTimeout(this.refreshTimer);
    const delay = Math.max(MIN_REFRESH_DELAY_MS, expiresAt - REFRESH_AHEAD_MS - Date.now());
    this.refreshTimer = setTimeout(() => {
      this.refresh().subscribe({ error: () => undefined });
    }, delay);
  }

  /** Forgets the session; `expired` sends the user to /login with a way back to where they were. */
  private endSession(expired: boolean): void {
    clearTimeout(this.refreshTimer);
    this.store.clear();
    this.session.set(null);
    this.user.set(null);
    const returnUrl = this.router.url;
    void this.router.navigate(['/login'], {
      queryParams:
        expired && returnUrl && !returnUrl.startsWith('/login') ? { returnUrl } : undefined,
    });
  }
}
