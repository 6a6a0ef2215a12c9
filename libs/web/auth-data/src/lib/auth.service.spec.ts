import { provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import {
  AUTH_ROUTES,
  CSRF_HEADER,
  CurrentUser,
  ORGANIZATION_ROUTES,
  TokenPair,
} from '@hyperion/contracts';

import { authInterceptor } from './auth.interceptor';
import { AuthService, LoginStep, SESSION_ENDED_MESSAGES } from './auth.service';
import { SessionTabs } from './session-tabs';
import { FakeSessionTabs } from './session-tabs.fake';

@Component({ template: '' })
class Blank {}

const pair: TokenPair = { accessToken: 'access-1', expiresIn: 900, mustChangePassword: false };

const viewer: CurrentUser = {
  id: 'u2',
  username: 'vera',
  email: 'vera@example.com',
  displayName: 'Vera Viewer',
  roles: ['viewer'],
  permissions: ['incidents:read', 'monitoring:read'],
  twoFactorEnabled: false,
  recoveryCodesRemaining: 0,
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
  expiresIn: 900,
  mustChangePassword: false,
};

const unauthorized = { status: 401, statusText: 'Unauthorized' };
const noContent = { status: 204, statusText: 'No Content' };
const settle = () => new Promise((resolve) => setTimeout(resolve));

describe('AuthService', () => {
  let tabs: FakeSessionTabs;
  let backend: HttpTestingController;

  function setUp(): AuthService {
    sessionStorage.clear();
    localStorage.clear();
    tabs = new FakeSessionTabs();
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', component: Blank }]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: SessionTabs, useValue: tabs },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    return TestBed.inject(AuthService);
  }

  function signedIn(): AuthService {
    const auth = setUp();
    auth.login({ username: 'vera', password: 'pw' }).subscribe();
    backend.expectOne(AUTH_ROUTES.login).flush(pair);
    backend.expectOne(AUTH_ROUTES.me).flush(viewer);
    tabs.posted.length = 0;
    return auth;
  }

  /** The refresh as the console must send it: no body, the cookie (same origin), the CSRF header. */
  function expectCookieRefresh() {
    const refresh = backend.expectOne(AUTH_ROUTES.refresh);
    expect(refresh.request.method).toBe('POST');
    expect(refresh.request.body).toBeNull();
    expect(refresh.request.headers.get(CSRF_HEADER)).toBe('1');
    expect(refresh.request.headers.has('Authorization')).toBe(false);
    expect(refresh.request.credentials).toBe('same-origin');
    return refresh;
  }

  afterEach(() => backend.verify());

  it('keeps the access token of a login in memory only, loads the user, tells the other tabs', () => {
    const auth = setUp();
    let step: LoginStep | undefined;

    auth.login({ username: 'vera', password: 'pw' }).subscribe((s) => (step = s));
    backend.expectOne(AUTH_ROUTES.login).flush(pair);
    const me = backend.expectOne(AUTH_ROUTES.me);
    expect(me.request.headers.get('Authorization')).toBe('Bearer access-1');
    me.flush(viewer);

    expect(step).toEqual({ kind: 'signed-in', mustChangePassword: false });
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.currentUser()?.displayName).toBe('Vera Viewer');
    expect(auth.hasPermission('monitoring:read')).toBe(true);
    expect(auth.hasPermission('users:admin')).toBe(false);
    expect(auth.socketToken()).toBe('access-1');
    // Nothing a script (an XSS) could read back from storage.
    expect(sessionStorage.length).toBe(0);
    expect(localStorage.length).toBe(0);
    expect(tabs.posted).toEqual([
      {
        kind: 'signed-in',
        token: {
          accessToken: 'access-1',
          expiresAt: expect.any(Number),
          mustChangePassword: false,
        },
      },
    ]);
  });

  it('keeps nothing after the password step of a 2FA account, then signs in with the code', () => {
    const auth = setUp();
    let step: LoginStep | undefined;

    auth.login({ email: 'vera@example.com', password: 'pw' }).subscribe((s) => (step = s));
    backend.expectOne(AUTH_ROUTES.login).flush({ twoFactorRequired: true, challenge: 'ch' });
    expect(step).toEqual({ kind: 'two-factor', challenge: 'ch' });
    expect(auth.isAuthenticated()).toBe(false);
    expect(tabs.posted).toEqual([]);

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
    backend.expectOne(AUTH_ROUTES.password).flush(null, noContent);
    backend.expectOne(AUTH_ROUTES.me).flush(viewer);

    expect(auth.mustChangePassword()).toBe(false);
    expect(auth.socketToken()).toBe('access-1');
  });

  it('restores the session after a page load from the refresh cookie, once for concurrent callers', () => {
    const auth = setUp();
    let restored: boolean | undefined;

    auth.restore().subscribe((ok) => (restored = ok));
    auth.restore().subscribe();
    expectCookieRefresh().flush({ ...pair, accessToken: 'access-9' });
    const me = backend.expectOne(AUTH_ROUTES.me);
    expect(me.request.headers.get('Authorization')).toBe('Bearer access-9');
    me.flush(viewer);

    expect(restored).toBe(true);
    expect(auth.accessToken()).toBe('access-9');
    expect(auth.currentUser()?.username).toBe('vera');
    expect(tabs.posted).toEqual([
      { kind: 'refreshed', token: expect.objectContaining({ accessToken: 'access-9' }) },
    ]);
  });

  it('without a live cookie: not signed in, no message, and the cookie is not asked twice', async () => {
    const auth = setUp();
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/login');
    let restored: boolean | undefined;

    auth.restore().subscribe((ok) => (restored = ok));
    expectCookieRefresh().flush(
      { statusCode: 401, message: 'No session cookie (hyperion_refresh): sign in again' },
      unauthorized,
    );
    await settle();

    expect(restored).toBe(false);
    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.sessionEndedMessage()).toBeNull();
    expect(router.url).toBe('/login');
    auth.restore().subscribe((ok) => (restored = ok));
    backend.expectNone(AUTH_ROUTES.refresh);
    expect(restored).toBe(false);
  });

  it('signs out at once, here and in the other tabs, and at the API with the cookie', async () => {
    const auth = signedIn();

    auth.logout();
    await settle();

    expect(auth.isAuthenticated()).toBe(false);
    expect(tabs.posted).toEqual([{ kind: 'signed-out', reason: 'logout' }]);
    const logout = backend.expectOne(AUTH_ROUTES.logout);
    expect(logout.request.body).toBeNull();
    expect(logout.request.headers.get(CSRF_HEADER)).toBe('1');
    expect(logout.request.headers.get('Authorization')).toBe('Bearer access-1');
    expect(logout.request.credentials).toBe('same-origin');
    logout.flush(null, noContent);
    expect(TestBed.inject(Router).url).toBe('/login');
    expect(auth.sessionEndedMessage()).toBeNull();
  });

  it('ends the session, with a message, when the refresh is refused, and tells the other tabs', async () => {
    const auth = signedIn();
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/incidents');

    auth.refresh().subscribe({ error: () => undefined });
    expectCookieRefresh().flush(
      { statusCode: 401, message: 'Refresh token was already used; the session is revoked' },
      unauthorized,
    );
    await settle();

    expect(auth.isAuthenticated()).toBe(false);
    expect(router.url).toBe('/login?returnUrl=%2Fincidents');
    expect(auth.sessionEndedMessage()).toBe(SESSION_ENDED_MESSAGES.expired);
    expect(tabs.posted).toEqual([{ kind: 'signed-out', reason: 'expired' }]);
  });

  describe('with other tabs', () => {
    it('takes the token another tab refreshed, without refreshing itself', () => {
      const auth = signedIn();
      tabs.receive({
        kind: 'refreshed',
        token: {
          accessToken: 'access-2',
          expiresAt: Date.now() + 900_000,
          mustChangePassword: false,
        },
      });

      expect(auth.accessToken()).toBe('access-2');
      backend.expectNone(AUTH_ROUTES.refresh);
    });

    it('waits for the lock while another tab refreshes, then uses the token it shared', () => {
      const auth = signedIn();
      tabs.holdLock();
      let token: string | undefined;

      auth.refresh().subscribe((t) => (token = t));
      backend.expectNone(AUTH_ROUTES.refresh);
      tabs.receive({
        kind: 'refreshed',
        token: {
          accessToken: 'access-2',
          expiresAt: Date.now() + 900_000,
          mustChangePassword: false,
        },
      });
      tabs.releaseLock();

      expect(token).toBe('access-2');
      backend.expectNone(AUTH_ROUTES.refresh);
      expect(tabs.posted).toEqual([]);
    });

    it('refreshes itself after the lock when the other tab shared nothing usable', () => {
      const auth = signedIn();
      tabs.holdLock();
      let token: string | undefined;

      auth.refresh().subscribe((t) => (token = t));
      backend.expectNone(AUTH_ROUTES.refresh);
      tabs.releaseLock();
      expectCookieRefresh().flush({ ...pair, accessToken: 'access-3' });

      expect(token).toBe('access-3');
    });

    it('is signed out, with a message, when another tab signs out', async () => {
      const auth = signedIn();
      const router = TestBed.inject(Router);
      await router.navigateByUrl('/health');

      tabs.receive({ kind: 'signed-out', reason: 'logout' });
      await settle();

      expect(auth.isAuthenticated()).toBe(false);
      expect(auth.currentUser()).toBeNull();
      expect(router.url).toBe('/login?returnUrl=%2Fhealth');
      expect(auth.sessionEndedMessage()).toBe(SESSION_ENDED_MESSAGES.elsewhere);
      backend.expectNone(AUTH_ROUTES.logout);
    });

    it('is signed in when another tab signs in, leaving the login page', async () => {
      const auth = setUp();
      const router = TestBed.inject(Router);
      await router.navigateByUrl('/login');

      tabs.receive({
        kind: 'signed-in',
        token: {
          accessToken: 'access-7',
          expiresAt: Date.now() + 900_000,
          mustChangePassword: false,
        },
      });
      const me = backend.expectOne(AUTH_ROUTES.me);
      expect(me.request.headers.get('Authorization')).toBe('Bearer access-7');
      me.flush(viewer);
      await settle();

      expect(auth.isAuthenticated()).toBe(true);
      expect(auth.currentUser()?.username).toBe('vera');
      expect(router.url).toBe('/');
    });
  });

  describe('switchOrganization', () => {
    it('keeps the new session, tells the other tabs, reloads the user, hands the socket the new token', () => {
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
      expect(auth.socketToken()).toBe('access-beta');
      expect(tabs.posted).toEqual([
        { kind: 'signed-in', token: expect.objectContaining({ accessToken: 'access-beta' }) },
      ]);
    });

    it('waits for a refresh under way in another tab before switching', () => {
      const auth = signedIn();
      tabs.holdLock();

      auth.switchOrganization('org-beta').subscribe();
      backend.expectNone(ORGANIZATION_ROUTES.switch);
      tabs.releaseLock();
      backend.expectOne(ORGANIZATION_ROUTES.switch).flush(betaPair);
      backend.expectOne(AUTH_ROUTES.me).flush(viewerInBeta);

      expect(auth.organization()?.slug).toBe('beta');
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
      expect(auth.socketToken()).toBe('access-1');
      expect(tabs.posted).toEqual([]);
    });

    it('does not let a late refresh of the replaced session overwrite the new one', () => {
      const auth = signedIn();
      let refreshed: string | undefined;
      auth.refresh().subscribe((token) => (refreshed = token));
      const lateRefresh = expectCookieRefresh();

      auth.switchOrganization('org-beta').subscribe();
      backend.expectOne(ORGANIZATION_ROUTES.switch).flush(betaPair);
      backend.expectOne(AUTH_ROUTES.me).flush(viewerInBeta);
      lateRefresh.flush({ ...pair, accessToken: 'access-2' });

      expect(refreshed).toBe('access-beta');
      expect(auth.socketToken()).toBe('access-beta');
    });

    it("does not log the user out when the replaced session's refresh is refused", async () => {
      const auth = signedIn();
      auth.refresh().subscribe({ error: () => undefined });
      const lateRefresh = expectCookieRefresh();

      auth.switchOrganization('org-beta').subscribe();
      backend.expectOne(ORGANIZATION_ROUTES.switch).flush(betaPair);
      backend.expectOne(AUTH_ROUTES.me).flush(viewerInBeta);
      lateRefresh.flush(
        { statusCode: 401, error: 'Unauthorized', message: 'Session revoked' },
        unauthorized,
      );
      await settle();

      expect(auth.isAuthenticated()).toBe(true);
      expect(auth.accessToken()).toBe('access-beta');
      expect(auth.organization()?.name).toBe('Beta');
    });
  });
});
