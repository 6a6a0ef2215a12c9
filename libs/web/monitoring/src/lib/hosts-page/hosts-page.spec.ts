import { TestRequest } from '@angular/common/http/testing';
import type { AnyPermission, HostSummary } from '@hyperion/contracts';
import { HOST_ROUTES } from '@hyperion/contracts';

import { host } from '../testing/host-fixtures';
import { PageHarness, openPage, refusal } from '../testing/page-harness';
import { HOSTS_PAGE_SIZE, HOSTS_REFRESH_MS, HostsPage } from './hosts-page';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
/** The start of the minute `minutes` before this one (a sparkline point). */
const minuteStart = (minutes: number) =>
  new Date((Math.floor(Date.now() / 60_000) - minutes) * 60_000).toISOString();

const WEB = host({
  id: 'h-web',
  name: 'web-1',
  kind: 'node_exporter',
  url: 'http://10.0.0.7:9100/metrics',
  lastSampleAt: minutesAgo(2),
  latest: { at: minutesAgo(2), cpuPercent: 93.25, memoryPercent: 40, diskPercent: 95.5 },
  cpuSparkline: [
    { at: minuteStart(3), cpuPercent: 20 },
    { at: minuteStart(2), cpuPercent: 93 },
  ],
});
const DB = host({
  id: 'h-db',
  name: 'db-1',
  state: 'down',
  lastError: 'connect ECONNREFUSED 10.0.0.8:9100',
  lastSampleAt: null,
  latest: null,
});

describe('HostsPage', { timeout: 30_000 }, () => {
  let page: PageHarness<HostsPage>;

  const list = (): TestRequest =>
    page.backend.expectOne((r) => r.method === 'GET' && r.url === HOST_ROUTES.collection);

  async function open(
    items: HostSummary[] | null,
    held: readonly AnyPermission[] = ['monitoring:read', 'monitoring:control'],
    nextCursor: string | null = null,
  ): Promise<void> {
    page = await openPage(HostsPage, { held });
    if (items) {
      list().flush({ items, nextCursor });
      await page.stable();
    }
  }

  afterEach(() => {
    vi.useRealTimers();
    page.destroy();
  });

  it('shows each host with its state in words, its latest figures, its CPU sparkline and last sample', async () => {
    await open([DB, WEB]);

    expect(page.text('host-state-h-db')).toBe('Down');
    expect(page.text('host-problem-h-db')).toBe('connect ECONNREFUSED 10.0.0.8:9100');
    expect(page.text('host-cpu-h-db')).toBe('—');
    expect(page.text('host-last-sample-h-db')).toBe('Never');

    expect(page.text('host-state-h-web')).toBe('Up');
    expect(page.text('host-name-h-web')).toBe('web-1');
    expect(page.text('host-row-h-web')).toContain('http://10.0.0.7:9100/metrics · every 15 s');
    // Above the 80 % / 90 % thresholds: in the error colour; memory (40 % ≤ 85 %) is not.
    expect(page.text('host-cpu-h-web')).toBe('93.3 %');
    expect(page.find('host-cpu-h-web')?.classList.contains('above')).toBe(true);
    expect(page.text('host-disk-h-web')).toBe('95.5 %');
    expect(page.find('host-disk-h-web')?.classList.contains('above')).toBe(true);
    expect(page.text('host-memory-h-web')).toBe('40 %');
    expect(page.find('host-memory-h-web')?.classList.contains('above')).toBe(false);
    expect(page.find('host-memory-h-web')?.getAttribute('title')).toBe('Alert above 85 %');
    expect(page.text('host-last-sample-h-web')).toBe('2 min ago');
    expect(
      page.find('host-last-sample-h-web')?.querySelector('time')?.getAttribute('title'),
    ).toMatch(/\d{4}, \d\d:\d\d:\d\d/);

    const spark = page.find('host-sparkline-h-web')?.querySelector('svg');
    expect(spark?.getAttribute('aria-label')).toBe('CPU over the last 30 minutes: 20 % to 93 %');
    expect(spark?.querySelector('path')?.getAttribute('d')).toMatch(
      /^M[\d.]+ [\d.]+ L[\d.]+ [\d.]+$/,
    );
    expect(page.find('host-sparkline-h-db')?.querySelector('svg')?.getAttribute('aria-label')).toBe(
      'No CPU figures in the last 30 minutes',
    );

    expect(page.find('host-new')).not.toBeNull();
    expect(page.find('host-edit-h-web')?.getAttribute('href')).toBe('/h-web/edit');
  });

  it('offers no changes to someone without monitoring:control', async () => {
    await open([WEB], ['monitoring:read']);

    expect(page.find('host-row-h-web')).not.toBeNull();
    expect(page.find('host-new')).toBeNull();
    expect(page.find('host-delete-h-web')).toBeNull();
  });

  it('deletes a host only after the confirmation naming it, and says why when refused', async () => {
    await open([DB, WEB]);

    await page.click('host-delete-h-web');
    expect(page.text('host-delete-dialog')).toContain('Its sampling stops');
    expect(document.querySelector('h2')?.textContent).toBe('Delete “web-1”?');
    page.backend.expectNone(HOST_ROUTES.item('h-web'));

    await page.click('host-delete-dialog-confirm');
    page.backend
      .expectOne({ method: 'DELETE', url: HOST_ROUTES.item('h-web') })
      .flush(...refusal(403, 'Missing permission: monitoring:control'));
    await page.stable();
    expect(page.text('host-delete-dialog-error')).toBe('Missing permission: monitoring:control');

    await page.click('host-delete-dialog-confirm');
    page.backend.expectOne({ method: 'DELETE', url: HOST_ROUTES.item('h-web') }).flush(null);
    await page.stable();
    expect(page.find('host-row-h-web')).toBeNull();
    list().flush({ items: [DB], nextCursor: null });
    await page.stable();
    expect(page.find('host-row-h-db')).not.toBeNull();
  });

  it('follows the cursor to the next page and back', async () => {
    await open([DB], undefined, 'after-db');
    expect(page.text('host-page-number')).toBe('Page 1');

    await page.click('host-next');
    const next = list();
    expect(next.request.params.get('cursor')).toBe('after-db');
    expect(next.request.params.get('limit')).toBe(String(HOSTS_PAGE_SIZE));
    next.flush({ items: [WEB], nextCursor: null });
    await page.stable();
    expect(page.text('host-page-number')).toBe('Page 2');
    expect(page.find('host-row-h-web')).not.toBeNull();
    expect(page.find<HTMLButtonElement>('host-next')?.disabled).toBe(true);

    await page.click('host-previous');
    expect(list().request.params.has('cursor')).toBe(false);
  });

  it('asks again every 30 s and, when that fails, keeps its rows and says how old they are', async () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    await open([WEB]);

    vi.advanceTimersByTime(HOSTS_REFRESH_MS);
    await page.stable();
    list().flush(...refusal(503, 'Service Unavailable'));
    await page.stable();

    expect(page.text('host-stale')).toMatch(
      /^Not up to date: the last refresh failed \(Hyperion is temporarily unavailable/,
    );
    expect(page.find('host-row-h-web')).not.toBeNull();
    expect(page.find('host-error')).toBeNull();

    await page.click('host-retry');
    list().flush({ items: [{ ...WEB, state: 'down' }], nextCursor: null });
    await page.stable();
    expect(page.find('host-stale')).toBeNull();
    expect(page.text('host-state-h-web')).toBe('Down');
  });

  it('says so when there are no hosts', async () => {
    await open([]);
    expect(page.text('host-empty')).toContain('No hosts yet.');
    expect(page.find('host-table')).toBeNull();
  });

  it('says what failed when the first load fails', async () => {
    await open(null);
    list().flush(...refusal(500, 'boom'));
    await page.stable();
    expect(page.text('host-error')).toMatch(
      /^The hosts could not be loaded\. Something went wrong/,
    );
    expect(page.find('host-table')).toBeNull();
  });
});
