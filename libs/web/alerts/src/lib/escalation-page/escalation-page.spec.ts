import type { ContactSummary } from '@hyperion/contracts';
import { ALERT_ROUTES, NOTIFICATION_CHANNEL_ROUTES, ON_CALL_ROUTES } from '@hyperion/contracts';

import { aPolicy, aTeam } from '../config-shared/testing/fixtures';
import { PageHarness, openPage, refusal } from '../config-shared/testing/page-harness';
import { EscalationPoliciesPage } from './escalation-page';

const ALICE: ContactSummary = {
  id: 'c-alice',
  name: 'Alice',
  userId: null,
  email: 'alice@example.com',
  phone: null,
  handles: {},
  timeZone: 'UTC',
  createdAt: '2026-12-01T08:00:00.000Z',
  updatedAt: '2026-12-01T08:00:00.000Z',
};
const OPS = aTeam();
const DEFAULT = aPolicy({
  levels: [
    {
      name: 'DevOps',
      delayMinutes: 0,
      targets: [{ type: 'team', id: OPS.id }],
      channelKinds: ['email', 'slack'],
    },
    { name: 'Lead dev', delayMinutes: 15, targets: [], channelKinds: ['sms'] },
    {
      name: 'CTO',
      delayMinutes: 30,
      targets: [{ type: 'contact', id: 'c-gone' }],
      channelKinds: ['voice'],
    },
  ],
});

describe('EscalationPoliciesPage', { timeout: 30_000 }, () => {
  let page: PageHarness<EscalationPoliciesPage>;

  async function open(held: Parameters<typeof openPage>[1] = undefined): Promise<void> {
    page = await openPage(EscalationPoliciesPage, held);
    page.backend.expectOne(ALERT_ROUTES.escalationPolicies).flush([DEFAULT]);
    page.backend.expectOne(ON_CALL_ROUTES.contacts).flush([ALICE]);
    page.backend.expectOne(ON_CALL_ROUTES.teams).flush([OPS]);
    page.backend.expectOne(ON_CALL_ROUTES.schedules).flush([]);
    page.backend.expectOne(NOTIFICATION_CHANNEL_ROUTES.collection).flush([]);
    await page.stable();
  }

  afterEach(() => page.destroy());

  it('shows the default policy as the API returns it, level by level, in words', async () => {
    await open();
    expect(page.text(`policy-default-${DEFAULT.id}`)).toBe('Default');
    expect(page.text(`policy-level-${DEFAULT.id}-0`)).toMatch(
      /DevOps\s*At once\s*Ops and every Email and Slack channel$/,
    );
    expect(page.text(`policy-level-${DEFAULT.id}-1`)).toMatch(
      /Lead dev\s*After 15 min\s*every SMS channel$/,
    );
    expect(page.text(`policy-level-${DEFAULT.id}-2`)).toContain('Unknown person (deleted?)');
    expect(page.text(`policy-repeat-${DEFAULT.id}`)).toBe('Runs once.');
  });

  it('creates a policy with levels reaching people by name, checked before sending', async () => {
    await open();
    await page.click('policy-new');
    page.type('policy-name', 'Night');
    page.type('level-name-0', 'On call');
    page.type('level-delay-0', '0');
    await page.click('policy-submit');
    expect(page.text('level-nobody-0')).toContain('would page nobody');
    await page.choose('level-target-add-0', 'Alice');
    expect(page.text('level-target-0-0')).toContain('Alice');

    await page.click('level-add');
    page.type('level-delay-1', '0');
    await page.choose('level-kinds-1', 'Voice call');
    document.body.click();
    await page.stable();
    expect(page.text('levels-error')).toBe('Level 2 must wait longer than the level before it.');
    page.type('level-delay-1', '30');
    page.type('policy-repeat', '2');
    await page.stable();
    await page.click('policy-submit');

    const refused = page.backend.expectOne(
      (r) => r.method === 'POST' && r.url === ALERT_ROUTES.escalationPolicies,
    );
    expect(refused.request.body).toEqual({
      name: 'Night',
      isDefault: false,
      repeat: 2,
      levels: [
        {
          name: 'On call',
          delayMinutes: 0,
          targets: [{ type: 'contact', id: ALICE.id }],
          channelKinds: [],
        },
        { name: 'Level 2', delayMinutes: 30, targets: [], channelKinds: ['voice'] },
      ],
    });
    refused.flush(...refusal(409, 'An escalation policy named "Night" already exists'));
    await page.stable();
    expect(page.text('policy-name-error')).toBe(
      'An escalation policy named "Night" already exists.',
    );
  });

  it('deletes after a confirmation showing the API’s refusal, and offers no changes to a reader', async () => {
    await open();
    await page.click(`policy-delete-${DEFAULT.id}`);
    await page.click('policy-delete-dialog-confirm');
    page.backend
      .expectOne((r) => r.method === 'DELETE')
      .flush(...refusal(409, 'The default policy cannot be deleted'));
    await page.stable();
    expect(page.text('policy-delete-dialog-error')).toBe('The default policy cannot be deleted');
    page.destroy();

    page = await openPage(EscalationPoliciesPage, ['alerts:read']);
    page.backend.expectOne(ALERT_ROUTES.escalationPolicies).flush([DEFAULT]);
    await page.stable();
    expect(page.find('policy-new')).toBeNull();
    expect(page.find(`policy-edit-${DEFAULT.id}`)).toBeNull();
    expect(page.text(`policy-level-${DEFAULT.id}-0`)).toContain('Unknown team');
  });
});
