import type { TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { AlertListResponse, AlertSummary, ServiceSummary } from '@hyperion/contracts';
import { ALERT_ROUTES, SERVICE_ROUTES } from '@hyperion/contracts';
import { SocketService } from '@hyperion/web/realtime';

import { PageHarness, openPage, refusal } from '../config-shared/testing/page-harness';
import { FakeSocket, alert, minutesAgo } from '../testing/alert-fixtures';
import { AlertsPage } from './alerts-page';

const DB = alert();
const DISK = alert({
  id: 'a-2',
  serviceId: 's-web',
  serviceName: 'Web',
  dedupKey: 'disk-full',
  summary: 'Disk full on web-1',
  source: 'web-1',
  severity: 'medium',
  state: 'acknowledged',
  acknowledgedAt: minutesAgo(2),
  suppressed: 'inhibited',
  inhibitedBy: DB.id,
  occurrences: 12,
});

const SERVICES = [
  { id: 's-db', name: 'PostgreSQL' },
  { id: 's-web', name: 'Web' },
] as ServiceSummary[];

const answer = (
  items: AlertSummary[],
  total = items.length,
  totalIsLowerBound = false,
): AlertListResponse => ({
  items,
  total,
  totalIsLowerBound,
  openBySeverity: { critical: 1, medium: 1 },
});

describe('AlertsPage', { timeout: 30_000 }, () => {
  let page: PageHarness<AlertsPage>;
  let socket: FakeSocket;

  const listRequest = (): TestRequest =>
    page.backend.expectOne((r) => r.method === 'GET' && r.url === ALERT_ROUTES.list);
  const rowIds = () =>
    Array.from(document.querySelectorAll('[data-testid^="alert-row-"]')).map((row) =>
      row.getAttribute('data-testid')?.replace('alert-row-', ''),
    );
  const chip = (testId: string) => page.find(testId)?.querySelector('.label')?.textContent?.trim();
  const url = () => TestBed.inject(Router).url;

  async function open(
    list: AlertListResponse,
    held: Parameters<typeof openPage>[1] = ['alerts:read', 'alerts:ack'],
    connected = false,
  ): Promise<TestRequest> {
    socket = new FakeSocket(connected);
    page = await openPage(AlertsPage, held, [{ provide: SocketService, useValue: socket }]);
    const first = listRequest();
    first.flush(list);
    page.backend.expectOne(SERVICE_ROUTES.collection).flush(SERVICES);
    await page.stable();
    return first;
  }

  afterEach(() => {
    vi.useRealTimers();
    page.destroy();
  });

  it('shows the open alerts, one page of 50: severity and state in words, why nobody is paged, how often and when', async () => {
    const first = await open(answer([DB, DISK], 2));
    const params = first.request.params;
    expect(params.get('state')).toBe('open');
    expect(params.get('limit')).toBe('50');
    expect(params.get('offset')).toBe('0');

    expect(rowIds()).toEqual([DB.id, DISK.id]);
    expect(chip(`alert-severity-${DB.id}`)).toBe('Critical');
    expect(chip(`alert-state-${DB.id}`)).toBe('Triggered');
    expect(chip(`alert-severity-${DISK.id}`)).toBe('Medium');
    expect(chip(`alert-state-${DISK.id}`)).toBe('Acknowledged');
    expect(page.text(`alert-suppressed-${DISK.id}`)).toBe(
      'Inhibited by the alert it depends on · nobody paged',
    );
    expect(page.find(`alert-suppressed-${DISK.id}`)?.querySelector('a')?.getAttribute('href')).toBe(
      `/detail/${DB.id}`,
    );
    expect(page.find(`alert-suppressed-${DB.id}`)).toBeNull();
    expect(page.text(`alert-occurrences-${DISK.id}`)).toBe('12');
    expect(page.text(`alert-last-seen-${DB.id}`)).toMatch(
      /^3 min ago ?\d+ \w{3} \d{4}, \d\d:\d\d:\d\d /,
    );
    expect(page.find(`alert-summary-${DB.id}`)?.getAttribute('href')).toBe(`/detail/${DB.id}`);
    expect(page.text('alerts-counter-critical')).toBe('1 Critical');
    expect(page.text('alerts-counter-high')).toBe('0 High');
    expect(page.text('alerts-range')).toBe('1–2 of 2 alerts');
    // Acknowledged already: resolve and snooze only.
    expect(page.find(`alert-ack-${DISK.id}`)).toBeNull();
    expect(page.find(`alert-resolve-${DISK.id}`)?.getAttribute('aria-label')).toBe(
      'Resolve “Disk full on web-1”',
    );
    expect(page.text('alerts-freshness')).toBe(
      'Updated just now (live updates are off: asking every 30 s)',
    );
  });

  it('keeps the filters in the URL and asks the API for exactly them, page by page', async () => {
    await open(answer([DB], 120));
    expect(page.text('alerts-range')).toBe('1–1 of 120 alerts');

    await page.choose('alerts-filter-severity', 'Critical');
    expect(url()).toBe('/?severity=critical');
    const critical = listRequest();
    expect(critical.request.params.get('severity')).toBe('critical');
    expect(critical.request.params.get('state')).toBe('open');
    critical.flush(answer([DB], 120));
    await page.stable();

    await page.choose('alerts-filter-service', 'Web');
    expect(url()).toBe('/?severity=critical&service=s-web');
    const web = listRequest();
    expect(web.request.params.get('serviceId')).toBe('s-web');
    web.flush(answer([], 0));
    await page.stable();
    expect(page.text('alerts-empty')).toBe('No alerts match these filters.');

    await page.choose('alerts-filter-state', 'All');
    expect(url()).toBe('/?severity=critical&service=s-web&state=all');
    const all = listRequest();
    expect(all.request.params.has('state')).toBe(false);
    all.flush(answer([DB], 120));
    await page.stable();

    page.type('alerts-search', 'db-1');
    await new Promise((resolve) => setTimeout(resolve, 450));
    await page.stable();
    expect(url()).toContain('q=db-1');
    const searched = listRequest();
    expect(searched.request.params.get('q')).toBe('db-1');
    // A search past the count's bound says "and more", and still offers the next page.
    searched.flush(answer([DB], 10_000, true));
    await page.stable();
    expect(page.text('alerts-range')).toBe('1–1 of 10,000+ alerts');

    await page.click('alerts-next');
    expect(url()).toContain('page=2');
    const second = listRequest();
    expect(second.request.params.get('offset')).toBe('50');
    second.flush(answer([DISK], 120));
    await page.stable();
    expect(page.text('alerts-range')).toBe('51–51 of 120 alerts');

    // A new filter starts again at the first page.
    await page.click('alerts-counter-medium');
    expect(url()).toBe('/?severity=medium&service=s-web&q=db-1');
    const medium = listRequest();
    expect(medium.request.params.get('offset')).toBe('0');
    expect(medium.request.params.get('state')).toBe('open');
    medium.flush(answer([DISK]));
    await page.stable();

    // Opened from a link: the URL's filters are the page's.
    await TestBed.inject(Router).navigateByUrl('/?state=resolved&severity=low&page=3');
    await page.stable();
    const linked = listRequest();
    expect(linked.request.params.get('state')).toBe('resolved');
    expect(linked.request.params.get('severity')).toBe('low');
    expect(linked.request.params.get('offset')).toBe('100');
    linked.flush(answer([], 100));
    await page.stable();
  });

  it('acknowledges, resolves and snoozes one alert, and shows the API’s refusal on its row', async () => {
    await open(answer([DB, DISK]));

    await page.click(`alert-ack-${DB.id}`);
    page.backend
      .expectOne((r) => r.method === 'POST' && r.url === ALERT_ROUTES.action(DB.id))
      .flush(...refusal(403, 'Missing permission alerts:ack'));
    await page.stable();
    expect(page.find(`alert-error-${DB.id}`)?.getAttribute('role')).toBe('alert');
    expect(page.text(`alert-error-${DB.id}`)).toBe(
      "You don't have permission to do that (it needs alerts:ack)",
    );
    expect(chip(`alert-state-${DB.id}`)).toBe('Triggered');

    await page.click(`alert-ack-${DB.id}`);
    const ack = page.backend.expectOne((r) => r.url === ALERT_ROUTES.action(DB.id));
    expect(ack.request.body).toEqual({ action: 'acknowledge' });
    ack.flush({ ...DB, state: 'acknowledged', acknowledgedAt: new Date().toISOString() });
    await page.stable();
    expect(page.find(`alert-error-${DB.id}`)).toBeNull();
    expect(chip(`alert-state-${DB.id}`)).toBe('Acknowledged');
    expect(page.find(`alert-ack-${DB.id}`)).toBeNull();

    await page.click(`alert-snooze-${DISK.id}`);
    await page.click('alert-snooze-option-60');
    const snooze = page.backend.expectOne((r) => r.url === ALERT_ROUTES.action(DISK.id));
    expect(snooze.request.body).toEqual({ action: 'snooze', minutes: 60 });
    snooze.flush({
      ...DISK,
      state: 'snoozed',
      snoozedUntil: new Date(Date.now() + 3600_000).toISOString(),
    });
    await page.stable();
    expect(chip(`alert-state-${DISK.id}`)).toBe('Snoozed');
  });

  it('acts on the selected alerts only after a confirmation naming how many, then asks for the page again', async () => {
    await open(answer([DB, DISK]));
    expect(page.find('alerts-bulk')).toBeNull();

    await page.check(`alert-select-${DB.id}`);
    await page.check(`alert-select-${DISK.id}`);
    expect(page.text('alerts-bulk-count')).toBe('2 selected');

    await page.click('alerts-bulk-resolve');
    expect(document.querySelector('h2[mat-dialog-title]')?.textContent).toBe('Resolve 2 alerts?');
    page.backend.expectNone((r) => r.method === 'POST');
    // Cancelled: nothing sent, the selection kept.
    (document.querySelector('mat-dialog-actions button') as HTMLElement).click();
    await page.stable();
    page.backend.expectNone((r) => r.method === 'POST');
    expect(page.text('alerts-bulk-count')).toBe('2 selected');

    await page.click('alerts-bulk-ack');
    await page.click('alerts-bulk-confirm-confirm');
    const refused = page.backend.expectOne(
      (r) => r.method === 'POST' && r.url === ALERT_ROUTES.bulk,
    );
    refused.flush(...refusal(400, 'ids must contain at most 500 elements'));
    await page.stable();
    expect(page.text('alerts-bulk-confirm-error')).toBe('Ids must contain at most 500 elements');

    await page.click('alerts-bulk-confirm-confirm');
    const bulk = page.backend.expectOne((r) => r.method === 'POST' && r.url === ALERT_ROUTES.bulk);
    expect(bulk.request.body).toEqual({ action: 'acknowledge', ids: [DB.id, DISK.id] });
    bulk.flush({ changed: [DB.id] });
    await page.stable();
    expect(document.querySelector('mat-snack-bar-container')?.textContent).toContain(
      '1 alert acknowledged (1 already were).',
    );
    listRequest().flush(answer([{ ...DB, state: 'acknowledged' }, DISK]));
    await page.stable();
    expect(page.find('alerts-bulk')).toBeNull();
    expect(chip(`alert-state-${DB.id}`)).toBe('Acknowledged');
  });

  it('offers no actions to someone who may only read', async () => {
    await open(answer([DB]), ['alerts:read']);
    expect(page.find(`alert-ack-${DB.id}`)).toBeNull();
    expect(page.find(`alert-select-${DB.id}`)).toBeNull();
  });

  it('keeps the list but says loudly it may be out of date when a refresh fails', async () => {
    await open(answer([DB]));
    await page.click('alerts-refresh');
    listRequest().flush(null, { status: 0, statusText: 'Unknown Error' });
    await page.stable();
    expect(rowIds()).toEqual([DB.id]);
    const freshness = page.text('alerts-freshness') ?? '';
    expect(freshness).toContain('May be out of date');
    expect(freshness).toContain('Cannot reach Hyperion');
    expect(page.find('alerts-freshness')?.getAttribute('data-stale')).toBe('true');

    await page.click('alerts-retry');
    listRequest().flush(answer([]));
    await page.stable();
    expect(page.find('alerts-freshness')?.getAttribute('data-stale')).toBe('false');
    expect(page.text('alerts-empty')).toBe('No open alerts: all quiet.');
  });

  describe('live', () => {
    it('says "Live" only while the socket is connected, and asks again when it (re)connects', async () => {
      await open(answer([DB]));
      socket.connectedState.set(true);
      await page.stable();
      listRequest().flush(answer([DB]));
      await page.stable();
      expect(page.text('alerts-freshness')).toBe('Live: changes show as they happen');
      expect(page.find('alerts-freshness')?.getAttribute('data-live')).toBe('true');

      socket.drop();
      await page.stable();
      expect(page.find('alerts-freshness')?.getAttribute('data-live')).toBe('false');
      expect(page.text('alerts-freshness')).toContain('live updates are off');

      socket.reconnect();
      await page.stable();
      listRequest().flush(answer([DB]));
      await page.stable();
      expect(page.text('alerts-freshness')).toBe('Live: changes show as they happen');
    });

    it('updates a row in place from alerts:changed and ignores an older copy arriving late', async () => {
      await open(answer([DB, DISK]), undefined, true);
      const acked = {
        ...DB,
        state: 'acknowledged' as const,
        acknowledgedAt: new Date().toISOString(),
      };
      socket.changed(acked);
      await page.stable();
      expect(chip(`alert-state-${DB.id}`)).toBe('Acknowledged');
      expect(page.text('alerts-counter-critical')).toBe('1 Critical');

      socket.changed(DB);
      await page.stable();
      expect(chip(`alert-state-${DB.id}`)).toBe('Acknowledged');

      const resolved = {
        ...acked,
        state: 'resolved' as const,
        resolvedAt: new Date(Date.now() + 1000).toISOString(),
      };
      socket.changed(resolved);
      await page.stable();
      expect(chip(`alert-state-${DB.id}`)).toBe('Resolved');
      expect(page.text('alerts-counter-critical')).toBe('0 Critical');
      expect(page.text(`alert-leaving-${DB.id}`)).toBe(
        'No longer matches the filters: leaves at the next refresh.',
      );
      expect(rowIds()).toEqual([DB.id, DISK.id]);
      page.backend.expectNone((r) => r.url === ALERT_ROUTES.list);
    });

    it('asks for the page again, once for a burst, when alerts not shown change', async () => {
      await open(answer([DISK]), undefined, true);
      const fresh = (id: string) => alert({ id, lastSeenAt: new Date().toISOString() });
      socket.changed(fresh('a-10'));
      socket.changed(fresh('a-11'), fresh('a-12'));
      await page.stable();
      page.backend.expectNone((r) => r.url === ALERT_ROUTES.list);

      await new Promise((resolve) => setTimeout(resolve, 1_100));
      await page.stable();
      const again = listRequest();
      expect(again.request.params.get('offset')).toBe('0');
      again.flush(answer([fresh('a-12'), fresh('a-11'), fresh('a-10'), DISK]));
      await page.stable();
      expect(rowIds()).toEqual(['a-12', 'a-11', 'a-10', DISK.id]);
    });

    it('applies the changes that arrive while a refresh is answered', async () => {
      await open(answer([DB]), undefined, true);
      await page.click('alerts-refresh');
      const refresh = listRequest();
      socket.changed({ ...DB, state: 'acknowledged', acknowledgedAt: new Date().toISOString() });
      await page.stable();
      // The answer was read before the acknowledgement.
      refresh.flush(answer([DB]));
      await page.stable();
      expect(chip(`alert-state-${DB.id}`)).toBe('Acknowledged');
    });
  });
});
