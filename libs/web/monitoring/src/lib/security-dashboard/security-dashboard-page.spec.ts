import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { SecurityDashboard, SecurityRange } from '@hyperion/contracts';
import { SECURITY_DASHBOARD_ROUTES } from '@hyperion/contracts';

import { SecurityDashboardPage } from './security-dashboard-page';
import { SECURITY_REFRESH_MS } from './security-format';

const FROM = '2031-03-09T11:00:00.000Z';
const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

function board(overrides: Partial<SecurityDashboard> = {}): SecurityDashboard {
  const series = Array.from({ length: 24 }, (_, i) => ({
    at: new Date(Date.parse(FROM) + i * 3_600_000).toISOString(),
    count: i === 20 ? 5 : i === 23 ? 1 : 0,
  }));
  return {
    range: '24h',
    bucket: 'hour',
    from: FROM,
    to: '2031-03-10T10:30:00.000Z',
    previousFrom: '2031-03-08T11:30:00.000Z',
    generatedAt: '2031-03-10T10:30:00.000Z',
    failedLogins: {
      count: 6,
      previous: 2,
      series,
      topIps: [
        { value: '192.0.2.7', count: 5 },
        { value: '198.51.100.9', count: 1 },
      ],
      topUsernames: [{ value: 'alice', count: 6 }],
    },
    lockouts: {
      count: 1,
      previous: 1,
      latest: [
        {
          id: '41',
          occurredAt: minutesAgo(30),
          username: 'alice',
          userId: 'u-alice',
          lockedUntil: minutesAgo(25),
          failures: 5,
          ip: '192.0.2.7',
        },
      ],
    },
    twoFactor: {
      count: 2,
      previous: 4,
      byKind: {
        enabled: 1,
        disabled: 0,
        reset: 1,
        recovery_code_used: 0,
        recovery_codes_regenerated: 0,
      },
      latest: [
        {
          id: '52',
          occurredAt: minutesAgo(10),
          kind: 'reset',
          username: 'erin',
          actorName: 'admin',
          ip: null,
        },
        {
          id: '51',
          occurredAt: minutesAgo(20),
          kind: 'enabled',
          username: 'carol',
          actorName: 'carol',
          ip: null,
        },
      ],
    },
    permissionChanges: {
      count: 1,
      previous: 0,
      latest: [
        {
          id: '61',
          occurredAt: minutesAgo(15),
          action: 'role_updated',
          actorName: 'admin',
          subject: 'auditors',
          granted: ['audit:read'],
          revoked: ['users:admin'],
        },
      ],
    },
    apiKeys: {
      count: 1,
      previous: 1,
      created: 1,
      revoked: 0,
      latest: [
        {
          id: '71',
          occurredAt: minutesAgo(5),
          action: 'api_key_created',
          actorName: 'admin',
          subject: 'ci',
          granted: ['alerts:read'],
          revoked: [],
        },
      ],
    },
    certificates: {
      total: 3,
      expiringSoon: 2,
      items: [
        {
          monitorId: 'm-old',
          monitorName: 'Old site',
          url: 'https://old.example/',
          monitorState: 'down',
          expiresAt: minutesAgo(3 * 24 * 60),
          daysLeft: -3,
          level: 'expired',
        },
        {
          monitorId: 'm-shop',
          monitorName: 'Shop',
          url: 'https://shop.example/',
          monitorState: 'up',
          expiresAt: minutesAgo(-9.5 * 24 * 60),
          daysLeft: 9,
          level: 'warning',
        },
        {
          monitorId: 'm-new',
          monitorName: 'New site',
          url: 'https://new.example/',
          monitorState: 'pending',
          expiresAt: null,
          daysLeft: null,
          level: 'unknown',
        },
      ],
    },
    ...overrides,
  };
}

describe('SecurityDashboardPage', { timeout: 30_000 }, () => {
  let fixture: ComponentFixture<SecurityDashboardPage>;
  let backend: HttpTestingController;

  const element = () => fixture.nativeElement as HTMLElement;
  const find = (testId: string) =>
    element().querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const text = (testId: string) => find(testId)?.textContent?.replace(/\s+/g, ' ').trim();
  const request = (range: SecurityRange = '24h'): TestRequest =>
    backend.expectOne(
      (r) =>
        r.method === 'GET' &&
        r.url === SECURITY_DASHBOARD_ROUTES.dashboard &&
        r.params.get('range') === range,
    );

  async function stable(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      TestBed.tick();
      await new Promise((resolve) => setTimeout(resolve));
    }
    TestBed.tick();
  }

  async function open(): Promise<void> {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(SecurityDashboardPage);
    await stable();
  }

  async function click(testId: string): Promise<void> {
    const target = find(testId);
    if (!target) throw new Error(`Nothing to click: ${testId}`);
    target.click();
    await stable();
  }

  afterEach(() => {
    vi.useRealTimers();
    backend.verify();
    fixture.destroy();
  });

  it('shows the counts with their trend, each linking to the audit log filtered by its action', async () => {
    await open();
    expect(element().querySelector('mat-progress-bar')).not.toBeNull();
    request().flush(board());
    await stable();

    expect(text('security-count-failed-logins')).toBe('6');
    expect(text('security-trend-failed-logins')).toBe('Up from 2 in the 24 hours before');
    expect(find('security-trend-failed-logins')?.getAttribute('data-direction')).toBe('up');
    expect(text('security-count-lockouts')).toBe('1');
    expect(text('security-trend-lockouts')).toBe('Same as the 24 hours before');
    expect(text('security-trend-two-factor')).toBe('Down from 4 in the 24 hours before');
    expect(text('security-tile-api-keys')).toContain('1 created, 0 revoked');
    expect(text('security-count-certificates')).toBe('2');
    expect(text('security-tile-certificates')).toContain('of 3 HTTPS monitors');

    const link = find('security-link-failed-logins') as HTMLAnchorElement;
    const url = new URL(link.href);
    expect(url.pathname).toBe('/audit');
    expect(url.searchParams.get('action')).toBe('failed_login');
    expect(url.searchParams.get('from')).toBe(FROM);
    expect(
      new URL((find('security-link-lockouts') as HTMLAnchorElement).href).searchParams.get(
        'action',
      ),
    ).toBe('account_locked');
    expect(new URL((find('security-link-certificates') as HTMLAnchorElement).href).pathname).toBe(
      '/monitors',
    );
    expect(text('security-freshness')).toMatch(/^Updated \d+ s ago; refreshed every minute$/);
  });

  it('charts the failed sign-ins per hour and names their sources', async () => {
    await open();
    request().flush(board());
    await stable();

    const bars = Array.from(element().querySelectorAll('[data-testid="failed-logins-chart"] rect'));
    expect(bars).toHaveLength(24);
    expect(bars.map((bar) => Number(bar.getAttribute('data-count')))).toEqual(
      board().failedLogins.series.map((point) => point.count),
    );
    // The tallest bar is the hour of the five failures; an empty hour is a sliver, not nothing.
    const heights = bars.map((bar) => Number(bar.getAttribute('height')));
    expect(Math.max(...heights)).toBe(heights[20]);
    expect(heights[0]).toBe(1);
    expect(bars[20].querySelector('title')?.textContent).toMatch(/: 5 failed sign-ins$/);
    const items = (testId: string) =>
      Array.from(element().querySelectorAll(`[data-testid="${testId}"] li`)).map((li) =>
        li.textContent?.replace(/\s+/g, ' ').trim(),
      );
    expect(items('security-top-ips')).toEqual(['192.0.2.7 5', '198.51.100.9 1']);
    expect(items('security-top-usernames')).toEqual(['alice 6']);
  });

  it('lists lockouts, two-factor, permission and API key changes in words', async () => {
    await open();
    request().flush(board());
    await stable();

    expect(text('security-lockouts')).toMatch(
      /^alice locked after 5 failed attempts 30 min ago · until .+ · from 192\.0\.2\.7$/,
    );
    const twoFactor = text('security-two-factor') ?? '';
    expect(twoFactor).toContain('Two-factor reset by an administrator for erin by admin');
    expect(twoFactor).toContain('Two-factor turned on for carol 20 min ago');
    expect(twoFactor).not.toContain('for carol by carol');
    const access = Array.from(element().querySelectorAll('[data-testid="security-access"] li')).map(
      (li) => li.textContent?.replace(/\s+/g, ' ').trim(),
    );
    // Newest first, across permissions and API keys.
    expect(access).toEqual([
      'API key “ci” created with alerts:read by admin · 5 min ago · audit log',
      'Role “auditors” changed: gave audit:read; took away users:admin by admin · 15 min ago · audit log',
    ]);
    const roleLink = element().querySelector<HTMLAnchorElement>('[data-action="role_updated"] a');
    expect(new URL(roleLink?.href ?? '').searchParams.get('action')).toBe('role_updated');
  });

  it('lists the certificates soonest first, days left in words, the level on a coloured chip', async () => {
    await open();
    request().flush(board());
    await stable();

    const rows = Array.from(element().querySelectorAll('[data-testid="security-certificates"] li'));
    expect(rows.map((row) => row.getAttribute('data-level'))).toEqual([
      'expired',
      'warning',
      'unknown',
    ]);
    expect(text('security-certificate-m-old')).toBe(
      'Expired Old site https://old.example/ Expired 3 days ago',
    );
    expect(text('security-certificate-days-m-shop')).toBe('Expires in 9 days');
    expect(text('security-certificate-m-shop')).toContain('Under 14 days');
    expect(text('security-certificate-days-m-new')).toBe(
      'Not seen yet: no check has reached it over TLS',
    );
  });

  it('says that the certificates need monitoring:read when the API leaves them out', async () => {
    await open();
    request().flush(board({ certificates: null }));
    await stable();

    expect(text('security-certificates-hidden')).toContain('monitoring:read');
    expect(find('security-tile-certificates')).toBeNull();
  });

  it('asks for another period when one is chosen', async () => {
    await open();
    request().flush(board());
    await stable();

    await click('security-range-7d');
    expect(find('security-range-7d')?.getAttribute('aria-pressed')).toBe('true');
    request('7d').flush(board({ range: '7d', bucket: 'day' }));
    await stable();
    expect(text('security-trend-failed-logins')).toBe('Up from 2 in the 7 days before');
  });

  it('asks again every minute; when that fails, keeps what it shows and says it is out of date', async () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    await open();
    request().flush(board());
    await stable();
    expect(find('security-freshness')?.getAttribute('data-stale')).toBe('false');

    vi.advanceTimersByTime(SECURITY_REFRESH_MS);
    await stable();
    request().flush(null, { status: 0, statusText: 'Unknown Error' });
    await stable();

    expect(find('security-freshness')?.getAttribute('data-stale')).toBe('true');
    expect(text('security-freshness')).toMatch(
      /^Out of date: the last refresh failed \(.+\)\. Showing what was read \d+ s ago\.$/,
    );
    expect(text('security-count-failed-logins')).toBe('6');
    expect(find('security-error')).toBeNull();

    vi.advanceTimersByTime(SECURITY_REFRESH_MS);
    await stable();
    request().flush(board({ failedLogins: { ...board().failedLogins, count: 9 } }));
    await stable();
    expect(text('security-count-failed-logins')).toBe('9');
    expect(find('security-freshness')?.getAttribute('data-stale')).toBe('false');
  });

  it('says why the first load failed, and retries', async () => {
    await open();
    request().flush(
      { statusCode: 403, error: 'Forbidden', message: 'Missing permission: audit:read' },
      { status: 403, statusText: 'Forbidden' },
    );
    await stable();

    expect(text('security-error')).toContain('Missing permission: audit:read');
    await click('security-retry');
    request().flush(board());
    await stable();
    expect(find('security-error')).toBeNull();
    expect(text('security-count-failed-logins')).toBe('6');
  });
});
