import { HttpClient, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import {
  AUDIT_ROUTES,
  AUTH_ROUTES,
  CSRF_HEADER,
  CurrentUser,
  TokenPair,
} from '@hyperion/contracts';

import { authInterceptor } from './auth.interceptor';
import { AuthService } from './auth.service';
import { SessionTabs } from './session-tabs';
import { FakeSessionTabs } from './session-tabs.fake';

const initial: TokenPair = { accessToken: 'access-1', expiresIn: 600, mustChangePassword: false };
const rotated: TokenPair = { accessToken: 'access-2', expiresIn: 900, mustChangePassword: false };

const admin: CurrentUser = {
  id: 'u1',
  username: 'admin',
  email: 'admin@localhost',
  displayName: 'Administrator',
  roles: ['admin'],
  permissions: ['users:admin', 'audit:read'],
  twoFactorEnabled: false,
  recoveryCodesRemaining: 0,
  mustChangePassword: false,
  organization: { id: 'org-default', name: 'Default', slug: 'default' },
  organizations: [{ id: 'org-default', name: 'Default', slug: 'default', roles: ['admin'] }],
};

@Component({ template: '' })
class Blank {}

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let auth: AuthService;

  /** A console tab, signed in with `session` (a login answered), or not signed in. */
  function setUp(session: TokenPair | null): void {
    TestBed.configureTestingModule({
      providers: [
        provideRouter([{ path: '**', component: Blank }]),
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        { provide: SessionTabs, useValue: new FakeSessionTabs() },
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    auth = TestBed.inject(AuthService);
    if (session) {
      auth.login({ username: 'admin', password: 'pw' }).subscribe();
      backend.expectOne(AUTH_ROUTES.login).flush(session);
      backend.expectOne(AUTH_ROUTES.me).flush(admin);
    }
  }

  const unauthorized = { status: 401, statusText: 'Unauthorized' };

  afterEach(() => backend.verify());

  it('sends the access token to the API only', () => {
    setUp(initial);

    http.get(AUTH_ROUTES.users).subscribe();
    http.get('/health').subscribe();

    expect(backend.expectOne(AUTH_ROUTES.users).request.headers.get('Authorization')).toBe(
      'Bearer access-1',
    );
    expect(backend.expectOne('/health').request.headers.has('Authorization')).toBe(false);
  });

  it('refreshes once for concurrent 401s (with the cookie), keeps the new token and retries each request', () => {
    setUp(initial);
    const answers: unknown[] = [];

    http.get(AUTH_ROUTES.users).subscribe((body) => answers.push(body));
    http.get(AUTH_ROUTES.me).subscribe((body) => answers.push(body));
    backend.expectOne(AUTH_ROUTES.users).flush(null, unauthorized);
    backend.expectOne(AUTH_ROUTES.me).flush(null, unauthorized);

    const refresh = backend.expectOne(AUTH_ROUTES.refresh);
    expect(refresh.request.body).toBeNull();
    expect(refresh.request.headers.get(CSRF_HEADER)).toBe('1');
    expect(refresh.request.headers.has('Authorization')).toBe(false);
    refresh.flush(rotated);

    const retriedUsers = backend.expectOne(AUTH_ROUTES.users);
    const retriedMe = backend.expectOne(AUTH_ROUTES.me);
    expect(retriedUsers.request.headers.get('Authorization')).toBe('Bearer access-2');
    expect(retriedMe.request.headers.get('Authorization')).toBe('Bearer access-2');
    retriedUsers.flush([]);
    retriedMe.flush(admin);

    expect(answers).toEqual([[], admin]);
    expect(auth.accessToken()).toBe('access-2');
  });

  it('retries with the new token, without refreshing again, a 401 that arrives after a refresh', () => {
    setUp(initial);
    let late: unknown;

    http.get(AUTH_ROUTES.users).subscribe();
    http.get(AUTH_ROUTES.roles).subscribe((body) => (late = body));
    backend.expectOne(AUTH_ROUTES.users).flush(null, unauthorized);
    backend.expectOne(AUTH_ROUTES.refresh).flush(rotated);
    backend.expectOne(AUTH_ROUTES.users).flush([]);

    backend.expectOne(AUTH_ROUTES.roles).flush(null, unauthorized);
    const retried = backend.expectOne(AUTH_ROUTES.roles);
    expect(retried.request.headers.get('Authorization')).toBe('Bearer access-2');
    retried.flush(['ok']);

    expect(late).toEqual(['ok']);
    backend.expectNone(AUTH_ROUTES.refresh);
  });

  it('logs out and passes the 401 on when the refresh is refused', async () => {
    setUp(initial);
    const router = TestBed.inject(Router);
    await router.navigateByUrl('/audit');
    const failures: number[] = [];

    http
      .get(AUDIT_ROUTES.search)
      .subscribe({ error: (e: { status: number }) => failures.push(e.status) });
    http
      .get(AUTH_ROUTES.users)
      .subscribe({ error: (e: { status: number }) => failures.push(e.status) });
    backend.expectOne(AUDIT_ROUTES.search).flush(null, unauthorized);
    backend.expectOne(AUTH_ROUTES.users).flush(null, unauthorized);
    backend
      .expectOne(AUTH_ROUTES.refresh)
      .flush({ statusCode: 401, message: 'Refresh token reused' }, unauthorized);
    await new Promise((resolve) => setTimeout(resolve));

    expect(failures).toEqual([401, 401]);
    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.accessToken()).toBeNull();
    expect(router.url).toBe('/login?returnUrl=%2Faudit');
    backend.expectNone(AUDIT_ROUTES.search);
  });

  it('leaves requests alone when nobody is logged in', () => {
    setUp(null);
    let status = 0;

    http
      .get(AUTH_ROUTES.users)
      .subscribe({ error: (e: { status: number }) => (status = e.status) });
    const request = backend.expectOne(AUTH_ROUTES.users);
    expect(request.request.headers.has('Authorization')).toBe(false);
    request.flush(null, unauthorized);

    expect(status).toBe(401);
    backend.expectNone(AUTH_ROUTES.refresh);
  });
});
