import type { RoutingRuleSummary } from '@hyperion/contracts';
import { ALERT_ROUTES, SERVICE_ROUTES } from '@hyperion/contracts';

import { aPolicy, aService } from '../config-shared/testing/fixtures';
import { PageHarness, openPage, refusal } from '../config-shared/testing/page-harness';
import { RoutingPage } from './routing-page';

const DB = aService({ id: 's-db', name: 'Database' });
const rule = (patch: Partial<RoutingRuleSummary>): RoutingRuleSummary => ({
  id: 'r',
  position: 0,
  name: 'Rule',
  enabled: true,
  matchers: [],
  serviceId: null,
  escalationPolicyId: null,
  urgency: null,
  channelKinds: null,
  suppress: false,
  createdAt: '2026-12-01T08:00:00.000Z',
  ...patch,
});
const DBS = rule({
  id: 'r-db',
  position: 1,
  name: 'Databases',
  matchers: [{ name: 'component', op: '=~', value: 'pg|mysql' }],
  serviceId: DB.id,
  urgency: 'high',
});
const NOISE = rule({
  id: 'r-noise',
  position: 2,
  name: 'Noise',
  matchers: [{ name: 'env', op: '!=', value: 'prod' }],
  suppress: true,
  channelKinds: [],
});

describe('RoutingPage', { timeout: 30_000 }, () => {
  let page: PageHarness<RoutingPage>;

  async function open(
    rules: RoutingRuleSummary[],
    held: Parameters<typeof openPage>[1] = undefined,
  ): Promise<void> {
    page = await openPage(RoutingPage, held);
    page.backend.expectOne(ALERT_ROUTES.routingRules).flush(rules);
    page.backend.expectOne(SERVICE_ROUTES.collection).flush([DB]);
    page.backend.expectOne(ALERT_ROUTES.escalationPolicies).flush([aPolicy()]);
    await page.stable();
  }

  afterEach(() => page.destroy());

  it('lists the rules in order with their matchers and effects, and the severity defaults', async () => {
    await open([NOISE, DBS]);
    expect(page.text('rules-list')).toMatch(/1\.\s*Databases.*2\.\s*Noise/);
    expect(page.text(`rule-matchers-${DBS.id}`)).toBe('component=~"pg|mysql"');
    expect(page.text(`rule-effects-${DBS.id}`)).toBe('Then To the service Database; High urgency');
    expect(page.text(`rule-effects-${NOISE.id}`)).toBe('Then Recorded only: nobody is paged');
    expect(page.text('default-routing-critical')).toBe(
      'Every channel at once, SMS and voice included',
    );
    expect(page.text('default-routing-high')).toBe('Email and Slack');
    expect(page.text('default-routing-medium')).toBe('Email');
    expect(page.text('default-routing-low')).toBe('Recorded only: nobody is paged');
  });

  it('moves a rule up by giving it its neighbour’s position, then reads the order again', async () => {
    await open([DBS, NOISE]);
    expect(page.find<HTMLButtonElement>(`rule-up-${DBS.id}`)?.disabled).toBe(true);
    await page.click(`rule-up-${NOISE.id}`);
    const request = page.backend.expectOne(
      (r) => r.method === 'PATCH' && r.url === ALERT_ROUTES.routingRule(NOISE.id),
    );
    expect(request.request.body).toEqual({ position: DBS.position });
    request.flush({ ...NOISE, position: 1 });
    await page.stable();
    expect(page.text('rules-list')).toMatch(/1\.\s*Noise.*2\.\s*Databases/);
    page.backend.expectOne(ALERT_ROUTES.routingRules).flush([
      { ...NOISE, position: 1 },
      { ...DBS, position: 2 },
    ]);
    await page.stable();
    expect(page.text('rules-list')).toMatch(/1\.\s*Noise.*2\.\s*Databases/);
  });

  it('creates a rule from its matchers, and shows the API’s refusal beside them', async () => {
    await open([]);
    expect(page.text('rules-empty')).toContain('No routing rules');
    await page.click('rule-new');
    page.type('rule-name', 'Payments');
    await page.click('rule-matchers-add');
    page.type('rule-matchers-name-0', 'service');
    page.type('rule-matchers-value-0', 'pay(');
    await page.choose('rule-matchers-op-0', '=~ matches the pattern');
    await page.click('rule-submit');
    expect(page.text('rule-matchers-pattern-error-0')).toContain('not a valid regular expression');
    page.backend.expectNone((r) => r.method === 'POST');

    page.type('rule-matchers-value-0', 'payments|billing');
    await page.choose('rule-service', 'Database');
    await page.choose('rule-channels', 'SMS');
    document.body.click();
    await page.stable();
    await page.click('rule-submit');
    const refused = page.backend.expectOne(
      (r) => r.method === 'POST' && r.url === ALERT_ROUTES.routingRules,
    );
    expect(refused.request.body).toEqual({
      name: 'Payments',
      enabled: true,
      matchers: [{ name: 'service', op: '=~', value: 'payments|billing' }],
      serviceId: DB.id,
      channelKinds: ['sms'],
      suppress: false,
    });
    refused.flush(...refusal(400, ['matchers[0].value: the pattern is too costly']));
    await page.stable();
    expect(page.text('rule-matchers-error')).toBe('Matcher 1, value: the pattern is too costly.');
  });

  it('records only when asked, and offers no changes to a reader', async () => {
    await open([DBS]);
    await page.click('rule-new');
    page.type('rule-name', 'Staging');
    await page.check('rule-suppress');
    await page.click('rule-submit');
    const request = page.backend.expectOne((r) => r.method === 'POST');
    expect(request.request.body).toEqual({
      name: 'Staging',
      enabled: true,
      matchers: [],
      suppress: true,
      channelKinds: [],
    });
    request.flush(rule({ id: 'r-new', position: 2, name: 'Staging', suppress: true }));
    await page.stable();
    expect(page.find('rule-r-new')).not.toBeNull();
    page.destroy();

    await open([DBS], ['alerts:read']);
    expect(page.find('rule-new')).toBeNull();
    expect(page.find(`rule-up-${DBS.id}`)).toBeNull();
  });
});
