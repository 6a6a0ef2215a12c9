import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import type { ServiceSummary } from '@hyperion/contracts';
import { MONITOR_ROUTES, SERVICE_ROUTES } from '@hyperion/contracts';

import { monitor } from '../testing/monitor-fixtures';
import { PageHarness, openPage, refusal } from '../testing/page-harness';
import { MonitorFormPage } from './monitor-form-page';

const SERVICES = [{ id: 's-shop', name: 'Shop' }] as ServiceSummary[];
const DATABASE = monitor({
  id: 'm-db',
  name: 'Orders DB',
  kind: 'postgres',
  target: { connectionString: 'postgres://app:****@db.internal:5432/orders' },
  groupName: 'billing',
  tags: ['db', 'prod'],
  serviceId: 's-shop',
});

describe('MonitorFormPage', { timeout: 60_000 }, () => {
  let page: PageHarness<MonitorFormPage>;
  let navigate: { mock: { calls: unknown[][] } };

  async function open(id?: string): Promise<void> {
    page = await openPage(MonitorFormPage, {
      held: ['monitoring:read', 'monitoring:control', 'alerts:read'],
      inputs: id ? { id } : {},
    });
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    page.backend.expectOne(SERVICE_ROUTES.collection).flush(SERVICES);
    if (id) page.backend.expectOne(MONITOR_ROUTES.item(id)).flush(DATABASE);
    await page.stable();
  }

  const sent = (method: string, url: string) =>
    page.backend.expectOne((r) => r.method === method && r.url === url);

  afterEach(() => page.destroy());

  it('creates an HTTP monitor from its fields, numbers and lists as the API wants them', async () => {
    await open();
    await page.type('monitor-form-name', 'Shop health');
    await page.type('monitor-form-url', 'https://shop.example.com/health');
    await page.type('monitor-form-acceptedStatuses', '200-299, 301');
    await page.type('monitor-form-keyword', '"ok"');
    await page.type('monitor-form-certificateMinDays', '14');
    await page.type('monitor-form-interval', '30');
    await page.type('monitor-form-timeout', '5');
    await page.type('monitor-form-group', 'shop');
    await page.type('monitor-form-tags', 'edge, prod');
    await page.choose('monitor-form-service', 'Shop');
    await page.click('monitor-form-save');

    const create = sent('POST', MONITOR_ROUTES.collection);
    expect(create.request.body).toEqual({
      name: 'Shop health',
      kind: 'http',
      target: {
        url: 'https://shop.example.com/health',
        acceptedStatuses: ['200-299', '301'],
        keyword: '"ok"',
        certificateMinDays: 14,
      },
      intervalSeconds: 30,
      timeoutSeconds: 5,
      retries: 1,
      enabled: true,
      groupName: 'shop',
      serviceId: 's-shop',
      tags: ['edge', 'prod'],
      responseTimeThresholdMs: 2000,
    });
    create.flush(monitor({ id: 'm-new' }));
    await page.stable();
    expect(navigate.mock.calls[0]?.[0]).toEqual(['..', 'm-new']);
  });

  it('asks for the fields of the kind chosen, and checks them as the API does before sending', async () => {
    await open();
    await page.choose('monitor-form-kind', 'TCP');
    expect(page.find('monitor-form-url')).toBeNull();
    await page.type('monitor-form-name', ' padded ');
    await page.type('monitor-form-host', 'db.internal');
    await page.type('monitor-form-port', '70000');
    await page.type('monitor-form-interval', '5');
    await page.type('monitor-form-tags', 'ok, not ok');
    await page.click('monitor-form-save');

    expect(page.text('monitor-form-error')).toBe('Some fields need fixing: they are marked below.');
    expect(page.text('monitor-form-name-error')).toBe(
      '1 to 128 characters on one line, without leading or trailing spaces.',
    );
    expect(page.text('monitor-form-port-error')).toBe('A whole number from 1 to 65535.');
    expect(page.text('monitor-form-interval-error')).toBe('A whole number from 10 to 86400.');
    expect(page.text('monitor-form-tags-error')).toContain('letters, digits');
    page.backend.expectNone((r) => r.method === 'POST');

    await page.choose('monitor-form-kind', 'Push');
    expect(page.text('monitor-form-push-note')).toContain('push URL');
    expect(page.find('monitor-form-port')).toBeNull();
  });

  it('shows the API’s refusal beside the field it names', async () => {
    await open();
    await page.choose('monitor-form-kind', 'Log');
    await page.type('monitor-form-name', 'App errors');
    await page.type('monitor-form-path', '/var/log/app.log');
    await page.type('monitor-form-pattern', '(a+)+$');
    await page.click('monitor-form-save');
    sent('POST', MONITOR_ROUTES.collection).flush(
      ...refusal(400, 'target.pattern: a quantified group must not hold a quantifier ("(a+)+")'),
    );
    await page.stable();

    expect(page.text('monitor-form-pattern-error')).toBe(
      'A quantified group must not hold a quantifier ("(a+)+").',
    );
    expect(page.text('monitor-form-error')).toBe(
      'Hyperion refused this: see the fields marked below.',
    );

    // A name taken already (409) goes to the name.
    await page.type('monitor-form-pattern', 'FATAL');
    await page.click('monitor-form-save');
    sent('POST', MONITOR_ROUTES.collection).flush(
      ...refusal(409, 'A monitor named "App errors" already exists'),
    );
    await page.stable();
    expect(page.text('monitor-form-name-error')).toBe(
      'A monitor named "App errors" already exists.',
    );
    expect(navigate.mock.calls).toHaveLength(0);
  });

  it('alerts when slower than 2000 ms by default; empty is off; push monitors have no such field', async () => {
    await open();
    expect(page.find<HTMLInputElement>('monitor-form-threshold')?.value).toBe('2000');
    await page.type('monitor-form-name', 'Shop health');
    await page.type('monitor-form-url', 'https://shop.example.com/health');
    await page.type('monitor-form-threshold', '');
    await page.click('monitor-form-save');
    let create = sent('POST', MONITOR_ROUTES.collection);
    expect(create.request.body).toMatchObject({ clear: ['responseTimeThresholdMs'] });
    expect(create.request.body.responseTimeThresholdMs).toBeUndefined();
    create.flush(...refusal(400, 'target.url: a URL'));
    await page.stable();

    await page.choose('monitor-form-kind', 'Push');
    expect(page.find('monitor-form-threshold')).toBeNull();
    await page.click('monitor-form-save');
    create = sent('POST', MONITOR_ROUTES.collection);
    expect(create.request.body.responseTimeThresholdMs).toBeUndefined();
    expect(create.request.body.clear).toBeUndefined();
    create.flush(monitor({ id: 'm-push', kind: 'push' }));
    await page.stable();
  });

  it('holds the threshold to the timeout, and shows the API’s refusal of it beside the field', async () => {
    await open();
    await page.type('monitor-form-name', 'Shop health');
    await page.type('monitor-form-url', 'https://shop.example.com/health');
    await page.type('monitor-form-timeout', '1');
    await page.click('monitor-form-save');
    expect(page.text('monitor-form-threshold-error')).toBe(
      'At most the timeout (1000 ms): a slower check times out and fails.',
    );
    page.backend.expectNone((r) => r.method === 'POST');
    await page.type('monitor-form-threshold', '0');
    expect(page.text('monitor-form-threshold-error')).toContain('Milliseconds, up to the timeout');

    await page.type('monitor-form-threshold', '900');
    await page.click('monitor-form-save');
    const create = sent('POST', MONITOR_ROUTES.collection);
    expect(create.request.body).toMatchObject({ timeoutSeconds: 1, responseTimeThresholdMs: 900 });
    create.flush(
      ...refusal(400, 'responseTimeThresholdMs: at most the timeout (1000 ms): a slower check'),
    );
    await page.stable();
    expect(page.text('monitor-form-threshold-error')).toBe(
      'At most the timeout (1000 ms): a slower check.',
    );
    expect(page.text('monitor-form-error')).toBe(
      'Hyperion refused this: see the fields marked below.',
    );
  });

  it('switches the response-time alert off by clearing it, and changes it', async () => {
    await open('m-db');
    expect(page.find<HTMLInputElement>('monitor-form-threshold')?.value).toBe('2000');

    await page.type('monitor-form-threshold', '');
    await page.click('monitor-form-save');
    let update = sent('PATCH', MONITOR_ROUTES.item('m-db'));
    expect(update.request.body.clear).toEqual(['responseTimeThresholdMs']);
    expect(update.request.body.responseTimeThresholdMs).toBeUndefined();
    update.flush({ ...DATABASE, responseTimeThresholdMs: null });
    await page.stable();

    await page.type('monitor-form-threshold', '1500');
    await page.click('monitor-form-save');
    update = sent('PATCH', MONITOR_ROUTES.item('m-db'));
    expect(update.request.body.responseTimeThresholdMs).toBe(1500);
    expect(update.request.body.clear).toBeUndefined();
    update.flush(DATABASE);
    await page.stable();
  });

  it('shows a stored secret masked and keeps it unless retyped; sends only what changes the target', async () => {
    await open('m-db');

    const field = page.find<HTMLInputElement>('monitor-form-connectionString');
    expect(field?.value).toBe('');
    expect(page.text('monitor-form-connectionString-stored')).toBe(
      'Stored as postgres://app:****@db.internal:5432/orders: leave empty to keep it, type a new one to replace it.',
    );
    expect(page.find<HTMLInputElement>('monitor-form-tags')?.value).toBe('db, prod');
    expect(page.find('monitor-form-kind')?.getAttribute('aria-disabled')).toBe('true');

    await page.type('monitor-form-name', 'Orders database');
    await page.type('monitor-form-group', '');
    await page.click('monitor-form-save');
    let update = sent('PATCH', MONITOR_ROUTES.item('m-db'));
    expect(update.request.body).toEqual({
      name: 'Orders database',
      intervalSeconds: 60,
      timeoutSeconds: 10,
      retries: 1,
      enabled: true,
      serviceId: 's-shop',
      tags: ['db', 'prod'],
      responseTimeThresholdMs: 2000,
      clear: ['groupName'],
    });
    update.flush({ ...DATABASE, name: 'Orders database' });
    await page.stable();
    expect(navigate.mock.calls[0]?.[0]).toEqual(['..', 'm-db']);

    await page.type(
      'monitor-form-connectionString',
      'postgres://app:s3cret@db2.internal:5432/orders',
    );
    await page.click('monitor-form-save');
    update = sent('PATCH', MONITOR_ROUTES.item('m-db'));
    expect(update.request.body.target).toEqual({
      connectionString: 'postgres://app:s3cret@db2.internal:5432/orders',
    });
    update.flush(DATABASE);
    await page.stable();
  });

  it('deletes only after confirming, then goes back to the list', async () => {
    await open('m-db');

    await page.click('monitor-form-delete');
    expect(page.text('monitor-delete-dialog')).toContain('This cannot be undone.');
    page.backend.expectNone((r) => r.method === 'DELETE');
    await page.click('monitor-delete-dialog-confirm');
    sent('DELETE', MONITOR_ROUTES.item('m-db')).flush(null);
    await page.stable();

    expect(navigate.mock.calls[0]?.[0]).toEqual(['..']);
  });

  it('offers no form without monitoring:control', async () => {
    page = await openPage(MonitorFormPage, { held: ['monitoring:read'] });

    expect(page.text('monitor-form-forbidden')).toContain(
      'needs the monitoring:control permission',
    );
    expect(page.find('monitor-form')).toBeNull();
  });
});
