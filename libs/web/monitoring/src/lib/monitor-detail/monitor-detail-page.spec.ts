import { Clipboard } from '@angular/cdk/clipboard';
import { TestBed } from '@angular/core/testing';
import type { AnyPermission, MonitorResult, MonitorSummary } from '@hyperion/contracts';
import { MONITOR_ROUTES } from '@hyperion/contracts';

import { monitor } from '../testing/monitor-fixtures';
import { PageHarness, openPage, refusal } from '../testing/page-harness';
import { DETAIL_REFRESH_MS, DETAIL_RESULTS, MonitorDetailPage } from './monitor-detail-page';

const minutesAgo = (minutes: number) => new Date(Date.now() - minutes * 60_000).toISOString();
const today = new Date().toISOString().slice(0, 10);

const BACKUP = monitor({
  id: 'm-push',
  name: 'Nightly backup',
  kind: 'push',
  target: {},
  state: 'down',
  pushUrl: '/api/v1/push/tok3n',
  stateChangedAt: minutesAgo(90),
  lastCheckedAt: minutesAgo(1),
  lastMessage: 'No push for 25 h',
});
const RESULTS: MonitorResult[] = [
  { checkedAt: minutesAgo(1), up: false, latencyMs: null, message: 'No push for 25 h' },
  { checkedAt: minutesAgo(2), up: true, latencyMs: 80, message: 'Pushed' },
  { checkedAt: minutesAgo(3), up: true, latencyMs: 40, message: 'Pushed' },
];

describe('MonitorDetailPage', { timeout: 60_000 }, () => {
  let page: PageHarness<MonitorDetailPage>;

  /** Answers the four requests of one load. */
  function answer(summary: MonitorSummary = BACKUP, results: MonitorResult[] = RESULTS): void {
    page.backend.expectOne(MONITOR_ROUTES.item(summary.id)).flush(summary);
    const asked = page.backend.expectOne((r) => r.url === MONITOR_ROUTES.results(summary.id));
    expect(asked.request.params.get('limit')).toBe(String(DETAIL_RESULTS));
    asked.flush(results);
    page.backend
      .expectOne(MONITOR_ROUTES.uptime(summary.id))
      .flush({ day: 66.667, week: 99.95, month: 100, quarter: null });
    page.backend
      .expectOne(MONITOR_ROUTES.days(summary.id))
      .flush([{ date: today, uptime: 66.667, checks: 3 }]);
  }

  async function open(
    held: readonly AnyPermission[] = ['monitoring:read', 'monitoring:control'],
  ): Promise<void> {
    page = await openPage(MonitorDetailPage, { held, inputs: { id: 'm-push' } });
    answer();
    await page.stable();
  }

  afterEach(() => {
    vi.useRealTimers();
    page.destroy();
  });

  it('shows the state in words, the uptime windows, the 90-day bars, the latency chart and the results', async () => {
    await open();

    expect(page.text('monitor-detail-name')).toBe('Nightly backup');
    expect(page.text('monitor-detail-state')).toBe('Down');
    expect(page.text('monitor-detail-since')).toBe('Its checks fail. Since 1 h ago.');
    expect(page.text('monitor-detail-uptime-day')).toBe('66.67 %');
    expect(page.find('monitor-detail-uptime-day')?.classList.contains('below')).toBe(true);
    expect(page.text('monitor-detail-uptime-week')).toBe('99.95 %');
    expect(page.text('monitor-detail-uptime-month')).toBe('100 %');
    expect(page.text('monitor-detail-uptime-quarter')).toBe('—');

    const bars = page.find('monitor-detail-bars');
    expect(bars?.querySelectorAll('rect.bar')).toHaveLength(90);
    expect(bars?.querySelector('rect.bar:last-of-type')?.getAttribute('data-tone')).toBe('bad');

    const chart = page.find('monitor-detail-chart');
    expect(chart?.querySelector('svg')?.getAttribute('aria-label')).toBe(
      'Latency of Nightly backup, last 3 checks',
    );
    // Oldest first; the failed check measured nothing: a gap at the end, not a drop to 0.
    expect(chart?.querySelector('[data-testid="chart-summary"]')?.textContent).toMatch(
      /^Latency: 2 points from .+; lowest 40 ms, highest 80 ms, latest 80 ms\.$/,
    );

    expect(page.text('monitor-detail-results-count')).toBe('3 latest, newest first: 1 failed.');
    const rows = Array.from(document.querySelectorAll('[data-testid="monitor-detail-result"]'));
    expect(rows.map((row) => row.getAttribute('data-up'))).toEqual(['false', 'true', 'true']);
    expect(
      Array.from(rows[0].querySelectorAll('td')).map((cell) => cell.textContent?.trim()),
    ).toEqual(['Down', '—', 'No push for 25 h', '1 min ago']);
  });

  it('shows the push URL of a push monitor and copies it, saying whether that worked', async () => {
    await open();
    const copy = vi.spyOn(TestBed.inject(Clipboard), 'copy').mockReturnValue(true);

    const url = `${location.origin}/api/v1/push/tok3n`;
    expect(page.text('monitor-detail-push-url')).toBe(url);
    await page.click('monitor-detail-push-copy');
    expect(copy).toHaveBeenCalledWith(url);
    expect(page.text('monitor-detail-push-copy')).toBe('Copied');

    copy.mockReturnValue(false);
    await page.click('monitor-detail-push-copy');
    expect(page.text('monitor-detail-push-status')).toBe(
      'Copy failed: select the URL and copy it by hand.',
    );
  });

  it('checks now and loads the page again; a refusal is said in words', async () => {
    await open();

    await page.click('monitor-detail-check');
    page.backend.expectOne(MONITOR_ROUTES.check('m-push')).flush({ ...BACKUP, state: 'up' });
    await page.stable();
    answer({ ...BACKUP, state: 'up' });
    await page.stable();
    expect(page.text('monitor-detail-state')).toBe('Up');

    await page.click('monitor-detail-check');
    page.backend
      .expectOne(MONITOR_ROUTES.check('m-push'))
      .flush(...refusal(409, 'A check of this monitor is running'));
    await page.stable();
    expect(page.text('monitor-detail-check-error')).toBe('A check of this monitor is running');
    expect(page.find('monitor-detail-edit')?.getAttribute('href')).toBe('/edit');
  });

  it('asks again every 30 s and, when that fails, keeps what it shows and says it is not up to date', async () => {
    vi.useFakeTimers({ toFake: ['setInterval'] });
    await open(['monitoring:read']);
    expect(page.find('monitor-detail-check')).toBeNull();

    vi.advanceTimersByTime(DETAIL_REFRESH_MS);
    await page.stable();
    page.backend
      .expectOne(MONITOR_ROUTES.item('m-push'))
      .flush(...refusal(503, 'Service Unavailable'));
    page.backend.match(() => true);
    await page.stable();

    expect(page.text('monitor-detail-stale')).toMatch(/^Not up to date: the last refresh failed/);
    expect(page.text('monitor-detail-name')).toBe('Nightly backup');
    expect(page.find('monitor-detail-error')).toBeNull();
  });

  it('says "Slow" in words beside the state, and what its response-time alert is', async () => {
    page = await openPage(MonitorDetailPage, {
      held: ['monitoring:read'],
      inputs: { id: 'm-push' },
    });
    answer(
      monitor({ id: 'm-push', state: 'up', slow: true, retries: 0, responseTimeThresholdMs: 250 }),
    );
    await page.stable();

    expect(page.text('monitor-detail-state')).toBe('Up');
    expect(page.text('monitor-detail-slow')).toBe('Slow');
    expect(page.find('monitor-detail-slow')?.getAttribute('title')).toBe(
      'Slower than 250 ms for 1 check in a row.',
    );
    expect(page.text('monitor-detail-threshold')).toBe('Slower than 250 ms for 1 check in a row');
  });

  it('shows neither "Slow" nor a response-time alert for a push monitor', async () => {
    await open();

    expect(page.find('monitor-detail-slow')).toBeNull();
    expect(page.find('monitor-detail-threshold')).toBeNull();
  });

  it('says what failed when the monitor cannot be loaded', async () => {
    page = await openPage(MonitorDetailPage, { inputs: { id: 'm-push' } });
    page.backend
      .expectOne(MONITOR_ROUTES.item('m-push'))
      .flush(...refusal(404, 'Monitor not found'));
    page.backend.match(() => true);
    await page.stable();

    expect(page.text('monitor-detail-error')).toBe(
      'The monitor could not be loaded. Monitor not found Retry',
    );
    expect(page.find('monitor-detail-name')).toBeNull();
  });
});
