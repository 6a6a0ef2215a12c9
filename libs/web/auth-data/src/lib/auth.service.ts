import { HttpErrorResponse, HttpStatusCode } from '@angular/common/http';
import { DestroyRef, Injectable, Signal, computed, inject, signal } from '@angular/core';
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
  defer,
  finalize,
  map,
  of,
  shareReplay,
  switchMap,
  tap,
  throwError,
  timeout,
} from 'rxjs';

import { AuthApi } from './auth-api';
import { SessionTabs, SharedAccessToken, TabMessage } from './session-tabs';

/** Result of the password step of a login. */
export type LoginStep =
  | { readonly kind: 'signed-in'; readonly mustChangePassword: boolean }
  | { readonly kind: 'two-factor'; readonly challenge: string };

/** Refresh the access token this long before it expires (and never sooner than 5 s from now). */
const REFRESH_AHEAD_MS = 60_000;
const MIN_REFRESH_DELAY_MS = 5_000;
/** A token another tab shared is used instead of refreshing when it is valid this much longer. */
const MIN_SHARED_VALIDITY_MS = 30_000;
/** A refresh that has not answered by then fails (and frees the tabs' session lock). */
const REFRESH_TIMEOUT_MS = 20_000;

/** Why the session ended without the user signing out in this tab: shown on the login page. */
export const SESSION_ENDED_MESSAGES = {
  expired:
    'Your session has ended: it expired or was signed out from another device. Sign in again to continue.',
  elsewhere: 'You signed out in another tab.',
} as const;

export type SessionEndReason = keyof typeof SESSION_ENDED_MESSAGES;

function isChallenge(response: LoginResponse): response is TwoFactorChallenge {
  return 'twoFactorRequired' in response && response.twoFactorRequired === true;
}

/** A refresh answered with one of these means the session is over (not a passing failure). */
const SESSION_OVER_STATUSES: readonly number[] = [
  HttpStatusCode.BadRequest,
  HttpStatusCode.Unauthorized,
  HttpStatusCode.Forbidden,
];

const sessionOver = (error: unknown): boolean =>
  error instanceof HttpErrorResponse && SESSION_OVER_STATUSES.includes(error.status);

const shared = (pair: TokenPair): SharedAccessToken => ({
  accessToken: pair.accessToken,
  expiresAt: Date.now() + pair.expiresIn * 1000,
  mustChangePassword: pair.mustChangePassword,
});

/**
 * The console's session: the access token (in memory only; never in sessionStorage or
 * localStorage), the current user, their permissions and organisations, as signals. The refresh
 * token is an HttpOnly cookie the API sets and no script can read; a page load or a new tab
 * starts by refreshing with it (`restore()`), so a reload keeps the session.
 *
 * Refreshes happen shortly before the access token expires and when the interceptor meets a 401:
 * one at a time in this tab (concurrent callers share it) and across the browser's tabs (a Web
 * Lock, see `SessionTabs`), and the new access token is shared with the other tabs, so they need
 * not refresh themselves. Signing in, switching organisation and signing out reach every tab.
 */
@Injectable({ providedIn: 'root' })
export class AuthService {
  private readonly api = inject(AuthApi);
  private readonly tabs = inject(SessionTabs);
  private readonly router = inject(Router);

  private readonly session = signal<SharedAccessToken | null>(null);
  private readonly user = signal<CurrentUser | null>(null);
  private readonly endReason = signal<SessionEndReason | null>(null);
  /**
   * Bumped whenever this tab's session is replaced (sign-in, organisation switch) or ends: a
   * refresh begun before then answers for a session that is over, and must change nothing.
   */
  private generation = 0;
  private refreshing: Observable<string> | null = null;
  private restoring: Observable<boolean> | null = null;
  /** The refresh cookie was tried once in this tab: without a session since, it holds none. */
  private cookieTried = false;
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
  /**
   * Why the last session ended on its own (expired or revoked, or signed out in another tab), for
   * the login page; null after a sign-out here and once signed in again.
   */
  readonly sessionEndedMessage: Signal<string | null> = computed(() => {
    const reason = this.endReason();
    return reason ? SESSION_ENDED_MESSAGES[reason] : null;
  });

  constructor() {
    const messages = this.tabs.messages.subscribe((message) => this.fromOtherTab(message));
    inject(DestroyRef).onDestroy(() => {
      clearTimeout(this.refreshTimer);
      messages.unsubscribe();
    });
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
   * Makes sure the user is known: true when there is a usable session. After a page load (or in
   * a new tab) nothing is in memory yet: the refresh cookie, if the browser holds a live one,
   * gives the access token, then `GET /auth/me` the user. Concurrent callers share one attempt.
   */
  restore(): Observable<boolean> {
    if (this.session() && this.user()) {
      return of(true);
    }
    if (!this.session() && this.cookieTried && !this.restoring) {
      return of(false);
    }
    this.restoring ??= defer(() => (this.session() ? of(null) : this.refresh())).pipe(
      switchMap(() => this.loadCurrentUser()),
      map(() => this.session() !== null),
      catchError(() => of(false)),
      finalize(() => {
        this.restoring = null;
        this.cookieTried = true;
      }),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.restoring;
  }

  /** `GET /auth/me` into `currentUser`. */
  loadCurrentUser(): Observable<CurrentUser> {
    return this.api.me().pipe(tap((user) => this.user.set(user)));
  }

  /**
   * A new access token, from the refresh cookie. One refresh at a time in this tab (callers
   * arriving meanwhile share it) and in the browser (the tabs' session lock). A tab that waited
   * for the lock while another refreshed takes the token the other one shared instead. When the
   * API refuses, the session is over: every tab goes to the login page with a message.
   */
  refresh(): Observable<string> {
    this.refreshing ??= defer(() => {
      const generation = this.generation;
      const before = this.accessToken();
      const hadSession = before !== null;
      return this.tabs
        .exclusive(() => this.refreshHoldingLock(before, generation))
        .pipe(
          catchError((error: unknown) => {
            if (sessionOver(error) && hadSession && this.generation === generation) {
              this.endSession('expired');
              this.tabs.post({ kind: 'signed-out', reason: 'expired' });
            }
            return throwError(() => error);
          }),
        );
    }).pipe(
      finalize(() => (this.refreshing = null)),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    return this.refreshing;
  }

  /**
   * Acts in another of the user's organisations. The API answers with a new session (it revokes
   * this one, closes its sockets and sets the new refresh cookie); its token is kept and shared
   * with the other tabs, then the user is reloaded: roles, permissions and the active organisation
   * change with it. The realtime socket follows `socketToken`, so it reconnects with the new
   * token. Runs under the tabs' session lock, so no refresh of the old session (here or in another
   * tab) is under way to bring its cookie back. When the API refuses, the session stays as it was
   * and the error is passed on.
   */
  switchOrganization(organizationId: string): Observable<CurrentUser> {
    return this.freshAccessToken().pipe(
      switchMap((token) =>
        this.tabs.exclusive(() => this.api.switchOrganization(organizationId, token)),
      ),
      tap((pair) => {
        this.generation++;
        this.keep(shared(pair));
        this.tabs.post({ kind: 'signed-in', token: shared(pair) });
      }),
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

  /**
   * Signs out: ends the session here at once and in the other tabs, tells the API (which revokes
   * the session and clears the cookie), shows /login.
   */
  logout(): void {
    const token = this.accessToken();
    this.endSession(null);
    this.tabs.post({ kind: 'signed-out', reason: 'logout' });
    this.api.logout(token).subscribe({
      error: () => undefined, // the local session is gone either way
    });
  }

  private refreshHoldingLock(before: string | null, generation: number): Observable<string> {
    const now = this.session();
    if (now && now.accessToken !== before && now.expiresAt - Date.now() > MIN_SHARED_VALIDITY_MS) {
      // Another tab refreshed (or this one signed in) while this one waited for the lock.
      return of(now.accessToken);
    }
    return this.api.refresh().pipe(
      timeout(REFRESH_TIMEOUT_MS),
      map((pair) => {
        if (this.generation !== generation) {
          // An organisation switch or a sign-out replaced the session meanwhile: it stays.
          const current = this.accessToken();
          if (!current) {
            throw new Error('Signed out during the refresh');
          }
          return current;
        }
        this.keep(shared(pair));
        this.tabs.post({ kind: 'refreshed', token: shared(pair) });
        return pair.accessToken;
      }),
    );
  }

  /** The access token, refreshed first when it is about to expire. */
  private freshAccessToken(): Observable<string> {
    const now = this.session();
    return now && now.expiresAt - Date.now() > MIN_SHARED_VALIDITY_MS
      ? of(now.accessToken)
      : this.refresh();
  }

  private fromOtherTab(message: TabMessage): void {
    switch (message.kind) {
      case 'refreshed':
        // The same session (the cookie is shared): take its new token, no refresh of our own
        // (a refresh of ours waiting for the lock then uses it).
        if (this.session() || this.refreshing) {
          this.keep(message.token);
        }
        return;
      case 'signed-in':
        this.generation++;
        this.user.set(null);
        this.keep(message.token);
        this.loadCurrentUser().subscribe({
          next: () => {
            if (this.router.url.startsWith('/login')) {
              void this.router.navigateByUrl('/');
            }
          },
          error: () => undefined,
        });
        return;
      case 'signed-out':
        if (this.session()) {
          this.endSession(message.reason === 'logout' ? 'elsewhere' : 'expired');
        }
        return;
    }
  }

  private startSession(pair: TokenPair): Observable<LoginStep> {
    this.generation++;
    this.user.set(null);
    this.keep(shared(pair));
    this.tabs.post({ kind: 'signed-in', token: shared(pair) });
    const step: LoginStep = { kind: 'signed-in', mustChangePassword: pair.mustChangePassword };
    // `GET /auth/me` is among the few calls the API allows before a forced password change.
    return this.loadCurrentUser().pipe(map(() => step));
  }

  private clearPasswordChangeMark(): void {
    const session = this.session();
    if (session?.mustChangePassword) {
      this.session.set({ ...session, mustChangePassword: false });
    }
  }

  private keep(token: SharedAccessToken): void {
    this.endReason.set(null);
    this.session.set(token);
    this.scheduleRefresh(token.expiresAt);
  }

  private scheduleRefresh(expiresAt: number): void {
    clearTimeout(this.refreshTimer);
    const delay = Math.max(MIN_REFRESH_DELAY_MS, expiresAt - REFRESH_AHEAD_MS - Date.now());
    this.refreshTimer = setTimeout(() => {
      this.refresh().subscribe({ error: () => undefined });
    }, delay);
  }

  /**
   * Forgets the session and shows /login; `reason` (the session ended on its own) adds a message
   * there and a way back to where the user was.
   */
  private endSession(reason: SessionEndReason | null): void {
    this.generation++;
    clearTimeout(this.refreshTimer);
    this.session.set(null);
    this.user.set(null);
    this.endReason.set(reason);
    const returnUrl = this.router.url;
    void this.router.navigate(['/login'], {
      queryParams:
        reason && returnUrl && !returnUrl.startsWith('/login') ? { returnUrl } : undefined,
    });
  }
}
