import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { AUTH_ROUTES, CurrentUser, TokenPair } from '@hyperion/contracts';

import { authInterceptor } from './auth.interceptor';
import { AuthService, LoginStep } from './auth.service';
import { StoredSession, TokenStore } from './token-store';

class MemoryTokenStore implements Pick<TokenStore, 'read' | 'write' | 'clear'> {
  session: StoredSession | null = null;
  read(): StoredSession | null {
    return this.session;
  }
  write(session: StoredSession): void {
    this.session = session;
  }
  clear(): void {
    this.session = null;
  }
}

@Component({ template: '' })
class Blank {}

const pair: TokenPair = {
  accessToken: 'access-1',
  refreshToken: 'refresh-1',
  expiresIn: 900,
  mustChangePassword: false,
};

const viewer: CurrentUser = {
  id: 'u2',
  username: 'vera',
  email: 'vera@example.com',
  displayName: 'Vera Viewer',
  roles: ['viewer'],
  permissions: ['incidents:read', 'monitoring:read'],
  twoFactorEnabled: false,
  mustChangePassword: false,
};

describe('AuthService', () => {
  let store: MemoryTokenStore;
  let backend: HttpTestingController;

  function setUp(session: StoredSession | null = null): AuthService {
    store = new MemoryTokenStore();
    store.session = session;
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', component: Blank }]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: TokenStore, useValue: store },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    return TestBed.inject(AuthService);
  }

  afterEach(() => backend.verify());

  it('stores the tokens of a login and loads the user and their permissions', () => {
    const auth = setUp();
    let step: LoginStep | undefined;

    auth.login({ username: 'vera', password: 'pw' }).subscribe((s) => (step = s));
    backend.expectOne(AUTH_ROUTES.login).flush(pair);
    const me = backend.expectOne(AUTH_ROUTES.me);
    expect(me.request.headers.get('Authorization')).toBe('Bearer access-1');
    me.flush(viewer);

    expect(step).toEqual({ kind: 'signed-in', mustChangePassword: false });
    expect(store.session?.refreshToken).toBe('refresh-1');
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.currentUser()?.displayName).toBe('Vera Viewer');
    expect(auth.hasPermission('monitoring:read')).toBe(true);
    expect(auth.hasPermission('users:admin')).toBe(false);
    expect(auth.socketToken()).toBe('access-1');
  });

  it('keeps nothing after the password step of a 2FA account, then signs in with the code', () => {
    const auth = setUp();
    let step: LoginStep | undefined;

    auth.login({ email: 'vera@example.com', password: 'pw' }).subscribe((s) => (step = s));
    backend.expectOne(AUTH_ROUTES.login).flush({ twoFactorRequired: true, challenge: 'ch' });
    expect(step).toEqual({ kind: 'two-factor', challenge: 'ch' });
    expect(auth.isAuthenticated()).toBe(false);

    auth.completeTwoFactor('ch', '123456').subscribe((s) => (step = s));
    const twoFactor = backend.expectOne(AUTH_ROUTES.twoFactor);
    expect(twoFactor.request.body).toEqual({ challenge: 'ch', code: '123456' });
    twoFactor.flush(pair);
    backend.expectOne(AUTH_ROUTES.me).flush(viewer);

    expect(step).toEqual({ kind: 'signed-in', mustChangePassword: false });
    expect(auth.isAuthenticated()).toBe(true);
  });

  it('holds back the socket until a forced password change is done', () => {
    const auth = setUp();

    auth.login({ username: 'admin', password: 'generated' }).subscribe();
    backend.expectOne(AUTH_ROUTES.login).flush({ ...pair, mustChangePassword: true });
    backend.expectOne(AUTH_ROUTES.me).flush({ ...viewer, mustChangePassword: true });
    expect(auth.mustChangePassword()).toBe(true);
    expect(auth.socketToken()).toBeNull();

    auth
      .changePassword({ currentPassword: 'generated', newPassword: 'a-much-better-one' })
      .subscribe();
    backend.expectOne(AUTH_ROUTES.password).flush(null, { status: 204, statusText: 'No Content' });
    backend.expectOne(AUTH_ROUTES.me).flush(viewer);

    expect(auth.mustChangePassword()).toBe(false);
    expect(store.session?.mustChangePassword).toBe(false);
    expect(auth.socketToken()).toBe('access-1');
  });

  it('restores the user after a page load from the stored tokens', () => {
    const auth = setUp({
      accessToken: 'access-9',
      refreshToken: 'refresh-9',
      accessTokenExpiresAt: Date.now() + 600_000,
      mustChangePassword: false,
    });
    let restored: boolean | undefined;

    auth.restore().subscribe((ok) => (restored = ok));
    auth.restore().subscribe();
    backend.expectOne(AUTH_ROUTES.me).flush(viewer);

    expect(restored).toBe(true);
    expect(auth.currentUser()?.username).toBe('vera');
  });

  it('logs out at once, revoking the refresh token at the API', async () => {
    const auth = setUp({
      accessToken: 'access-1',
      refreshToken: 'refresh-1',
      accessTokenExpiresAt: Date.now() + 600_000,
      mustChangePassword: false,
    });

    auth.logout();
    await new Promise((resolve) => setTimeout(resolve));

    expect(auth.isAuthenticated()).toBe(false);
    expect(store.session).toBeNull();
    const logout = backend.expectOne(AUTH_ROUTES.logout);
    expect(logout.request.body).toEqual({ refreshToken: 'refresh-1' });
    expect(logout.request.headers.get('Authorization')).toBe('Bearer access-1');
    logout.flush(null, { status: 204, statusText: 'No Content' });
    expect(TestBed.inject(Router).url).toBe('/login');
  });
});
