import { ALERT_ROUTES, ON_CALL_ROUTES, SERVICE_ROUTES } from '@hyperion/contracts';

import { aPolicy, aService, aTeam, anIntegration } from '../config-shared/testing/fixtures';
import { PageHarness, openPage, refusal } from '../config-shared/testing/page-harness';
import { ServiceDetailPage } from './service-detail-page';

const KEY = '0123456789abcdef0123456789abcdef';
const PROM = anIntegration({ routingKey: KEY });
const DB = aService({ id: 's-db', name: 'Database' });
const API = aService({
  teamId: 't-ops',
  dependsOn: [DB.id],
  autoResolveMinutes: 90,
  integrations: [PROM],
});
const WEB = aService({ id: 's-web', name: 'Website', dependsOn: [API.id] });

describe('ServiceDetailPage', { timeout: 30_000 }, () => {
  let page: PageHarness<ServiceDetailPage>;

  async function open(held: Parameters<typeof openPage>[1] = undefined): Promise<void> {
    page = await openPage(ServiceDetailPage, held, [], { id: API.id });
    page.backend.expectOne(SERVICE_ROUTES.item(API.id)).flush(API);
    page.backend.expectOne(SERVICE_ROUTES.collection).flush([API, DB, WEB]);
    page.backend.expectOne(ON_CALL_ROUTES.teams).flush([aTeam()]);
    page.backend.expectOne(ALERT_ROUTES.escalationPolicies).flush([aPolicy()]);
    await page.stable();
  }

  afterEach(() => page.destroy());

  it('shows the settings, what it depends on and what depends on it', async () => {
    await open();
    expect(page.text('service-title')).toBe('API');
    const settings = page.text('service-settings');
    expect(settings).toContain('Ops');
    expect(settings).toContain("The organisation's default (Default)");
    expect(settings).toContain('After 1 h 30 min without a new occurrence');
    expect(page.text('service-depends-on')).toBe('Database');
    expect(page.text('service-dependants')).toBe('Website');
  });

  it('shows each integration with its routing key, ingest URLs and examples', async () => {
    await open();
    const origin = location.origin;
    expect(page.text(`integration-key-${PROM.id}`)).toBe(KEY);
    expect(page.text(`integration-url-${PROM.id}`)).toBe(
      `${origin}/api/v2/alerts?routing_key=${KEY}`,
    );
    expect(page.text(`integration-webhook-${PROM.id}`)).toBe(
      `${origin}/api/v1/alerts/alertmanager?routing_key=${KEY}`,
    );
    const prometheus = page.find(`integration-prometheus-${PROM.id}`)?.textContent ?? '';
    expect(prometheus).toContain(`credentials: ${KEY}`);
    expect(prometheus).toContain(`targets: ['${location.hostname}:`);
    expect(page.find(`integration-key-${PROM.id}-copy`)?.getAttribute('aria-label')).toBe(
      'Copy the routing key of Prometheus',
    );
  });

  it('adds an events integration and shows its key, curl example and events URL', async () => {
    await open();
    await page.click('integration-new');
    page.type('integration-name', 'Cron jobs');
    await page.choose('integration-kind', 'Events API (PagerDuty-style)');
    page.type('integration-rate', '0');
    await page.click('integration-submit');
    expect(page.text('integration-rate-error')).toBe('A whole number from 1 to 1,000,000.');
    page.type('integration-rate', '120');
    await page.click('integration-submit');

    const request = page.backend.expectOne(
      (r) => r.method === 'POST' && r.url === SERVICE_ROUTES.integrations(API.id),
    );
    expect(request.request.body).toEqual({
      name: 'Cron jobs',
      kind: 'events',
      rateLimitPerMinute: 120,
    });
    request.flush(...refusal(400, ['rateLimitPerMinute: above the organisation limit']));
    await page.stable();
    expect(page.text('integration-rate-error')).toBe('Above the organisation limit.');

    page.type('integration-rate', '60');
    await page.click('integration-submit');
    const CRON = anIntegration({
      id: 'i-cron',
      name: 'Cron jobs',
      kind: 'events',
      routingKey: 'f'.repeat(32),
    });
    page.backend.expectOne((r) => r.method === 'POST').flush(CRON);
    await page.stable();
    expect(page.text(`integration-url-${CRON.id}`)).toBe(`${location.origin}/api/v1/alerts/events`);
    expect(page.text(`integration-curl-${CRON.id}`)).toContain(
      `"routing_key": "${'f'.repeat(32)}"`,
    );
  });

  it('deletes an integration after a confirmation, and offers no changes to a reader', async () => {
    await open();
    await page.click(`integration-delete-${PROM.id}`);
    expect(page.text('integration-delete-dialog')).toContain('stops working at once');
    await page.click('integration-delete-dialog-confirm');
    page.backend
      .expectOne(
        (r) => r.method === 'DELETE' && r.url === SERVICE_ROUTES.integration(API.id, PROM.id),
      )
      .flush(null, { status: 204, statusText: 'No Content' });
    await page.stable();
    expect(page.find(`integration-${PROM.id}`)).toBeNull();
    expect(page.text('integrations-empty')).toContain('receives no alerts');
    page.destroy();

    await open(['alerts:read', 'notifications:read']);
    expect(page.find('integration-new')).toBeNull();
    expect(page.find(`integration-delete-${PROM.id}`)).toBeNull();
    expect(page.find('service-detail-edit')).toBeNull();
  });
});
