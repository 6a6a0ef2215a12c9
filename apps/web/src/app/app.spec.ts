import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { Router, provideRouter } from '@angular/router';
import { AnyPermission, CurrentUser, HEALTH_ROUTES, HealthReport } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { SocketService } from '@hyperion/web/realtime';
import { EMPTY, NEVER, of } from 'rxjs';

import { App } from './app';
import { appRoutes } from './app.routes';

const report: HealthReport = {
  api: 'OK',
  database: 'OK',
  redis: 'OK',
  disk: {
    usage_percent: 30,
    path: '/data',
    threshold_percent: 90,
    healthy: true,
  },
  memory: {
    rss_mb: 150,
    heap_used_mb: 70,
    heap_total_mb: 100,
    system_usage_percent: 40,
    healthy: true,
  },
  status: 'healthy',
  timestamp: '2026-01-30T14:00:00.000Z',
};

const fakeSocket: Pick<SocketService, 'connected' | 'reconnected$' | 'on'> = {
  connected: signal(false),
  reconnected$: EMPTY,
  on: () => NEVER,
};

function user(permissions: AnyPermission[], overrides: Partial<CurrentUser> = {}): CurrentUser {
  return {
    id: 'u1',
    username: 'ada',
    email: 'ada@example.com',
    displayName: 'Ada Lovelace',
    roles: [],
    permissions,
    twoFactorEnabled: false,
    mustChangePassword: false,
    organization: { id: 'org-1', name: 'Default', slug: 'default' },
    organizations: [{ id: 'org-1', name: 'Default', slug: 'default', roles: [] }],
    ...overrides,
  };
}

/** The session as the shell and the guards see it. */
class FakeAuthService {
  readonly currentUser = signal<CurrentUser | null>(null);
  readonly isAuthenticated = computed(() => this.currentUser() !== null);
  readonly mustChangePassword = computed(() => this.currentUser()?.mustChangePassword ?? false);
  readonly permissions = computed(() => this.currentUser()?.permissions ?? []);
  readonly organization = computed(() => this.currentUser()?.organization ?? null);
  readonly organizations = computed(() => this.currentUser()?.organizations ?? []);
  logouts = 0;

  restore() {
    return of(this.isAuthenticated());
  }

  hasPermission(permission: AnyPermission): boolean {
    return this.permissions().includes(permission);
  }

  logout(): void {
    this.logouts++;
  }
}

describe('App', () => {
  let auth: FakeAuthService;
  let fixture: ComponentFixture<App>;
  let router: Router;

  const element = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const navLabels = () =>
    Array.from(element().querySelectorAll('mat-nav-list a')).map((a) => a.textContent?.trim());

  async function open(url: string): Promise<void> {
    fixture = TestBed.createComponent(App);
    router = TestBed.inject(Router);
    await router.navigateByUrl(url);
    await fixture.whenStable();
  }

  beforeEach(() => {
    auth = new FakeAuthService();
    TestBed.configureTestingModule({
      imports: [App],
      providers: [
        provideRouter(appRoutes),
        provideHttpClient(),
        provideHttpClientTesting(),
        { provide: SocketService, useValue: fakeSocket },
        { provide: AuthService, useValue: auth },
      ],
    });
  });

  it('sends a visitor to the login page, remembering where they were going', async () => {
    await open('/');

    expect(router.url).toBe('/login?returnUrl=%2Fhealth');
    expect(element().querySelector('hyp-login-page')).not.toBeNull();
    expect(element().querySelector('mat-nav-list')).toBeNull();
  });

  it('shows an admin every module, the toolbar with their name, and the Health page at /', async () => {
    auth.currentUser.set(user(['users:admin', 'audit:read']));
    await open('/');
    TestBed.inject(HttpTestingController).expectOne(HEALTH_ROUTES.all).flush(report);
    await fixture.whenStable();

    expect(router.url).toBe('/health');
    expect(element().querySelector('mat-toolbar')?.textContent).toContain('Hyperion');
    expect(element().querySelector('[data-testid="current-user-name"]')?.textContent).toBe(
      'Ada Lovelace',
    );
    expect(
      element().querySelector('[data-testid="active-organization"]')?.textContent?.trim(),
    ).toBe('Default');
    expect(navLabels()).toEqual(['Health', 'Organisation', 'Audit log']);
    expect(element().querySelector('[data-testid="nav-audit"]')?.getAttribute('href')).toBe(
      '/audit',
    );
    expect(element().querySelector('hyp-health-page')).not.toBeNull();
    expect(
      element().querySelector('[data-testid="overall-status"]')?.getAttribute('data-status'),
    ).toBe('healthy');
    expect(element().querySelector('[data-testid="nav-health"]')?.classList).toContain(
      'mdc-list-item--activated',
    );
  });

  it('hides the modules a viewer may not use, and refuses their routes', async () => {
    auth.currentUser.set(user(['incidents:read', 'monitoring:read']));
    await open('/admin/users');

    expect(navLabels()).toEqual(['Health']);
    expect(element().querySelector('[data-testid="nav-admin"]')).toBeNull();
    expect(element().querySelector('[data-testid="nav-audit"]')).toBeNull();
    expect(router.url).toBe('/health');

    await router.navigateByUrl('/audit');
    await fixture.whenStable();
    expect(router.url).toBe('/health');
  });

  it('shows the Platform module to a platform administrator only', async () => {
    auth.currentUser.set(user(['users:admin', 'audit:read', 'platform:admin']));
    await open('/health');

    expect(navLabels()).toEqual(['Health', 'Organisation', 'Audit log', 'Platform']);
    expect(element().querySelector('[data-testid="nav-platform"]')?.getAttribute('href')).toBe(
      '/platform',
    );
  });

  it('refuses /platform to an organisation admin without platform:admin', async () => {
    auth.currentUser.set(user(['users:admin', 'audit:read']));
    await open('/platform');

    expect(router.url).toBe('/health');
    expect(element().querySelector('[data-testid="nav-platform"]')).toBeNull();
  });

  it('shows the audit module alone to a user holding only audit:read', async () => {
    auth.currentUser.set(user(['audit:read']));
    await open('/health');

    expect(navLabels()).toEqual(['Health', 'Audit log']);
  });

  it('sends a user who must change their password to /change-password first', async () => {
    auth.currentUser.set(user(['users:admin'], { mustChangePassword: true }));
    await open('/admin/users');

    expect(router.url).toBe('/change-password');
    expect(element().querySelector('[data-testid="password-change-required"]')).not.toBeNull();
  });
});
