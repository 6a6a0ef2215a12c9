import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { AUTH_ROUTES, CurrentUser, ORGANIZATION_ROUTES, TokenPair } from '@hyperion/contracts';

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
  organization: { id: 'org-default', name: 'Default', slug: 'default' },
  organizations: [
    { id: 'org-default', name: 'Default', slug: 'default', roles: ['viewer'] },
    { id: 'org-beta', name: 'Beta', slug: 'beta', roles: ['admin'] },
  ],
};

/** The same user after switching to Beta, where they are an admin. */
const viewerInBeta: CurrentUser = {
  ...viewer,
  roles: ['admin'],
  permissions: ['users:admin', 'audit:read'],
  organization: { id: 'org-beta', name: 'Beta', slug: 'beta' },
};

const betaPair: TokenPair = {
  accessToken: 'access-beta',
  refreshToken: 'refresh-beta',
  expiresIn: 900,
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

  describe('switchOrganization', () => {
    function signedIn(): AuthService {
      const auth = setUp();
      auth.login({ username: 'vera', password: 'pw' }).subscribe();
      backend.expectOne(AUTH_ROUTES.login).flush(pair);
      backend.expectOne(AUTH_ROUTES.me).flush(viewer);
      return auth;
    }

    it('stores the new session, reloads the user, and hands the socket the new token', () => {
      const auth = signedIn();
      expect(auth.organization()?.name).toBe('Default');
      let switched: CurrentUser | undefined;

      auth.switchOrganization('org-beta').subscribe((user) => (switched = user));
      const request = backend.expectOne(ORGANIZATION_ROUTES.switch);
      expect(request.request.method).toBe('POST');
      expect(request.request.body).toEqual({ organizationId: 'org-beta' });
      expect(request.request.headers.get('Authorization')).toBe('Bearer access-1');
      request.flush(betaPair);
      const me = backend.expectOne(AUTH_ROUTES.me);
      expect(me.request.headers.get('Authorization')).toBe('Bearer access-beta');
      me.flush(viewerInBeta);

      expect(switched?.organization?.slug).toBe('beta');
      expect(auth.organization()).toEqual({ id: 'org-beta', name: 'Beta', slug: 'beta' });
      expect(auth.organizations().map((o) => o.name)).toEqual(['Default', 'Beta']);
      expect(auth.hasPermission('users:admin')).toBe(true);
      expect(store.session?.accessToken).toBe('access-beta');
      expect(store.session?.refreshToken).toBe('refresh-beta');
      expect(auth.socketToken()).toBe('access-beta');
    });

    it('keeps the session as it was when the API refuses, and passes the error on', () => {
      const auth = signedIn();
      let status = 0;

      auth
        .switchOrganization('org-gone')
        .subscribe({ error: (e: { status: number }) => (status = e.status) });
      backend
        .expectOne(ORGANIZATION_ROUTES.switch)
        .flush(
          { statusCode: 403, error: 'Forbidden', message: 'Not a member of this organisation' },
          { status: 403, statusText: 'Forbidden' },
        );

      expect(status).toBe(403);
      expect(auth.isAuthenticated()).toBe(true);
      expect(auth.organization()?.name).toBe('Default');
      expect(store.session?.accessToken).toBe('access-1');
      expect(auth.socketToken()).toBe('access-1');
    });

    it('does not let a late refresh of the replaced session overwrite the new one', () => {
      const auth = signedIn();
      let refreshed: string | undefined;
      auth.refresh().subscribe((token) => (refreshed = token));
      const lateRefresh = backend.expectOne(AUTH_ROUTES.refresh);

      auth.switchOrganization('org-beta').subscribe();
      backend.expectOne(ORGANIZATION_ROUTES.switch).flush(betaPair);
      backend.expectOne(AUTH_ROUTES.me).flush(viewerInBeta);
      lateRefresh.flush({ ...pair, accessToken: 'access-2', refreshToken: 'refresh-2' });

      expect(refreshed).toBe('access-beta');
      expect(store.session?.refreshToken).toBe('refresh-beta');
      expect(auth.socketToken()).toBe('access-beta');
    });

    it("does not log the user out when the replaced session's refresh token is refused", async () => {
      const auth = signedIn();
      auth.refresh().subscribe({ error: () => undefined });
      const lateRefresh = backend.expectOne(AUTH_ROUTES.refresh);

      auth.switchOrganization('org-beta').subscribe();
      backend.expectOne(ORGANIZATION_ROUTES.switch).flush(betaPair);
      backend.expectOne(AUTH_ROUTES.me).flush(viewerInBeta);
      lateRefresh.flush(
        { statusCode: 401, error: 'Unauthorized', message: 'Session revoked' },
        { status: 401, statusText: 'Unauthorized' },
      );
      await new Promise((resolve) => setTimeout(resolve));

      expect(auth.isAuthenticated()).toBe(true);
      expect(store.session?.accessToken).toBe('access-beta');
      expect(auth.organization()?.name).toBe('Beta');
    });
  });
});
