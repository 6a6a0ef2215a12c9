import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { HOST_ROUTES } from '@hyperion/contracts';

import { host } from '../testing/host-fixtures';
import { PageHarness, openPage, refusal } from '../testing/page-harness';
import { HostFormPage } from './host-form-page';

const REMOTE = host({
  id: 'h-web',
  name: 'web-1',
  kind: 'node_exporter',
  url: 'http://10.0.0.7:9100/metrics',
  hasToken: true,
  tags: ['edge'],
  thresholds: { cpuPercent: 80, memoryPercent: null, diskPercent: 90, forSeconds: 120 },
});

describe('HostFormPage', { timeout: 60_000 }, () => {
  let page: PageHarness<HostFormPage>;
  let navigate: { mock: { calls: unknown[][] } };

  async function open(id?: string): Promise<void> {
    page = await openPage(HostFormPage, { inputs: id ? { id } : {} });
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    if (id) page.backend.expectOne(HOST_ROUTES.item(id)).flush(REMOTE);
    await page.stable();
  }

  const sent = (method: string, url: string) =>
    page.backend.expectOne((r) => r.method === method && r.url === url);

  afterEach(() => page.destroy());

  it('adds a node_exporter host with its token, interval and thresholds, then opens it', async () => {
    await open();
    await page.type('host-form-name', 'web-2');
    await page.type('host-form-url', 'http://10.0.0.9:9100/metrics');
    await page.type('host-form-token', 's3cret-token');
    await page.type('host-form-interval', '30');
    await page.type('host-form-tags', 'edge, prod');
    await page.type('host-form-cpuPercent', '75');
    await page.click('host-form-save');

    const create = sent('POST', HOST_ROUTES.collection);
    expect(create.request.body).toEqual({
      name: 'web-2',
      kind: 'node_exporter',
      url: 'http://10.0.0.9:9100/metrics',
      token: 's3cret-token',
      intervalSeconds: 30,
      enabled: true,
      tags: ['edge', 'prod'],
      thresholds: { cpuPercent: 75, memoryPercent: 85, diskPercent: 90, forSeconds: 300 },
    });
    create.flush(host({ id: 'h-new' }));
    await page.stable();
    expect(navigate.mock.calls[0]?.[0]).toEqual(['..', 'h-new']);
  });

  it('adds this Hyperion host without a URL, and checks the fields before sending', async () => {
    await open();
    await page.type('host-form-interval', '2');
    await page.click('host-form-save');
    expect(page.text('host-form-error')).toBe('Some fields need fixing: they are marked below.');
    expect(page.text('host-form-name-error')).toBe('Required.');
    expect(page.text('host-form-url-error')).toBe('Required.');
    expect(page.text('host-form-interval-error')).toMatch(/A whole number from 5 to 3600\./);
    page.backend.expectNone(HOST_ROUTES.collection);

    await page.choose('host-form-kind', 'This Hyperion host');
    expect(page.find('host-form-url')).toBeNull();
    await page.type('host-form-name', 'this box');
    await page.type('host-form-interval', '5');
    await page.click('host-form-save');
    const create = sent('POST', HOST_ROUTES.collection);
    expect(create.request.body).toMatchObject({
      name: 'this box',
      kind: 'local',
      intervalSeconds: 5,
    });
    expect(create.request.body).not.toHaveProperty('url');
    create.flush(host({ id: 'h-local' }));
  });

  it('shows a refusal of the API beside the field it names', async () => {
    await open();
    await page.type('host-form-name', 'web-2');
    await page.type('host-form-url', 'http://user:pw@10.0.0.9:9100/metrics');
    await page.click('host-form-save');
    sent('POST', HOST_ROUTES.collection).flush(
      ...refusal(400, ['url: without a user or password in it']),
    );
    await page.stable();

    expect(page.text('host-form-error')).toBe(
      'Hyperion refused this: see the fields marked below.',
    );
    expect(page.text('host-form-url-error')).toBe('Without a user or password in it.');
    expect(navigate.mock.calls).toHaveLength(0);
  });

  it('edits a host: keeps the stored token unless told, turns an emptied threshold off', async () => {
    await open('h-web');
    expect(page.find<HTMLInputElement>('host-form-name')?.value).toBe('web-1');
    expect(page.text('host-form-token-stored')).toContain('A token is stored');
    expect(page.find<HTMLInputElement>('host-form-memoryPercent')?.value).toBe('');

    await page.type('host-form-cpuPercent', '');
    await page.type('host-form-memoryPercent', '70');
    await page.click('host-form-save');

    const update = sent('PATCH', HOST_ROUTES.item('h-web'));
    expect(update.request.body).toEqual({
      name: 'web-1',
      url: 'http://10.0.0.7:9100/metrics',
      intervalSeconds: 15,
      enabled: true,
      tags: ['edge'],
      thresholds: { memoryPercent: 70, diskPercent: 90, forSeconds: 120 },
      clear: ['cpuPercent'],
    });
    update.flush(REMOTE);
    await page.stable();
    expect(navigate.mock.calls[0]?.[0]).toEqual(['..', 'h-web']);
  });

  it('says plainly that changing hosts needs monitoring:control', async () => {
    page = await openPage(HostFormPage, { held: ['monitoring:read'] });
    expect(page.text('host-form-forbidden')).toBe(
      "You can't change hosts: that needs the monitoring:control permission.",
    );
    expect(page.find('host-form')).toBeNull();
  });
});
