import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import type { CreateUserRequest, TokenPair } from '@hyperion/contracts';
import { AUTH_ROUTES } from '@hyperion/contracts';
import type { Page } from 'playwright-core';

import { UI_TIMEOUT_MS, byTestId, signIn, signOut } from './support/console';
import { ConsoleSuite, startConsoleSuite } from './support/console-suite';
import { ARTIFACTS_DIR } from './support/paths';

const ADMIN_PASSWORD = 'e2e-admin-Passw0rd-2026';
/** Members created through the API besides the admin: two pages of 50. */
const PAGED_MEMBERS = 55;
/** The zone the browser runs in: the audit page must name it. */
const BROWSER_ZONE = 'Europe/Berlin';

const memberName = (n: number) => `pager-${String(n).padStart(2, '0')}`;
/** Random and long: whatever strength check the API applies accepts it. */
const strongPassword = () => `Hyp-${randomBytes(12).toString('base64url')}-7q`;

/**
 * The administration pages in a real browser against the built server (issue 7, console): the
 * members list searched and paged by the API with both in the URL; disabling a member only after
 * a confirmation; a password reset by the admin that the member must change at sign-in; the audit
 * log's filters, zone and UTC display kept across a reload; rows as cards on a phone. The tests
 * run in order and share one tab; each checks first what it needs from the previous ones.
 */
describe('Administration pages (built server, headless Chromium)', () => {
  let suite: ConsoleSuite | undefined;
  let page: Page;
  const pageErrors: string[] = [];
  const admin = { login: 'admin', password: ADMIN_PASSWORD };
  /** The temporary password the admin set for pager-09. */
  let temporaryPassword: string | undefined;

  function url(path: string): string {
    if (!suite) throw new Error('The server did not start');
    return suite.url(path);
  }

  /** A JSON call to the server from the test itself (not the browser: its session stays apart). */
  async function api<T>(method: string, path: string, token: string | null, body?: unknown) {
    const response = await fetch(url(path), {
      method,
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as T | null };
  }

  async function adminToken(): Promise<string> {
    const login = await api<TokenPair>('POST', AUTH_ROUTES.login, null, {
      username: 'admin',
      password: ADMIN_PASSWORD,
    });
    if (login.status !== 200 || !login.body?.accessToken) {
      throw new Error(`The admin could not sign in through the API (HTTP ${login.status})`);
    }
    return login.body.accessToken;
  }

  const shot = (file: string) =>
    page.screenshot({ path: join(ARTIFACTS_DIR, file), fullPage: true });

  const text = async (testId: string) =>
    ((await page.textContent(byTestId(testId))) ?? '').replace(/\s+/g, ' ').trim();

  async function waitForText(testId: string, expected: string): Promise<void> {
    await page.waitForFunction(
      ({ selector, expected }) =>
        document.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() === expected,
      { selector: byTestId(testId), expected },
      { timeout: UI_TIMEOUT_MS },
    );
  }

  /** Types into the members search and waits for the list of that search. */
  async function searchMembers(q: string, expectedRange: string): Promise<void> {
    await page.fill(byTestId('members-search'), q);
    await page.waitForURL((u) => u.searchParams.get('q') === q, { timeout: UI_TIMEOUT_MS });
    await waitForText('members-range', expectedRange);
  }

  async function auditRows(): Promise<{ action: string | null; target: string; time: string }[]> {
    return page.$$eval(byTestId('audit-row'), (rows) =>
      rows.map((row) => ({
        action: row.getAttribute('data-action'),
        target: row.querySelector('[data-testid="audit-target"]')?.textContent?.trim() ?? '',
        time: row.querySelector('[data-testid="audit-time"]')?.textContent?.trim() ?? '',
      })),
    );
  }

  beforeAll(async () => {
    suite = await startConsoleSuite('admin-members', { ADMIN_PASSWORD, AUTH_RATE_LIMIT: '500' });
    // A tab of our own, in a known zone (the suite's shared tab runs in the machine's).
    const context = await suite.browser.newContext({
      viewport: { width: 1280, height: 900 },
      timezoneId: BROWSER_ZONE,
    });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));

    const token = await adminToken();
    for (let n = 1; n <= PAGED_MEMBERS; n += 1) {
      const request: CreateUserRequest = {
        username: memberName(n),
        email: `${memberName(n)}@example.com`,
        displayName: `Pager ${n}`,
        password: strongPassword(),
        roles: ['viewer'],
      };
      const created = await api('POST', AUTH_ROUTES.users, token, request);
      if (created.status !== 201) {
        throw new Error(
          `Creating ${request.username}: HTTP ${created.status} ${JSON.stringify(created.body)}`,
        );
      }
    }
  });

  afterAll(() => suite?.close());

  it('pages through the members and searches them, both kept in the URL', async () => {
    await page.goto(url('/admin/users'));
    await signIn(page, admin);
    await page.waitForURL((u) => u.pathname === '/admin/users', { timeout: UI_TIMEOUT_MS });
    const total = PAGED_MEMBERS + 1;
    await waitForText('members-range', `Showing 1–50 of ${total}`);
    expect(await page.locator('[data-testid^="user-row-"]').count()).toBe(50);
    await shot('admin-members-page-1.png');

    await page.click(byTestId('members-next'));
    await waitForText('members-range', `Showing 51–${total} of ${total}`);
    expect(new URL(page.url()).searchParams.get('offset')).toBe('50');
    expect(await page.locator('[data-testid^="user-row-"]').count()).toBe(total - 50);

    // A reload shows the same page.
    await page.reload();
    await waitForText('members-range', `Showing 51–${total} of ${total}`);
    expect(await page.isDisabled(byTestId('members-next'))).toBe(true);

    // A search starts again from its first page.
    await searchMembers('pager-05', 'Showing 1–1 of 1');
    expect(new URL(page.url()).searchParams.has('offset')).toBe(false);
    await page.waitForSelector(byTestId('user-row-pager-05'));
    await searchMembers('nobody-here', 'No members match “nobody-here”.');
    expect(pageErrors).toEqual([]);
  });

  it('disables a member only after a confirmation naming them', async () => {
    await searchMembers('pager-07', 'Showing 1–1 of 1');
    const row = byTestId('user-row-pager-07');
    await page.click(byTestId('user-toggle-status-pager-07'));
    const dialog = page.locator('mat-dialog-container');
    await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
    expect(await dialog.textContent()).toContain('pager-07');
    await shot('admin-disable-confirmation.png');
    // "Cancel" changes nothing.
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
    expect(await page.getAttribute(row, 'data-status')).toBe('active');

    await page.click(byTestId('user-toggle-status-pager-07'));
    await page.click(byTestId('disable-dialog-confirm'));
    await page.waitForSelector(`${row}[data-status="disabled"]`, { timeout: UI_TIMEOUT_MS });
    await page.reload();
    await page.waitForSelector(`${row}[data-status="disabled"]`, { timeout: UI_TIMEOUT_MS });
  });

  it('resets a password; the member must choose a new one at sign-in', async () => {
    await searchMembers('pager-09', 'Showing 1–1 of 1');
    await page.click(byTestId('user-more-pager-09'));
    await page.click(byTestId('user-reset-password-pager-09'));
    const field = await page.waitForSelector(byTestId('reset-password-value'), {
      timeout: UI_TIMEOUT_MS,
    });
    // The first field has the focus, with a strong suggestion in it.
    await page.waitForFunction(
      (selector) => document.activeElement === document.querySelector(selector),
      byTestId('reset-password-value'),
      { timeout: UI_TIMEOUT_MS },
    );
    temporaryPassword = await field.inputValue();
    expect(temporaryPassword).toMatch(/^([A-Za-z0-9]{5}-){3}[A-Za-z0-9]{5}$/);
    await page.click(byTestId('reset-password-submit'));
    await page.waitForSelector(
      `${byTestId('user-row-pager-09')}[data-must-change-password="true"]`,
      {
        timeout: UI_TIMEOUT_MS,
      },
    );
    expect(await text('user-must-change-pager-09')).toBe('Must change password');

    await signOut(page);
    await page.fill(byTestId('login-identifier'), 'pager-09');
    await page.fill(byTestId('login-password'), temporaryPassword);
    await page.click(byTestId('login-submit'));
    await page.waitForSelector(byTestId('password-change-required'), { timeout: UI_TIMEOUT_MS });
    expect(new URL(page.url()).pathname).toBe('/change-password');
    await shot('admin-reset-password-forced-change.png');

    const chosen = strongPassword();
    await page.fill(byTestId('current-password'), temporaryPassword);
    await page.fill(byTestId('new-password'), chosen);
    await page.fill(byTestId('confirm-password'), chosen);
    await page.click(byTestId('change-password-submit'));
    await page.waitForSelector(byTestId('current-user-name'), { timeout: UI_TIMEOUT_MS });
    expect(new URL(page.url()).pathname).not.toBe('/change-password');
    await signOut(page);
    // The temporary password is spent.
    const again = await api('POST', AUTH_ROUTES.login, null, {
      username: 'pager-09',
      password: temporaryPassword,
    });
    expect(again.status).toBe(401);
  });

  it('keeps the audit filters, zone and UTC display across a reload', async () => {
    expect(temporaryPassword).toBeDefined();
    await signIn(page, admin);
    await page.goto(url('/audit'));
    await page.waitForSelector(byTestId('audit-filters'), { timeout: UI_TIMEOUT_MS });

    await page.click(byTestId('audit-filter-action'));
    await page.getByRole('option', { name: 'password_reset', exact: true }).click();
    await page.click(byTestId('audit-range-24h'));
    await page.waitForURL(
      (u) => u.searchParams.get('action') === 'password_reset' && u.searchParams.has('from'),
      { timeout: UI_TIMEOUT_MS },
    );
    await page.waitForSelector(`${byTestId('audit-row')}[data-action="password_reset"]`, {
      timeout: UI_TIMEOUT_MS,
    });
    let rows = await auditRows();
    expect(rows.length).toBeGreaterThanOrEqual(1);
    expect(rows.every((r) => r.action === 'password_reset')).toBe(true);
    // A name, not a UUID; the time with the browser's zone.
    expect(rows[0].target).toBe('user pager-09');
    expect(rows[0].time).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} (CET|CEST)$/);

    await page.click(`${byTestId('audit-utc')} button`);
    await page.waitForURL((u) => u.searchParams.get('utc') === '1', { timeout: UI_TIMEOUT_MS });
    await page.waitForFunction(
      (selector) => document.querySelector(selector)?.textContent?.trim().endsWith(' UTC'),
      byTestId('audit-time'),
      { timeout: UI_TIMEOUT_MS },
    );
    const filtered = page.url();
    await shot('admin-audit-filtered.png');

    await page.reload();
    await page.waitForSelector(`${byTestId('audit-row')}[data-action="password_reset"]`, {
      timeout: UI_TIMEOUT_MS,
    });
    expect(page.url()).toBe(filtered);
    rows = await auditRows();
    expect(rows.every((r) => r.action === 'password_reset')).toBe(true);
    expect(rows[0].time).toMatch(/ UTC$/);
    expect(await text('audit-filter-action')).toBe('password_reset');
    expect(await page.getAttribute(`${byTestId('audit-utc')} button`, 'aria-checked')).toBe('true');
    expect(await page.inputValue(byTestId('audit-filter-from'))).not.toBe('');
    // The CSV link carries the same filters.
    const csv = new URL(
      (await page.getAttribute(byTestId('audit-download-csv'), 'href')) ?? '',
      url('/'),
    );
    expect(csv.searchParams.get('action')).toBe('password_reset');
    expect(csv.searchParams.get('from')).toBe(new URL(filtered).searchParams.get('from'));

    // From after To: a warning, and nothing is asked.
    await page.fill(byTestId('audit-filter-to'), '2020-01-01T00:00');
    await page.waitForSelector(byTestId('audit-range-warning'), { timeout: UI_TIMEOUT_MS });
    await page.click(byTestId('audit-apply'));
    await page.waitForTimeout(500);
    expect(page.url()).toBe(filtered);

    await page.click(byTestId('audit-verify'));
    const verified = await page.waitForSelector(byTestId('audit-verify-result'), {
      timeout: UI_TIMEOUT_MS,
    });
    expect(await verified.getAttribute('data-ok')).toBe('true');
    expect(await verified.textContent()).toMatch(/Chain intact — \d+ entries checked/);
    expect(pageErrors).toEqual([]);
  });

  it('shows the members as cards on a phone', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(url('/admin/users?q=pager-1'));
    await page.waitForSelector(byTestId('user-row-pager-10'), { timeout: UI_TIMEOUT_MS });
    const layout = await page.evaluate(() => {
      const row = document.querySelector('[data-testid="user-row-pager-10"]');
      const header = document.querySelector('[data-testid="users-table"] thead');
      const wrap = document.querySelector('[data-testid="users-table"]')?.parentElement;
      return {
        row: row ? getComputedStyle(row).display : null,
        header: header ? getComputedStyle(header).display : null,
        // Cards fit the phone: no sideways scrolling of the table.
        scrollsSideways: wrap ? wrap.scrollWidth > wrap.clientWidth + 1 : null,
      };
    });
    await shot('admin-members-phone.png');
    expect(layout).toEqual({ row: 'block', header: 'none', scrollsSideways: false });
    expect(pageErrors).toEqual([]);
  });
});
