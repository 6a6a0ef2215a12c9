import type { TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { IncidentListResponse, IncidentPerson, IncidentSummary } from '@hyperion/contracts';
import { INCIDENT_ROUTES } from '@hyperion/contracts';

import { anIncident, settings } from '../testing/fixtures';
import { OpenOptions, PageHarness, openPage, refusal } from '../testing/harness';
import { IncidentsPage } from './incidents-page';

const DB = anIncident();
const DISK = anIncident({
  id: 'i-2',
  number: 2,
  title: 'Disk almost full on web-1',
  severity: 'high',
  status: 'acknowledged',
  module: 'Monitoring',
  assignee: { userId: 'u-bob', name: 'bob' },
  reportedAt: '2026-12-06T10:00:00.000Z',
  version: 3,
});

/** GET /incidents/members: the assignee filter's choices (incidents:read is enough). */
const MEMBERS: IncidentPerson[] = [
  { userId: 'u-bob', name: 'bob' },
  { userId: 'u-carol', name: 'carol' },
];

const page1 = (
  items: IncidentSummary[],
  nextCursor: string | null = null,
): IncidentListResponse => ({
  items,
  nextCursor,
});

describe('IncidentsPage', { timeout: 30_000 }, () => {
  let page: PageHarness<IncidentsPage>;

  const listRequest = (): TestRequest =>
    page.backend.expectOne((r) => r.method === 'GET' && r.url === INCIDENT_ROUTES.collection);
  const rowIds = () =>
    Array.from(document.querySelectorAll('[data-testid^="incident-row-"]')).map((row) =>
      row.getAttribute('data-testid')?.replace('incident-row-', ''),
    );
  const url = () => TestBed.inject(Router).url;

  async function open(
    list: IncidentListResponse,
    connected = false,
    held?: OpenOptions['held'],
  ): Promise<TestRequest> {
    page = await openPage(IncidentsPage, { connected, held });
    const first = listRequest();
    first.flush(list);
    page.backend.expectOne(INCIDENT_ROUTES.settings).flush(settings());
    page.backend.expectOne(INCIDENT_ROUTES.members).flush(MEMBERS);
    await page.stable();
    return first;
  }

  afterEach(() => page.destroy());

  it('lists the incidents: number, severity in words with the sheet label, status, assignee', async () => {
    const first = await open(page1([DB, DISK]));
    expect(first.request.params.get('sort')).toBe('newest');
    expect(first.request.params.get('limit')).toBe('50');
    expect(first.request.params.has('cursor')).toBe(false);

    expect(rowIds()).toEqual([DB.id, DISK.id]);
    expect(page.text(`incident-row-${DB.id}`)).toContain('#001');
    expect(page.chip(`incident-severity-${DB.id}`)).toBe('Critical');
    expect(page.chip(`incident-severity-${DISK.id}`)).toBe('High · Major');
    expect(page.chip(`incident-status-${DISK.id}`)).toBe('Acknowledged');
    expect(page.text(`incident-assignee-${DISK.id}`)).toBe('bob');
    expect(page.text(`incident-assignee-${DB.id}`)).toBe('Unassigned');
    expect(page.find(`incident-link-${DB.id}`)?.getAttribute('href')).toBe(`/${DB.id}`);
    expect(page.find(`incident-link-${DB.id}`)?.textContent?.trim()).toBe(DB.title);
    // Not connected: it says since when the list may be out of date.
    expect(page.find('incidents-freshness')?.getAttribute('data-stale')).toBe('true');
    expect(page.text('incidents-freshness')).toMatch(
      /Stale since \d\d:\d\d:\d\d: live updates are off/,
    );
  });

  it('updates rows live, ignores an older copy, and puts a new incident on top', async () => {
    await open(page1([DB, DISK]), true);
    expect(page.text('incidents-freshness')).toBe('Live: changes show as they happen');

    page.socket.changed({ ...DB, status: 'resolved', version: 2 });
    await page.stable();
    expect(page.chip(`incident-status-${DB.id}`)).toBe('Resolved');

    page.socket.changed({ ...DB, status: 'open', version: 1 });
    await page.stable();
    expect(page.chip(`incident-status-${DB.id}`)).toBe('Resolved');

    const fresh = anIncident({
      id: 'i-3',
      number: 3,
      title: 'Redis unreachable',
      reportedAt: new Date().toISOString(),
    });
    page.socket.changed(fresh);
    await page.stable();
    expect(rowIds()).toEqual(['i-3', DB.id, DISK.id]);
    expect(page.text('incident-row-i-3')).toContain('#003');
    page.backend.expectNone((r) => r.url === INCIDENT_ROUTES.collection);

    // Lost: it says so, and asks again once reconnected.
    page.socket.drop(new Date('2026-12-07T03:30:00'));
    await page.stable();
    expect(page.text('incidents-freshness')).toContain('Stale since 03:30:00');
    page.socket.reconnect();
    await page.stable();
    listRequest().flush(page1([DB]));
    await page.stable();
    expect(page.text('incidents-freshness')).toBe('Live: changes show as they happen');
  });

  it('loads the next page with the cursor, after the rows shown', async () => {
    await open(page1([DB], 'cursor-1'));
    expect(page.text('incidents-load-more')).toBe('Load 50 more');

    await page.click('incidents-load-more');
    const next = listRequest();
    expect(next.request.params.get('cursor')).toBe('cursor-1');
    expect(next.request.params.get('sort')).toBe('newest');
    next.flush(page1([DISK], null));
    await page.stable();

    expect(rowIds()).toEqual([DB.id, DISK.id]);
    expect(page.find('incidents-load-more')).toBeNull();
    expect(page.text('incidents-end')).toBe('2 incidents: that is all.');
  });

  it('says why the next page failed, and tries again', async () => {
    await open(page1([DB], 'cursor-1'));
    await page.click('incidents-load-more');
    listRequest().flush(null, { status: 0, statusText: 'Unknown Error' });
    await page.stable();
    expect(page.text('incidents-more-error')).toContain('Cannot reach Hyperion');
    expect(rowIds()).toEqual([DB.id]);
  });

  it('keeps the filters in the URL and asks the API for exactly them', async () => {
    await open(page1([DB, DISK]));

    await page.choose('incidents-filter-severity', 'High (Major)');
    expect(url()).toBe('/?severity=high');
    const high = listRequest();
    expect(high.request.params.get('severity')).toBe('high');
    high.flush(page1([DISK]));
    await page.stable();

    await page.choose('incidents-filter-module', 'Monitoring');
    const module = listRequest();
    expect(module.request.params.get('module')).toBe('Monitoring');
    module.flush(page1([]));
    await page.stable();
    expect(page.text('incidents-empty')).toBe('No incidents match these filters.');

    await page.choose('incidents-sort', 'Most severe first');
    const sorted = listRequest();
    expect(sorted.request.params.get('sort')).toBe('severity');
    sorted.flush(page1([DISK]));
    await page.stable();

    await page.type('incidents-search', 'connexion refusée');
    await new Promise((resolve) => setTimeout(resolve, 450));
    await page.stable();
    const searched = listRequest();
    expect(searched.request.params.get('q')).toBe('connexion refusée');
    searched.flush(page1([DISK]));
    await page.stable();

    await page.type('incidents-from', '2026-12-01');
    const ranged = listRequest();
    expect(ranged.request.params.get('from')).toBe(new Date(2026, 11, 1).toISOString());
    ranged.flush(page1([DISK]));
    await page.stable();
    expect(url()).toContain('from=2026-12-01');

    await page.click('incidents-clear-filters');
    const cleared = listRequest();
    expect(cleared.request.params.has('severity')).toBe(false);
    expect(cleared.request.params.get('sort')).toBe('severity');
    cleared.flush(page1([DB, DISK]));
    await page.stable();
  });

  it('keeps the list but says loudly it may be out of date when a refresh fails', async () => {
    await open(page1([DB]));
    await page.click('incidents-refresh');
    listRequest().flush(...refusal(503, 'Service Unavailable'));
    await page.stable();
    expect(rowIds()).toEqual([DB.id]);
    expect(page.text('incidents-freshness')).toContain('May be out of date');
    expect(page.text('incidents-freshness')).toContain('Hyperion is temporarily unavailable');

    await page.click('incidents-retry');
    listRequest().flush(page1([]));
    await page.stable();
    expect(page.text('incidents-empty')).toBe('No incidents yet.');
  });

  it('offers "New incident" only to those who may write', async () => {
    await open(page1([DB]));
    expect(page.find('incidents-new')?.getAttribute('href')).toBe('/new');
    page.destroy();
    await open(page1([DB]), false, ['incidents:read']);
    expect(page.find('incidents-new')).toBeNull();
  });

  it('filters by assignee among the members, for a reader too', async () => {
    await open(page1([DB, DISK]), false, ['incidents:read']);
    await page.choose('incidents-filter-assignee', 'carol');
    const filtered = listRequest();
    expect(filtered.request.params.get('assigneeId')).toBe('u-carol');
    filtered.flush(page1([]));
    await page.stable();
    expect(url()).toContain('assignee=u-carol');
  });
});
