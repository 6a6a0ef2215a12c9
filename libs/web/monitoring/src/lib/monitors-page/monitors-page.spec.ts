import { TestRequest } from '@angular/common/http/testing';
import type { AnyPermission, MonitorListItem, MonitorListResponse } from '@hyperion/contracts';
import { MONITOR_ROUTES } from '@hyperion/contracts';

import { listItem } from '../testing/monitor-fixtures';
import { PageHarness, openPage, refusal } from '../testing/page-harness';
import { MONITORS_REFRESH_MS, MonitorsPage, SEARCH_DEBOUNCE_MS } from './monitors-page';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const hours = (last: (number | null)[]) => [...new Array(24 - last.length).fill(null), ...last];

const WEBSITE = listItem({
  id: 'm-web',
  name: 'Website',
  lastCheckedAt: minutesAgo(3),
  uptimeDay: 99.5,
  latencyByHour: hours([40, 42, 380]),
  uptimeByHour: hours([100, 100, 80]),
});
const DATABASE = listItem({
  id: 'm-db',
  name: 'database',
  kind: 'postgres',
  target: { connectionString: 'postgres://app:****@db.internal:5432/app' },
  state: 'down',
  failures: 4,
  lastCheckedAt: minutesAgo(1),
  lastLatencyMs: null,
  lastMessage: 'connect ECONNREFUSED 10.0.0.5:5432',
  uptimeDay: 0,
});
const CACHE = listItem({
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
const BACKUP = listItem({
  id: 'm-backup',
  name: 'Backup job',
  kind: 'push',
  target: {},
  state: 'paused',
  enabled: false,
  lastLatencyMs: null,
  lastMessage: 'Last push 40 s ago',
});

/** A page as the API answers it (its order is the API's: down first). */
function pageOf(items: MonitorListItem[], total = items.length): MonitorListResponse {
  const byState: MonitorListResponse['byState'] = {};
  for (const item of items) byState[item.state] = (byState[item.state] ?? 0) + 1;
  return { items, total, byState };
}

describe('MonitorsPage', { timeout: 30_000 }, () => {
  let page: PageHarness<MonitorsPage>;

  const rowIds = () =>
    Array.from(document.querySelectorAll('[data-testid^="monitor-row-"]')).map((row) =>
      row.getAttribute('data-testid')?.replace('monitor-row-', ''),
    );
  const list = (): TestRequest =>
    page.backend.expectOne((r) => r.method === 'GET' && r.url === MONITOR_ROUTES.collection);

  async function open(
    items: MonitorListItem[] | null,
    held: readonly AnyPermission[] = ['monitoring:read', 'monitoring:control'],
  ): Promise<void> {
    page = await openPage(MonitorsPage, { held });
    if (items) {
      list().flush(pageOf(items));
      await page.stable();
    }
  }

  afterEach(() => {
    vi.useRealTimers();
    page.destroy();
  });

  it('shows one page as the API orders it, down first, each state in words with its last 24 hours', async () => {
    await open(null, ['monitoring:read']);
    expect(document.querySelector('mat-progress-bar')).not.toBeNull();
    const asked = list();
    expect(asked.request.params.toString()).toBe('limit=50&offset=0');
    asked.flush(pageOf([DATABASE, CACHE, WEBSITE, BACKUP]));
    await page.stable();

    expect(document.querySelector('mat-progress-bar')).toBeNull();
    expect(rowIds()).toEqual(['m-db', 'm-cache', 'm-web', 'm-backup']);
    expect(page.text('monitor-state-m-db')).toBe('Down');
    expect(page.find('monitor-state-m-db')?.getAttribute('data-tone')).toBe('error');
    expect(page.text('monitor-state-m-web')).toBe('Up');
    expect(page.text('monitor-state-m-backup')).toBe('Paused');
    expect(page.text('monitor-counts')).toBe('1 Down · 1 Pending · 1 Up · 1 Paused');
    expect(page.text('monitor-failures-m-cache')).toBe('1 failed, retrying');

    expect(page.text('monitor-target-m-db')).toBe('postgres://app:****@db.internal:5432/app');
    expect(page.text('monitor-target-m-cache')).toBe('cache.internal:6379');
    expect(page.text('monitor-uptime-m-web')).toBe('99.5 %');
    expect(page.find('monitor-uptime-m-web')?.classList.contains('below')).toBe(true);
    expect(page.text('monitor-uptime-m-cache')).toBe('—');
    const sparkline = page.find('monitor-sparkline-m-web')?.querySelector('svg');
    expect(sparkline?.getAttribute('aria-label')).toBe(
      'Latency over the last 24 hours: 40 to 380 ms, failed checks in 1 hour',
    );
    expect(sparkline?.querySelectorAll('rect.marked')).toHaveLength(1);
    expect(
      page.find('monitor-sparkline-m-cache')?.querySelector('svg')?.getAttribute('aria-label'),
    ).toBe('No latency measured in the last 24 hours');
    expect(page.text('monitor-latency-m-web')).toBe('42 ms');

    expect(page.text('monitor-last-check-m-web')).toBe('3 min ago');
    const time = page.find('monitor-last-check-m-web')?.querySelector('time');
    expect(time?.getAttribute('title')).toMatch(/^\d+ \w{3} \d{4}, \d\d:\d\d:\d\d /);
    expect(page.text('monitor-last-check-m-cache')).toBe('Never');
    expect(page.find('monitor-name-m-web')?.getAttribute('href')).toBe('/m-web');
    expect(page.find('monitor-new')).toBeNull();
  });

  it('says "Slow" in words beside the state of a monitor slower than its threshold', async () => {
    const slow = { ...WEBSITE, slow: true, retries: 1, responseTimeThresholdMs: 300 };
    await open([DATABASE, slow, CACHE], ['monitoring:read']);

    expect(page.text('monitor-state-m-web')).toBe('Up');
    expect(page.text('monitor-slow-m-web')).toBe('Slow');
    expect(page.find('monitor-slow-m-web')?.getAttribute('title')).toBe(
      'Slower than 300 ms for 2 checks in a row.',
    );
    expect(page.find('monitor-slow-m-db')).toBeNull();
    expect(page.find('monitor-slow-m-cache')).toBeNull();
  });

  it('asks the API for the filters chosen, from the first page again, and pages through the total', async () => {
    await open(null);
    list().flush(pageOf([DATABASE, WEBSITE], 120));
    await page.stable();

    await page.choose('monitor-state-filter', 'Down (1)');
    let asked = list();
    expect(asked.request.params.toString()).toBe('state=down&limit=50&offset=0');
    asked.flush(pageOf([DATABASE], 1));
    await page.stable();
    expect(rowIds()).toEqual(['m-db']);

    await page.choose('monitor-kind-filter', 'PostgreSQL');
    asked = list();
    expect(asked.request.params.toString()).toBe('state=down&kind=postgres&limit=50&offset=0');
    asked.flush(pageOf([DATABASE], 1));
    await page.stable();

    // Typed quickly: one request, for what the field holds once typing pauses.
    await page.type('monitor-search', 'db');
    await page.type('monitor-search', 'db.internal');
    page.backend.expectNone((r) => r.url === MONITOR_ROUTES.collection);
    await new Promise((resolve) => setTimeout(resolve, SEARCH_DEBOUNCE_MS + 50));
    await page.stable();
    asked = list();
    expect(asked.request.params.toString()).toBe(
      'q=db.internal&state=down&kind=postgres&limit=50&offset=0',
    );
    asked.flush(pageOf([], 0));
    await page.stable();
    expect(page.text('monitor-empty')).toContain('No monitor matches these filters.');

    await page.click('monitor-clear-filters');
    list().flush(pageOf([DATABASE, WEBSITE], 120));
    await page.stable();
    expect(page.find('monitor-paginator')?.textContent).toContain('1 – 50 of 120');
    page
      .find<HTMLButtonElement>('monitor-paginator')
      ?.querySelector<HTMLButtonElement>('button[aria-label="Next page"]')
      ?.click();
    await page.stable();
    asked = list();
    expect(asked.request.params.toString()).toBe('limit=50&offset=50');
    asked.flush(pageOf([WEBSITE], 120));
    await page.stable();
    expect(rowIds()).toEqual(['m-web']);
  });

  it('says so when no monitors exist yet, and offers to create one', async () => {
    await open([]);

    expect(page.text('monitor-empty')).toContain('No monitors exist yet.');
    expect(page.find('monitor-table')).toBeNull();
    expect(page.find('monitor-new')?.getAttribute('href')).toBe('/new');
  });

  it('says what failed when the list cannot be loaded, and loads again on Retry', async () => {
    await open(null);
    list().flush(...refusal(500, 'boom'));
    await page.stable();

    expect(page.text('monitor-error')).toContain('The monitors could not be loaded.');
    expect(page.text('monitor-error')).toContain('Reference: c-42');
    expect(page.find('monitor-table')).toBeNull();
    expect(page.find('monitor-empty')).toBeNull();

    await page.click('monitor-retry');
    list().flush(pageOf([WEBSITE]));
    await page.stable();

    expect(page.find('monitor-error')).toBeNull();
    expect(rowIds()).toEqual(['m-web']);
  });

  it('asks again every 30 s; when that fails, keeps the rows and says how old they are', async () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    await open([WEBSITE]);

    vi.advanceTimersByTime(MONITORS_REFRESH_MS);
    await page.stable();
    list().flush(pageOf([{ ...WEBSITE, state: 'down', lastMessage: 'HTTP 500' }]));
    await page.stable();
    expect(page.text('monitor-state-m-web')).toBe('Down');
    expect(page.text('monitor-message-m-web')).toBe('HTTP 500');
    expect(page.find('monitor-stale')).toBeNull();

    vi.advanceTimersByTime(MONITORS_REFRESH_MS);
    await page.stable();
    list().flush(null, { status: 0, statusText: 'Unknown Error' });
    await page.stable();

    expect(page.text('monitor-stale')).toMatch(
      /^Not up to date: the last refresh failed \(Cannot reach Hyperion — check your connection\.\)\. These rows are from (just now|\d+ s ago)\. Retry$/,
    );
    expect(page.find('monitor-error')).toBeNull();
    expect(rowIds()).toEqual(['m-web']);

    await page.click('monitor-retry');
    list().flush(pageOf([WEBSITE]));
    await page.stable();
    expect(page.find('monitor-stale')).toBeNull();
  });

  it('checks a monitor now and shows its new verdict in the row, which moves up when down', async () => {
    await open([CACHE, WEBSITE]);

    await page.click('monitor-check-m-web');
    const check = page.backend.expectOne({ method: 'POST', url: MONITOR_ROUTES.check('m-web') });
    expect(page.text('monitor-check-m-web')).toBe('Checking…');
    check.flush({
      ...WEBSITE,
      state: 'down',
      failures: 2,
      lastCheckedAt: new Date().toISOString(),
      lastLatencyMs: 5012,
      lastMessage: 'HTTP 503 Service Unavailable',
    });
    await page.stable();

    expect(rowIds()).toEqual(['m-web', 'm-cache']);
    expect(page.text('monitor-state-m-web')).toBe('Down');
    expect(page.text('monitor-last-check-m-web')).toBe('just now');
    expect(page.text('monitor-latency-m-web')).toBe('5012 ms');
    // The row keeps its last 24 hours (a check answers the monitor only).
    expect(page.text('monitor-uptime-m-web')).toBe('99.5 %');
  });

  it('shows why a check could not run, and clears it on a new attempt', async () => {
    await open([WEBSITE]);

    await page.click('monitor-check-m-web');
    page.backend
      .expectOne(MONITOR_ROUTES.check('m-web'))
      .flush(...refusal(409, 'A check of this monitor is running'));
    await page.stable();
    expect(page.text('monitor-check-error-m-web')).toBe('A check of this monitor is running');

    await page.click('monitor-check-m-web');
    page.backend.expectOne(MONITOR_ROUTES.check('m-web')).flush(WEBSITE);
    await page.stable();
    expect(page.find('monitor-check-error-m-web')).toBeNull();
  });

  it('offers neither "Check now" nor "New monitor" without monitoring:control, and no check of a paused monitor', async () => {
    await open([WEBSITE, BACKUP], ['monitoring:read']);
    expect(document.querySelector('[data-testid^="monitor-check-"]')).toBeNull();
    expect(page.find('monitor-new')).toBeNull();
    page.destroy();

    await open([WEBSITE, BACKUP]);
    expect(page.find('monitor-check-m-web')?.hasAttribute('disabled')).toBe(false);
    expect(page.find('monitor-check-m-backup')?.hasAttribute('disabled')).toBe(true);
  });
});
