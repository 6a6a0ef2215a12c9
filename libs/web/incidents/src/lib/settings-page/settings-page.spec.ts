import type { TeamSummary } from '@hyperion/contracts';
import { INCIDENT_ROUTES, NOTIFICATION_CHANNEL_ROUTES, ON_CALL_ROUTES } from '@hyperion/contracts';

import { settings } from '../testing/fixtures';
import { PageHarness, openPage, refusal } from '../testing/harness';
import { IncidentSettingsPage } from './settings-page';

describe('IncidentSettingsPage', { timeout: 30_000 }, () => {
  let page: PageHarness<IncidentSettingsPage>;

  beforeEach(async () => {
    page = await openPage(IncidentSettingsPage, {
      held: ['incidents:read', 'incidents:write', 'notifications:read'],
    });
    page.backend.expectOne(INCIDENT_ROUTES.settings).flush(settings());
    page.backend.expectOne(ON_CALL_ROUTES.contacts).flush([]);
    page.backend
      .expectOne(ON_CALL_ROUTES.teams)
      .flush([{ id: 't-dev', name: 'Lead devs' }] as TeamSummary[]);
    page.backend.expectOne(ON_CALL_ROUTES.schedules).flush([]);
    page.backend.expectOne(NOTIFICATION_CHANNEL_ROUTES.collection).flush([]);
    await page.stable();
  });

  afterEach(() => page.destroy());

  it('edits the modules, the alert rules and the contacts by severity, and saves them all', async () => {
    expect(page.find<HTMLInputElement>('module-0')?.value).toBe('API');
    await page.click('module-remove-0');
    await page.click('module-add');
    await page.type('module-7', 'Billing');
    await page.check('settings-open-high');
    await page.check('settings-resolve-alerts');
    await page.type('contacts-label-high', 'Lead devs');
    await page.choose('contacts-add-high', 'Lead devs');
    expect(page.text('contacts-target-high-0')).toContain('Lead devs');

    await page.click('settings-save');
    const save = page.backend.expectOne(
      (r) => r.method === 'PUT' && r.url === INCIDENT_ROUTES.settings,
    );
    const body = save.request.body as ReturnType<typeof settings>;
    expect(body.modules).toEqual([
      'Dashboard',
      'Authentication',
      'Monitoring',
      'SSH',
      'Notifications',
      'File Management',
      'WebSockets',
      'Billing',
    ]);
    expect(body.openFromAlertSeverities).toEqual(['critical', 'high']);
    expect(body.resolveAlertsOnResolve).toBe(false);
    expect(body.contacts.high).toEqual({
      label: 'Lead devs',
      targets: [{ type: 'team', id: 't-dev' }],
      channelKinds: ['email', 'slack'],
    });
    expect(body.contacts.critical.label).toBe('CTO + Lead Dev + DevOps');
    save.flush(body);
    await page.stable();
    expect(document.querySelector('mat-snack-bar-container')?.textContent).toContain(
      'Incident settings saved.',
    );
  });

  it('refuses a module twice, and shows the API’s refusal', async () => {
    await page.click('module-add');
    await page.type('module-8', 'api');
    await page.click('settings-save');
    expect(page.text('modules-duplicate')).toBe('“api” is in the list twice.');
    page.backend.expectNone((r) => r.method === 'PUT');

    await page.type('module-8', 'Billing');
    await page.click('settings-save');
    page.backend
      .expectOne(INCIDENT_ROUTES.settings)
      .flush(...refusal(400, 'modules: at most 50 modules of 1 to 64 characters'));
    await page.stable();
    expect(page.text('settings-error')).toBe('Modules: at most 50 modules of 1 to 64 characters');
  });
});
