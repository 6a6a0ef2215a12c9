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

// The first navigation loads the lazy modules' chunks; on a loaded CI machine that took more
// than the default 5 s (seen: the first test timed out while the 11 others passed).
vi.setConfig({ testTimeout: 30_000 });

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

const lostSince = signal<Date | null>(null);
const fakeSocket: Pick<SocketService, 'connected' | 'lostSince' | 'reconnected$' | 'on'> = {
  connected: signal(false),
  lostSince,
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
    recoveryCodesRemaining: 0,
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
  readonly sessionEndedMessage = signal<string | null>(null);
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
    lostSince.set(null);
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
    expect(navLabels()).toEqual(['Health', 'Organisation', 'Audit log', 'Security']);
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

  it('hides the modules a viewer may not use, and says so when they open one anyway', async () => {
    auth.currentUser.set(user(['incidents:read', 'monitoring:read']));
    await open('/admin/users');

    // incidents:read opens the Incidents module; nothing administrative.
    expect(navLabels()).toEqual([
      'Health',
      'Incidents',
      'Monitors',
      'Hosts',
      'Processes & services',
      'Status pages',
    ]);
    expect(element().querySelector('[data-testid="nav-admin"]')).toBeNull();
    expect(element().querySelector('[data-testid="nav-audit"]')).toBeNull();
    expect(router.url).toBe('/no-access?from=%2Fadmin%2Fusers');
    const page = element().querySelector('[data-testid="no-access-page"]');
    expect(page?.textContent).toContain("You don't have access to this page");
    expect(page?.querySelector('[data-testid="no-access-path"]')?.textContent).toBe('/admin/users');
    expect(page?.textContent).toContain('Default');

    await router.navigateByUrl('/audit');
    await fixture.whenStable();
    expect(router.url).toBe('/no-access?from=%2Faudit');
  });

  it('shows a real 404 page, in the console frame, for an unknown address', async () => {
    auth.currentUser.set(user(['monitoring:read']));
    await open('/no/such/page?x=1');

    expect(router.url).toBe('/no/such/page?x=1');
    expect(element().querySelector('[data-testid="not-found-page"]')?.textContent).toContain(
      'Page not found',
    );
    expect(element().querySelector('[data-testid="not-found-path"]')?.textContent).toBe(
      '/no/such/page',
    );
    expect(navLabels()).toEqual([
      'Health',
      'Monitors',
      'Hosts',
      'Processes & services',
      'Status pages',
    ]);
  });

  it('opens with a skip link that moves the focus to the page, and shows logo and version', async () => {
    auth.currentUser.set(user(['monitoring:read']));
    await open('/no-access');
    document.body.appendChild(fixture.nativeElement);

    const focusable = element().querySelectorAll<HTMLElement>('a[href], button, input');
    const skip = focusable[0];
    expect(skip.getAttribute('data-testid')).toBe('skip-link');
    expect(skip.textContent?.trim()).toBe('Skip to content');
    skip.click();
    expect(document.activeElement?.id).toBe('main-content');
    expect(element().querySelector('[data-testid="brand"] hyp-logo svg')).not.toBeNull();
    expect(element().querySelector('[data-testid="app-version"]')?.textContent).toMatch(
      /^Hyperion \d+\.\d+\.\d+/,
    );
    fixture.nativeElement.remove();
  });

  it('shows the connection banner on every page while live updates are lost', async () => {
    auth.currentUser.set(user(['users:admin', 'monitoring:read']));
    await open('/no/such/page');
    expect(element().querySelector('[data-testid="connection-banner"]')).toBeNull();

    lostSince.set(new Date('2026-11-22T10:05:00Z'));
    await fixture.whenStable();
    const banner = element().querySelector('[data-testid="connection-banner"]');
    expect(banner?.textContent).toContain('Live updates paused — reconnecting…');
    expect(banner?.querySelector('time')?.getAttribute('datetime')).toBe(
      '2026-11-22T10:05:00.000Z',
    );

    lostSince.set(null);
    await fixture.whenStable();
    expect(element().querySelector('[data-testid="connection-banner"]')).toBeNull();
  });

  it('shows the Platform module to a platform administrator only', async () => {
    auth.currentUser.set(user(['users:admin', 'audit:read', 'platform:admin']));
    await open('/health');

    expect(navLabels()).toEqual(['Health', 'Organisation', 'Audit log', 'Security', 'Platform']);
    expect(element().querySelector('[data-testid="nav-platform"]')?.getAttribute('href')).toBe(
      '/platform',
    );
  });

  it('refuses /platform to an organisation admin without platform:admin', async () => {
    auth.currentUser.set(user(['users:admin', 'audit:read']));
    await open('/platform');

    expect(router.url).toBe('/no-access?from=%2Fplatform');
    expect(element().querySelector('[data-testid="nav-platform"]')).toBeNull();
  });

  it('shows the Alerts module, after Notifications, to a user holding alerts:read only', async () => {
    auth.currentUser.set(user(['notifications:read', 'alerts:read']));
    await open('/health');

    expect(navLabels()).toEqual(['Health', 'Notifications', 'Alerts']);
    expect(element().querySelector('[data-testid="nav-alerts"]')?.getAttribute('href')).toBe(
      '/alerts',
    );

    auth.currentUser.set(user(['notifications:read']));
    await fixture.whenStable();
    expect(navLabels()).toEqual(['Health', 'Notifications']);
    await router.navigateByUrl('/alerts');
    await fixture.whenStable();
    expect(router.url).toBe('/no-access?from=%2Falerts');
  });

  it('shows the Incidents module, after Alerts, to a user holding incidents:read', async () => {
    auth.currentUser.set(user(['alerts:read', 'incidents:read']));
    await open('/health');

    expect(navLabels()).toEqual(['Health', 'Alerts', 'Incidents']);
    expect(element().querySelector('[data-testid="nav-incidents"]')?.getAttribute('href')).toBe(
      '/incidents',
    );

    auth.currentUser.set(user(['alerts:read']));
    await fixture.whenStable();
    expect(navLabels()).toEqual(['Health', 'Alerts']);
  });

  it('shows the audit log and the security dashboard alone to a user holding only audit:read', async () => {
    auth.currentUser.set(user(['audit:read']));
    await open('/health');

    expect(navLabels()).toEqual(['Health', 'Audit log', 'Security']);
  });

  it('sends a user who must change their password to /change-password first', async () => {
    auth.currentUser.set(user(['users:admin'], { mustChangePassword: true }));
    await open('/admin/users');

    expect(router.url).toBe('/change-password');
    expect(element().querySelector('[data-testid="password-change-required"]')).not.toBeNull();
  });
});
