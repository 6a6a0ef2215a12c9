import type { ApiKeySummary, UserPage, UserSummary } from '@hyperion/contracts';
import { AUTH_ROUTES, ORGANIZATION_RULES } from '@hyperion/contracts';
import type { Page } from 'playwright-core';

import { UI_TIMEOUT_MS, byTestId, sessionAccessToken, signIn } from './support/console';
import { ConsoleSuite, startConsoleSuite } from './support/console-suite';
import { activeOrganization, apiRequest, switchOrganization } from './support/organizations';

const ADMIN_PASSWORD = 'e2e-admin-Passw0rd-2026';
/** An account created in "Default" through the API, later added to "Beta" as a viewer. */
const OUTSIDER = {
  username: 'olga',
  email: 'olga@example.com',
  displayName: 'Olga Outsider',
  password: 'Maple-orbit-drifting-47',
};

/**
 * Organisations in a real browser against the built server: the first admin (a platform
 * administrator) creates "Beta" on the platform page, keeps an API key in each organisation,
 * switches between them from the toolbar and sees only the active organisation's keys and audit
 * entries; as Beta's admin, adds an account of "Default" to Beta. The tests run in order and
 * share one browser tab (and its session, the refresh cookie); each one first checks what it
 * needs from the previous ones, so a failure points at the step that broke.
 */
describe('Organisations (built server, headless Chromium)', () => {
  let suite: ConsoleSuite | undefined;
  let page: Page;
  /** Ids of the API keys created through the console, by name. */
  const keyIds = new Map<string, string>();

  beforeAll(async () => {
    suite = await startConsoleSuite('organizations', { ADMIN_PASSWORD, AUTH_RATE_LIMIT: '200' });
    page = suite.page;
  });

  afterAll(() => suite?.close());

  function url(path: string): string {
    if (!suite) throw new Error('The server did not start');
    return suite.url(path);
  }

  const shot = (file: string) => suite?.shot(file);
  const pageErrors = (): string[] => suite?.pageErrors ?? [];

  async function token(): Promise<string> {
    const stored = await sessionAccessToken(page);
    if (!stored) throw new Error('The console holds no access token');
    return stored;
  }

  /** The API keys of the active organisation, as the API lists them to the console's session. */
  async function listedKeys(): Promise<ApiKeySummary[]> {
    const answer = await apiRequest<ApiKeySummary[]>(
      page,
      'GET',
      AUTH_ROUTES.apiKeys,
      await token(),
    );
    expect(answer.status).toBe(200);
    return answer.body ?? [];
  }

  async function openApiKeys(organization: string): Promise<void> {
    await page.click(byTestId('nav-admin'));
    await page.waitForURL((u) => u.pathname === '/admin/users', { timeout: UI_TIMEOUT_MS });
    await page.waitForFunction(
      ({ selector, organization }) =>
        document.querySelector(selector)?.textContent?.trim() === organization,
      { selector: byTestId('organization-title'), organization },
      { timeout: UI_TIMEOUT_MS },
    );
    await page.click(byTestId('admin-tab-api-keys'));
    await page.waitForURL((u) => u.pathname === '/admin/api-keys', { timeout: UI_TIMEOUT_MS });
    await page.waitForSelector(byTestId('api-keys-table'), { timeout: UI_TIMEOUT_MS });
    await page.waitForSelector('mat-progress-bar', { state: 'detached', timeout: UI_TIMEOUT_MS });
  }

  async function createApiKey(name: string): Promise<void> {
    await page.click(byTestId('new-api-key-button'));
    await page.fill(byTestId('api-key-name'), name);
    await page.click(byTestId('api-key-permission-alerts:read'));
    await page.click(byTestId('api-key-submit'));
    await page.waitForSelector(byTestId('created-api-key'), { timeout: UI_TIMEOUT_MS });
    await page.waitForSelector(`${byTestId(`api-key-row-${name}`)}[data-revoked="false"]`);
    await page.click(byTestId('created-api-key-done'));
    await page.waitForSelector(byTestId('created-api-key'), { state: 'detached' });
    const created = (await listedKeys()).find((key) => key.name === name);
    expect(created).toBeDefined();
    keyIds.set(name, created?.id ?? '');
  }

  /** The API key rows the page shows, by name. */
  async function shownKeys(): Promise<string[]> {
    return page.$$eval('[data-testid^="api-key-row-"]', (rows) =>
      rows.map((row) => (row.getAttribute('data-testid') ?? '').replace('api-key-row-', '')),
    );
  }

  it('the first admin, a platform administrator, creates "Beta" on the platform page', async () => {
    await page.goto(url('/'));
    await signIn(page, { login: 'admin', password: ADMIN_PASSWORD });
    expect(await activeOrganization(page)).toBe('Default');
    // A member of one organisation: its name, but nothing to switch to.
    expect(await page.locator(byTestId('org-switcher')).count()).toBe(0);

    await page.click(byTestId('nav-platform'));
    await page.waitForURL((u) => u.pathname === '/platform', { timeout: UI_TIMEOUT_MS });
    await page.waitForSelector('[data-testid^="organization-row-"][data-name="Default"]', {
      timeout: UI_TIMEOUT_MS,
    });

    await page.click(byTestId('new-organization-button'));
    await page.fill(byTestId('organization-name'), 'Beta');
    // The slug follows the name until edited; the contracts' rule is checked as you type.
    expect(await page.inputValue(byTestId('organization-slug'))).toBe('beta');
    await page.fill(byTestId('organization-slug'), '-beta-');
    expect((await page.textContent(byTestId('organization-slug-error')))?.trim()).toBe(
      `${ORGANIZATION_RULES.slugHint}.`,
    );
    await page.fill(byTestId('organization-slug'), 'beta');
    await page.waitForSelector(byTestId('organization-slug-error'), { state: 'detached' });
    await page.click(byTestId('organization-submit'));

    // Listed with its one member (the creator), active.
    const row = await page.waitForSelector(
      `${byTestId('organization-row-beta')}[data-members="1"]`,
      { timeout: UI_TIMEOUT_MS },
    );
    expect(await row.getAttribute('data-name')).toBe('Beta');
    expect(await row.getAttribute('data-disabled')).toBe('false');
    // The creator became Beta's admin: the toolbar now offers to switch.
    await page.waitForSelector(byTestId('org-switcher'), { timeout: UI_TIMEOUT_MS });
    expect(await activeOrganization(page)).toBe('Default');
    await shot('platform-organizations.png');
  });

  it('in "Default": an API key "default-key", and an account created through the API', async () => {
    expect(await activeOrganization(page)).toBe('Default');
    await openApiKeys('Default');
    await createApiKey('default-key');

    const created = await apiRequest<UserSummary>(page, 'POST', AUTH_ROUTES.users, await token(), {
      ...OUTSIDER,
      roles: ['viewer'],
    });
    expect(created.status).toBe(201);
    expect(created.body?.username).toBe(OUTSIDER.username);
  });

  it("switched to Beta: a new session, realtime reconnected, only Beta's keys and audit entries", async () => {
    expect(keyIds.has('default-key')).toBe(true);
    const before = await token();

    // The menu: each organisation with the admin's roles there, the active one checked.
    await page.click(byTestId('org-switcher'));
    const current = await page.waitForSelector(byTestId('org-option-default'), {
      timeout: UI_TIMEOUT_MS,
    });
    expect(await current.getAttribute('aria-checked')).toBe('true');
    expect(await page.getAttribute(byTestId('org-option-beta'), 'aria-checked')).toBe('false');
    expect(await page.textContent(byTestId('org-option-beta'))).toContain('Your roles: admin');
    await shot('organization-switcher.png');
    await page.keyboard.press('Escape');
    await page.waitForSelector(byTestId('org-option-beta'), { state: 'detached' });

    await switchOrganization(page, 'Beta');
    expect(await token()).not.toBe(before);
    // The old session's socket was closed; the console reconnects with the new token.
    await page.waitForSelector('[data-testid="live-indicator"][data-connected="true"]', {
      timeout: UI_TIMEOUT_MS,
    });

    await openApiKeys('Beta');
    await page.waitForSelector(byTestId('api-keys-empty'), { timeout: UI_TIMEOUT_MS });
    await createApiKey('beta-key');
    expect(await shownKeys()).toEqual(['beta-key']);
    expect((await listedKeys()).map((key) => key.name)).toEqual(['beta-key']);
    await shot('beta-api-keys.png');

    await page.click(byTestId('nav-audit'));
    await page.waitForURL((u) => u.pathname === '/audit', { timeout: UI_TIMEOUT_MS });
    await page.click(byTestId('audit-filter-action'));
    await page.getByRole('option', { name: 'api_key_created', exact: true }).click();
    await page.click(byTestId('audit-apply'));
    await page.waitForFunction(
      () => {
        const rows = Array.from(document.querySelectorAll('[data-testid="audit-row"]'));
        return (
          rows.length > 0 &&
          rows.every((row) => row.getAttribute('data-action') === 'api_key_created')
        );
      },
      undefined,
      { timeout: UI_TIMEOUT_MS },
    );
    const targets = await page.$$eval(byTestId('audit-row'), (rows) =>
      rows.map((row) => row.getAttribute('data-target')),
    );
    expect(targets).toEqual([`api_key:${keyIds.get('beta-key')}`]);
    expect(targets).not.toContain(`api_key:${keyIds.get('default-key')}`);
    await shot('beta-audit.png');
  });

  it('switched back to "Default": default-key only', async () => {
    expect(keyIds.has('beta-key')).toBe(true);
    await switchOrganization(page, 'Default');

    await openApiKeys('Default');
    await page.waitForSelector(byTestId('api-key-row-default-key'), { timeout: UI_TIMEOUT_MS });
    expect(await shownKeys()).toEqual(['default-key']);
    await shot('default-api-keys.png');
  });

  it("as Beta's admin, adds the account from Default as a viewer", async () => {
    await switchOrganization(page, 'Beta');
    await page.click(byTestId('nav-admin'));
    await page.waitForURL((u) => u.pathname === '/admin/users', { timeout: UI_TIMEOUT_MS });
    expect((await page.textContent(byTestId('members-title')))?.trim()).toBe('Members of Beta');
    await page.waitForSelector(byTestId('user-row-admin'), { timeout: UI_TIMEOUT_MS });
    expect(await page.locator(byTestId(`user-row-${OUTSIDER.username}`)).count()).toBe(0);

    await page.click(byTestId('add-member-button'));
    await page.fill(byTestId('member-login'), OUTSIDER.email);
    // No role is preselected: the admin picks one.
    expect((await page.textContent(byTestId('member-roles')))?.trim()).toBe('');
    // (An empty select lies under its label: opened from the keyboard.)
    await page.focus(byTestId('member-roles'));
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: 'viewer', exact: true }).click();
    await page.keyboard.press('Escape');
    expect(await page.textContent(byTestId('member-roles'))).toContain('viewer');
    await page.click(byTestId('member-submit'));
    const row = await page.waitForSelector(byTestId(`user-row-${OUTSIDER.username}`), {
      timeout: UI_TIMEOUT_MS,
    });
    expect(await row.getAttribute('data-roles')).toBe('viewer');
    expect(await row.getAttribute('data-status')).toBe('active');
    await shot('beta-members.png');

    // Adding the same account again is refused, and the form says why.
    await page.click(byTestId('add-member-button'));
    await page.fill(byTestId('member-login'), OUTSIDER.username);
    // (An empty select lies under its label: opened from the keyboard.)
    await page.focus(byTestId('member-roles'));
    await page.keyboard.press('Enter');
    await page.getByRole('option', { name: 'viewer', exact: true }).click();
    await page.keyboard.press('Escape');
    await page.click(byTestId('member-submit'));
    await page.waitForSelector(byTestId('member-form-error'), { timeout: UI_TIMEOUT_MS });
    expect(await page.locator('[data-testid^="user-row-"]').count()).toBe(2);

    // The API agrees: Beta's members are the admin and the account just added.
    const members = await apiRequest<UserPage>(page, 'GET', AUTH_ROUTES.users, await token());
    expect(members.status).toBe(200);
    expect(members.body?.items.map((m) => `${m.username}:${m.roles.join(',')}`).sort()).toEqual([
      'admin:admin',
      `${OUTSIDER.username}:viewer`,
    ]);

    expect(pageErrors()).toEqual([]);
  });
});
