import { provideHttpClient } from '@angular/common/http';
import {
  HttpTestingController,
  TestRequest,
  provideHttpClientTesting,
} from '@angular/common/http/testing';
import { signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import type { AnyPermission, MonitorSummary } from '@hyperion/contracts';
import { MONITOR_ROUTES } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';

import { monitor } from '../testing/monitor-fixtures';
import { MONITORS_REFRESH_MS, MonitorsPage } from './monitors-page';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();

const WEBSITE = monitor({ id: 'm-web', name: 'Website', lastCheckedAt: minutesAgo(3) });
const DATABASE = monitor({
  id: 'm-db',
  name: 'database',
  kind: 'postgres',
  target: { connectionString: 'postgres://app:****@db.internal:5432/app' },
  state: 'down',
  failures: 4,
  lastCheckedAt: minutesAgo(1),
  lastLatencyMs: null,
  lastMessage: 'connect ECONNREFUSED 10.0.0.5:5432',
});
const CACHE = monitor({
  id: 'm-cache',
  name: 'Cache',
  kind: 'tcp',
  target: { host: 'cache.internal', port: 6379 },
  state: 'pending',
  failures: 1,
  lastCheckedAt: null,
  lastLatencyMs: null,
  lastMessage: null,
});
const BACKUP = monitor({
  id: 'm-backup',
  name: 'Backup job',
  kind: 'push',
  target: {},
  state: 'paused',
  enabled: false,
  lastLatencyMs: null,
  lastMessage: 'Last push 40 s ago',
});
const API = monitor({
  id: 'm-api',
  name: 'API',
  kind: 'dns',
  target: { hostname: 'api.example.com', recordType: 'A' },
  state: 'down',
  lastCheckedAt: minutesAgo(2),
  lastMessage: 'ENOTFOUND api.example.com',
});

/** An API refusal as HttpTestingController flushes it. */
function refusal(status: number, message: string) {
  return [
    { statusCode: status, error: 'Refused', message, correlationId: 'c-42' },
    { status, statusText: 'Refused' },
  ] as const;
}

describe('MonitorsPage', { timeout: 30_000 }, () => {
  let fixture: ComponentFixture<MonitorsPage>;
  let backend: HttpTestingController;

  const element = () => fixture.nativeElement as HTMLElement;
  const find = (testId: string) =>
    element().querySelector<HTMLElement>(`[data-testid="${testId}"]`);
  const text = (testId: string) => find(testId)?.textContent?.replace(/\s+/g, ' ').trim();
  const rowIds = () =>
    Array.from(element().querySelectorAll('[data-testid^="monitor-row-"]')).map((row) =>
      row.getAttribute('data-testid')?.replace('monitor-row-', ''),
    );
  const list = (): TestRequest =>
    backend.expectOne({ method: 'GET', url: MONITOR_ROUTES.collection });

  /** Lets signals, effects, timers of 0 ms and rendering settle. */
  async function stable(): Promise<void> {
    for (let i = 0; i < 3; i++) {
      TestBed.tick();
      await new Promise((resolve) => setTimeout(resolve));
    }
    TestBed.tick();
  }

  async function open(held: readonly AnyPermission[]): Promise<void> {
    const permissions = signal(held);
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        {
          provide: AuthService,
          useValue: {
            permissions,
            hasPermission: (p: AnyPermission) => permissions().includes(p),
          },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(MonitorsPage);
    await stable();
  }

  async function openWith(
    monitors: MonitorSummary[],
    held: readonly AnyPermission[] = ['monitoring:read', 'monitoring:control'],
  ): Promise<void> {
    await open(held);
    list().flush(monitors);
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

  it('lists down monitors first, then pending, up, paused, each state in words with what it found', async () => {
    await open(['monitoring:read']);
    expect(element().querySelector('mat-progress-bar')).not.toBeNull();
    list().flush([WEBSITE, BACKUP, DATABASE, CACHE, API]);
    await stable();

    expect(element().querySelector('mat-progress-bar')).toBeNull();
    // Down by name (API before database, whatever the case), then pending, up, paused.
    expect(rowIds()).toEqual(['m-api', 'm-db', 'm-cache', 'm-web', 'm-backup']);
    expect(text('monitor-state-m-db')).toBe('Down');
    expect(text('monitor-state-m-cache')).toBe('Pending');
    expect(text('monitor-state-m-web')).toBe('Up');
    expect(text('monitor-state-m-backup')).toBe('Paused');
    expect(find('monitor-state-m-db')?.getAttribute('data-tone')).toBe('error');
    expect(find('monitor-state-m-web')?.getAttribute('data-tone')).toBe('ok');
    expect(text('monitor-counts')).toBe('2 Down · 1 Pending · 1 Up · 1 Paused');
    expect(text('monitor-failures-m-cache')).toBe('1 failed, retrying');

    expect(text('monitor-target-m-web')).toBe('https://example.com/health');
    expect(text('monitor-target-m-db')).toBe('postgres://app:****@db.internal:5432/app');
    expect(text('monitor-target-m-cache')).toBe('cache.internal:6379');
    expect(text('monitor-target-m-api')).toBe('api.example.com');
    expect(text('monitor-target-m-backup')).toBe('push');

    expect(text('monitor-last-check-m-web')).toBe('3 min ago');
    const time = find('monitor-last-check-m-web')?.querySelector('time');
    expect(time?.getAttribute('datetime')).toBe(WEBSITE.lastCheckedAt);
    expect(time?.getAttribute('title')).toMatch(/^\d+ \w{3} \d{4}, \d\d:\d\d:\d\d /);
    expect(text('monitor-last-check-m-cache')).toBe('Never');
    expect(text('monitor-latency-m-web')).toBe('42 ms');
    expect(text('monitor-latency-m-db')).toBe('—');
    expect(text('monitor-message-m-db')).toBe('connect ECONNREFUSED 10.0.0.5:5432');
    expect(text('monitor-message-m-cache')).toBe('—');
    expect(find('monitor-empty')).toBeNull();
  });

  it('says so when no monitors exist yet', async () => {
    await openWith([]);

    expect(text('monitor-empty')).toContain('No monitors exist yet.');
    expect(find('monitor-table')).toBeNull();
    expect(find('monitor-error')).toBeNull();
  });

  it('says what failed when the list cannot be loaded, and loads again on Retry', async () => {
    await open(['monitoring:read']);
    list().flush(...refusal(500, 'boom'));
    await stable();

    expect(text('monitor-error')).toContain('The monitors could not be loaded.');
    expect(text('monitor-error')).toContain('Something went wrong on the server');
    expect(text('monitor-error')).toContain('Reference: c-42');
    expect(find('monitor-table')).toBeNull();
    expect(find('monitor-empty')).toBeNull();

    await click('monitor-retry');
    list().flush([WEBSITE]);
    await stable();

    expect(find('monitor-error')).toBeNull();
    expect(rowIds()).toEqual(['m-web']);
  });

  it('checks a monitor now and shows its new verdict in the row, which moves up when down', async () => {
    await openWith([WEBSITE, CACHE]);
    expect(rowIds()).toEqual(['m-cache', 'm-web']);

    await click('monitor-check-m-web');
    const check = backend.expectOne({ method: 'POST', url: MONITOR_ROUTES.check('m-web') });
    expect(text('monitor-check-m-web')).toBe('Checking…');
    expect(find('monitor-check-m-web')?.hasAttribute('disabled')).toBe(true);
    check.flush({
      ...WEBSITE,
      state: 'down',
      failures: 2,
      lastCheckedAt: new Date().toISOString(),
      lastLatencyMs: 5012,
      lastMessage: 'HTTP 503 Service Unavailable',
    });
    await stable();

    expect(rowIds()).toEqual(['m-web', 'm-cache']);
    expect(text('monitor-state-m-web')).toBe('Down');
    expect(text('monitor-last-check-m-web')).toBe('just now');
    expect(text('monitor-latency-m-web')).toBe('5012 ms');
    expect(text('monitor-message-m-web')).toBe('HTTP 503 Service Unavailable');
    expect(text('monitor-check-m-web')).toBe('Check now');
    expect(find('monitor-check-m-web')?.hasAttribute('disabled')).toBe(false);
  });

  it('shows why a check could not run: one is already running (409), or any other refusal', async () => {
    await openWith([WEBSITE, CACHE]);

    await click('monitor-check-m-web');
    backend
      .expectOne(MONITOR_ROUTES.check('m-web'))
      .flush(...refusal(409, 'A check of this monitor is running'));
    await stable();
    expect(text('monitor-check-error-m-web')).toBe('A check of this monitor is running');
    expect(text('monitor-state-m-web')).toBe('Up');
    expect(find('monitor-check-error-m-cache')).toBeNull();

    await click('monitor-check-m-cache');
    backend
      .expectOne(MONITOR_ROUTES.check('m-cache'))
      .flush(...refusal(403, 'Missing permission monitoring:control'));
    await stable();
    expect(text('monitor-check-error-m-cache')).toBe(
      "You don't have permission to do that (it needs monitoring:control)",
    );

    // A new attempt clears the old refusal.
    await click('monitor-check-m-web');
    backend.expectOne(MONITOR_ROUTES.check('m-web')).flush(WEBSITE);
    await stable();
    expect(find('monitor-check-error-m-web')).toBeNull();
  });

  it('offers no "Check now" without monitoring:control, and none for a paused monitor', async () => {
    await openWith([WEBSITE, BACKUP], ['monitoring:read']);
    expect(rowIds()).toEqual(['m-web', 'm-backup']);
    expect(element().querySelector('[data-testid^="monitor-check-"]')).toBeNull();
    expect(element().textContent).not.toContain('Check now');
    fixture.destroy();
    backend.verify();
    TestBed.resetTestingModule();

    await openWith([WEBSITE, BACKUP]);
    expect(find('monitor-check-m-web')?.hasAttribute('disabled')).toBe(false);
    expect(find('monitor-check-m-backup')?.hasAttribute('disabled')).toBe(true);
  });

  it('asks for the list again every 30 s, so an open page does not show old verdicts', async () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    await openWith([WEBSITE]);

    vi.advanceTimersByTime(MONITORS_REFRESH_MS);
    await stable();
    list().flush([{ ...WEBSITE, state: 'down', lastMessage: 'HTTP 500' }]);
    await stable();

    expect(text('monitor-state-m-web')).toBe('Down');
    expect(text('monitor-message-m-web')).toBe('HTTP 500');
  });
});
