import type { AnyPermission, ServiceInfo, ServiceList } from '@hyperion/contracts';
import { SERVICE_CONTROL_UNAVAILABLE, SYSTEM_ROUTES } from '@hyperion/contracts';

import { PageHarness, openPage, refusal } from '../../testing/page-harness';
import { ServicesPage } from './services-page';

const NGINX: ServiceInfo = {
  unit: 'nginx.service',
  load: 'loaded',
  active: 'active',
  sub: 'running',
  description: 'A high performance web server',
};
const BACKUP: ServiceInfo = {
  unit: 'backup.service',
  load: 'loaded',
  active: 'failed',
  sub: 'failed',
  description: 'Nightly backup',
};
const CRON: ServiceInfo = {
  unit: 'cron.service',
  load: 'loaded',
  active: 'inactive',
  sub: 'dead',
  description: 'Regular background program processing daemon',
};

describe('ServicesPage', { timeout: 60_000 }, () => {
  let page: PageHarness<ServicesPage>;

  const rowUnits = () =>
    Array.from(document.querySelectorAll('[data-testid^="service-row-"]')).map((row) =>
      row.getAttribute('data-testid')?.replace('service-row-', ''),
    );

  async function open(
    list: ServiceList,
    held: readonly AnyPermission[] = ['monitoring:read', 'monitoring:control'],
  ): Promise<void> {
    page = await openPage(ServicesPage, { held });
    page.backend.expectOne(SYSTEM_ROUTES.services).flush(list);
    await page.stable();
  }

  afterEach(() => page.destroy());

  it('lists the units with their state in words, failed first, and filters them', async () => {
    await open({ available: true, reason: null, services: [NGINX, CRON, BACKUP] });

    expect(rowUnits()).toEqual(['backup.service', 'cron.service', 'nginx.service']);
    expect(page.text('service-state-backup.service')).toBe('failed (failed)');
    expect(page.find('service-state-backup.service')?.getAttribute('data-tone')).toBe('error');
    expect(page.text('service-state-nginx.service')).toBe('active (running)');
    expect(page.find('service-state-nginx.service')?.getAttribute('data-tone')).toBe('ok');
    expect(page.text('service-row-nginx.service')).toContain('A high performance web server');
    expect(page.find('service-start-cron.service')).not.toBeNull();
    expect(page.find('service-restart-nginx.service')).not.toBeNull();

    await page.type('service-filter', 'web server');
    expect(rowUnits()).toEqual(['nginx.service']);
    expect(page.text('service-count')).toBe('1 of 3 services');
  });

  it('restarts a unit after a confirmation naming it, and shows its new state', async () => {
    await open({ available: true, reason: null, services: [NGINX, BACKUP] });

    await page.click('service-restart-nginx.service');
    expect(document.querySelector('h2')?.textContent).toBe('Restart nginx.service?');
    page.backend.expectNone(SYSTEM_ROUTES.serviceAction('nginx.service', 'restart'));
    await page.click('service-action-dialog-confirm');
    page.backend
      .expectOne({ method: 'POST', url: SYSTEM_ROUTES.serviceAction('nginx.service', 'restart') })
      .flush({ unit: 'nginx.service', action: 'restart', service: { ...NGINX, sub: 'running' } });
    await page.stable();

    expect(page.text('service-outcome')).toBe(
      'nginx.service restarted: now active (running). Dismiss',
    );
  });

  it("shows systemctl's own words when it fails, and the missing permission in words", async () => {
    await open({ available: true, reason: null, services: [BACKUP] });

    await page.click('service-start-backup.service');
    await page.click('service-action-dialog-confirm');
    page.backend
      .expectOne(SYSTEM_ROUTES.serviceAction('backup.service', 'start'))
      .flush(
        ...refusal(
          502,
          'systemctl start backup.service failed (exit 1): Job for backup.service failed because the control process exited with error code.',
        ),
      );
    await page.stable();
    expect(page.text('service-action-dialog-error')).toBe(
      'systemctl start backup.service failed (exit 1): Job for backup.service failed because the control process exited with error code.',
    );

    await page.click('service-action-dialog-confirm');
    page.backend
      .expectOne(SYSTEM_ROUTES.serviceAction('backup.service', 'start'))
      .flush(...refusal(403, 'Missing permission: monitoring:control'));
    await page.stable();
    expect(page.text('service-action-dialog-error')).toMatch(
      /^You need the monitoring:control permission/,
    );
  });

  it('says plainly when service control is unavailable on this host, and why', async () => {
    await open({
      available: false,
      reason: `${SERVICE_CONTROL_UNAVAILABLE}: systemd is not running`,
      services: [],
    });

    expect(page.text('service-unavailable')).toMatch(/^Service control unavailable on this host\./);
    expect(page.text('service-unavailable-reason')).toBe('Why: systemd is not running.');
    expect(page.find('service-table')).toBeNull();
  });

  it('offers no action to someone without monitoring:control', async () => {
    await open({ available: true, reason: null, services: [NGINX] }, ['monitoring:read']);
    expect(page.find('service-row-nginx.service')).not.toBeNull();
    expect(page.find('service-restart-nginx.service')).toBeNull();
  });
});
