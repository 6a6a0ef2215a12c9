import type { ServiceSummary } from '@hyperion/contracts';
import { ALERT_ROUTES, ON_CALL_ROUTES, SERVICE_ROUTES } from '@hyperion/contracts';

import { aPolicy, aService, aTeam } from '../config-shared/testing/fixtures';
import { PageHarness, openPage, refusal } from '../config-shared/testing/page-harness';
import { ServicesPage } from './services-page';

const OPS = aTeam();
const DEFAULT = aPolicy();
const NIGHT = aPolicy({ id: 'p-night', name: 'Night shift', isDefault: false });
const API = aService({
  teamId: OPS.id,
  openAlerts: { critical: 2, low: 1 },
  integrations: [],
});
const DB = aService({ id: 's-db', name: 'Database', escalationPolicyId: NIGHT.id });

describe('ServicesPage', { timeout: 30_000 }, () => {
  let page: PageHarness<ServicesPage>;

  async function open(
    services: ServiceSummary[],
    held: Parameters<typeof openPage>[1] = ['alerts:read', 'alerts:write', 'notifications:read'],
  ): Promise<void> {
    page = await openPage(ServicesPage, held);
    page.backend.expectOne(SERVICE_ROUTES.collection).flush(services);
    if (held.includes('notifications:read')) {
      page.backend.expectOne(ON_CALL_ROUTES.teams).flush([OPS]);
    }
    page.backend.expectOne(ALERT_ROUTES.escalationPolicies).flush([DEFAULT, NIGHT]);
    await page.stable();
  }

  afterEach(() => page.destroy());

  it('lists each service with its team, policy, open alerts in words and integrations', async () => {
    await open([API, DB]);
    expect(page.text(`service-team-${API.id}`)).toBe('Ops');
    expect(page.text(`service-policy-${API.id}`)).toBe('Default (Default)');
    expect(page.text(`service-policy-${DB.id}`)).toBe('Night shift');
    expect(page.text(`service-open-${API.id}`)).toBe('2 critical 1 low');
    expect(page.text(`service-open-${DB.id}`)).toBe('None open');
    expect(page.text(`service-integrations-${API.id}`)).toContain('None');
  });

  it('says so when there are none, and retries a failed load', async () => {
    page = await openPage(ServicesPage);
    page.backend.expectOne(SERVICE_ROUTES.collection).flush(...refusal(503, 'Service Unavailable'));
    page.backend.expectOne(ON_CALL_ROUTES.teams).flush([]);
    page.backend.expectOne(ALERT_ROUTES.escalationPolicies).flush([]);
    await page.stable();
    expect(page.text('services-error')).toContain('temporarily unavailable');
    await page.click('services-retry');
    page.backend.expectOne(SERVICE_ROUTES.collection).flush([]);
    await page.stable();
    expect(page.text('services-empty')).toContain('No services yet.');
  });

  it('creates a service with every setting, and shows a 409 beside the name', async () => {
    await open([DB]);
    await page.click('service-new');
    page.type('service-name', 'API');
    page.type('service-description', 'Public REST API');
    await page.choose('service-team', 'Ops');
    page.type('service-auto-resolve', '60');
    page.type('service-group-by', 'alertname, cluster');
    await page.choose('service-depends-on', 'Database');
    document.body.click();
    await page.stable();
    await page.click('service-submit');

    const refused = page.backend.expectOne(
      (r) => r.method === 'POST' && r.url === SERVICE_ROUTES.collection,
    );
    expect(refused.request.body).toEqual({
      name: 'API',
      description: 'Public REST API',
      teamId: OPS.id,
      autoResolveMinutes: 60,
      urgencyRule: 'severity',
      groupBy: ['alertname', 'cluster'],
      groupWaitSeconds: 10,
      groupIntervalSeconds: 300,
      dependsOn: [DB.id],
    });
    refused.flush(...refusal(409, 'A service named "API" already exists'));
    await page.stable();
    expect(page.text('service-name-error')).toBe('A service named "API" already exists.');
    expect(page.text('service-form-error')).toContain('see the field marked below');

    page.type('service-name', 'Public API');
    await page.stable();
    expect(page.find('service-name-error')).toBeNull();
    await page.click('service-submit');
    page.backend
      .expectOne((r) => r.method === 'POST')
      .flush(aService({ id: 's-new', name: 'Public API' }));
    await page.stable();
    expect(page.find('service-row-s-new')).not.toBeNull();
  });

  it('puts a 400 message on the field it names', async () => {
    await open([DB]);
    await page.click('service-new');
    page.type('service-name', 'Cache');
    page.type('service-group-by', 'region');
    await page.click('service-submit');
    page.backend
      .expectOne((r) => r.method === 'POST')
      .flush(...refusal(400, ['groupBy: region is not allowed here']));
    await page.stable();
    expect(page.text('service-group-by-error')).toBe('Region is not allowed here.');
  });

  it('refuses a bad form before sending it, with messages from the rules', async () => {
    await open([]);
    await page.click('service-new');
    page.type('service-name', ' padded ');
    page.type('service-auto-resolve', '0');
    page.type('service-group-by', '1bad');
    await page.click('service-submit');
    expect(page.text('service-name-error')).toContain('without leading or trailing spaces');
    expect(page.text('service-auto-resolve-error')).toBe('A whole number from 1 to 10,080.');
    expect(page.text('service-group-by-error')).toContain('not starting with a digit');
    page.backend.expectNone((r) => r.method === 'POST');
  });

  it('empties optional settings with `clear` when editing', async () => {
    await open([API]);
    await page.click(`service-edit-${API.id}`);
    await page.choose('service-team', 'No team');
    page.type('service-group-wait', '30');
    await page.click('service-submit');
    const request = page.backend.expectOne((r) => r.method === 'PATCH');
    expect(request.request.url).toBe(SERVICE_ROUTES.item(API.id));
    expect(request.request.body).toEqual({ groupWaitSeconds: 30, clear: ['teamId'] });
    request.flush({ ...API, teamId: null, groupWaitSeconds: 30 });
    await page.stable();
    expect(page.text(`service-team-${API.id}`)).toBe('No team');
  });

  it('deletes after a confirmation, and offers no changes to a reader', async () => {
    await open([API]);
    await page.click(`service-delete-${API.id}`);
    expect(page.text('service-delete-dialog')).toContain('cannot be undone');
    await page.click('service-delete-dialog-confirm');
    page.backend
      .expectOne((r) => r.method === 'DELETE' && r.url === SERVICE_ROUTES.item(API.id))
      .flush(null, { status: 204, statusText: 'No Content' });
    await page.stable();
    expect(page.find(`service-row-${API.id}`)).toBeNull();
    page.destroy();

    await open([API], ['alerts:read']);
    expect(page.find('service-new')).toBeNull();
    expect(page.find(`service-edit-${API.id}`)).toBeNull();
    expect(page.text(`service-team-${API.id}`)).toBe('Unknown team');
  });
});
