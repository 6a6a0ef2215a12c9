import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import {
  Credentials,
  UI_TIMEOUT_MS,
  byTestId,
  fetchStatus,
  sessionAccessToken,
  signIn,
  signOut,
  totpCode,
} from './support/console';
import { ConsoleSuite, startConsoleSuite } from './support/console-suite';
import { ARTIFACTS_DIR } from './support/paths';

const ADMIN_PASSWORD = 'e2e-admin-Passw0rd-2026';
const VIEWER = {
  username: 'vera',
  email: 'vera@example.com',
  displayName: 'Vera Viewer',
  password: 'Copper-kettle-whistles-19',
  ownPassword: 'Granite-meadow-sparrow-63',
};

interface AuditRow {
  action: string | null;
  actor: string | null;
  result: string | null;
  ip: string | null;
}

/**
 * Issue 3 in a real browser against the built server: 2FA set up from the profile page with a
 * code from oathtool, a viewer created through the Users page who sees no admin pages and whose
 * API calls are refused, and the audit page listing the logins (with IPs) and a failed one.
 * The tests run in order and share one browser tab (and its session, the refresh cookie).
 */
describe('Identity, access and audit (built server, headless Chromium)', () => {
  let suite: ConsoleSuite | undefined;
  let page: Page;
  const admin: Credentials = { login: 'admin', password: ADMIN_PASSWORD };

  beforeAll(async () => {
    suite = await startConsoleSuite('identity', { ADMIN_PASSWORD, AUTH_RATE_LIMIT: '200' });
    page = suite.page;
  });

  afterAll(() => suite?.close());

  function url(path: string): string {
    if (!suite) throw new Error('The server did not start');
    return suite.url(path);
  }

  const shot = (file: string) => suite?.shot(file);
  const pageErrors = (): string[] => suite?.pageErrors ?? [];

  async function auditRows(): Promise<AuditRow[]> {
    return page.$$eval(byTestId('audit-row'), (rows) =>
      rows.map((row) => ({
        action: row.getAttribute('data-action'),
        actor: row.getAttribute('data-actor'),
        result: row.getAttribute('data-result'),
        ip: row.getAttribute('data-ip'),
      })),
    );
  }

  it('admin signs in, turns on 2FA from the profile, then needs password and code', async () => {
    await page.goto(url('/'));
    await page.waitForURL((u) => u.pathname === '/login', { timeout: UI_TIMEOUT_MS });
    expect(new URL(page.url()).searchParams.get('returnUrl')).toBe('/health');
    await page.waitForSelector(byTestId('login-form'));
    await shot('login.png');

    await signIn(page, admin);
    expect(new URL(page.url()).pathname).toBe('/health');
    expect(await page.textContent(byTestId('current-user-name'))).toContain('Administrator');

    await page.click(byTestId('user-menu'));
    await page.click(byTestId('menu-profile'));
    await page.waitForURL((u) => u.pathname === '/profile');
    expect(await page.textContent(byTestId('profile-username'))).toBe('admin');
    await page.click(byTestId('two-factor-setup-start'));
    const qr = await page.waitForSelector(byTestId('two-factor-qr'), { timeout: UI_TIMEOUT_MS });
    await page.waitForFunction(
      (img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0,
      qr,
    );
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/png;base64,/);
    const secret = ((await page.textContent(byTestId('two-factor-secret'))) ?? '').trim();
    expect(secret).toMatch(/^[A-Z2-7]{16,}=*$/);
    await qr.scrollIntoViewIfNeeded();
    await shot('profile-2fa.png');

    await page.fill(byTestId('two-factor-enable-code'), await totpCode(secret));
    await page.click(byTestId('two-factor-enable-submit'));
    await page.waitForSelector(byTestId('recovery-codes'), { timeout: UI_TIMEOUT_MS });
    expect(await page.locator(`${byTestId('recovery-codes')} li`).count()).toBe(10);
    await shot('profile-recovery-codes.png');
    await page.click(byTestId('recovery-codes-done'));
    // Shown once: dismissed, they are gone for good; the card now offers to disable 2FA.
    await page.waitForSelector(byTestId('recovery-codes'), { state: 'detached' });
    await page.waitForSelector(`${byTestId('two-factor-card')}[data-enabled="true"]`);
    expect(await page.locator(byTestId('two-factor-disable-code')).count()).toBe(1);

    await signOut(page);
    expect(await sessionAccessToken(page)).toBeNull();

    // Password alone is not enough any more.
    await page.fill(byTestId('login-identifier'), 'admin');
    await page.fill(byTestId('login-password'), ADMIN_PASSWORD);
    await page.click(byTestId('login-submit'));
    await page.waitForSelector(byTestId('two-factor-form'), { timeout: UI_TIMEOUT_MS });
    expect(await page.locator(byTestId('current-user-name')).count()).toBe(0);
    await page.fill(byTestId('two-factor-code'), await totpCode(secret));
    await page.click(byTestId('two-factor-submit'));
    await page.waitForSelector(byTestId('current-user-name'), { timeout: UI_TIMEOUT_MS });
    expect(new URL(page.url()).pathname).toBe('/health');
    admin.totpSecret = secret;
  });

  it('admin creates a viewer, who sees no admin pages and whose API calls are refused', async () => {
    expect(admin.totpSecret).toBeDefined();
    await page.click(byTestId('nav-admin'));
    await page.waitForURL((u) => u.pathname === '/admin/users', { timeout: UI_TIMEOUT_MS });
    await page.waitForSelector(byTestId('user-row-admin'), { timeout: UI_TIMEOUT_MS });

    await page.click(byTestId('new-user-button'));
    await page.fill(byTestId('user-username'), VIEWER.username);
    await page.fill(byTestId('user-email'), VIEWER.email);
    await page.fill(byTestId('user-display-name'), VIEWER.displayName);
    await page.fill(byTestId('user-password'), VIEWER.password);
    // The roles select offers the built-in roles; none is chosen for the admin.
    expect((await page.textContent(byTestId('user-roles')))?.trim()).toBe('');
    // (An empty select lies under its label: opened from the keyboard.)
    await page.focus(byTestId('user-roles'));
    await page.keyboard.press('Enter');
    const options = await page.locator('mat-option').allTextContents();
    expect(options.map((o) => o.trim())).toEqual(
      expect.arrayContaining(['admin', 'operator', 'viewer']),
    );
    await page.getByRole('option', { name: 'viewer', exact: true }).click();
    await page.keyboard.press('Escape');
    expect(await page.textContent(byTestId('user-roles'))).toContain('viewer');
    await page.click(byTestId('user-submit'));
    const row = await page.waitForSelector(byTestId(`user-row-${VIEWER.username}`), {
      timeout: UI_TIMEOUT_MS,
    });
    expect(await row.getAttribute('data-roles')).toBe('viewer');
    expect(await row.getAttribute('data-status')).toBe('active');
    await shot('users.png');

    // Roles: built-ins cannot be deleted; a custom one is created and deleted.
    await page.click(byTestId('admin-tab-roles'));
    await page.waitForSelector(`${byTestId('role-row-viewer')}[data-built-in="true"]`);
    expect(await page.locator(byTestId('role-delete-viewer')).count()).toBe(0);
    await page.click(byTestId('new-role-button'));
    await page.fill(byTestId('role-name'), 'auditor');
    await page.fill(byTestId('role-description'), 'Reads the audit log');
    await page.click(byTestId('role-permission-audit:read'));
    await page.click(byTestId('role-submit'));
    await page.waitForSelector(`${byTestId('role-row-auditor')}[data-built-in="false"]`, {
      timeout: UI_TIMEOUT_MS,
    });
    expect(await page.textContent(byTestId('role-row-auditor'))).toContain('audit:read');
    await shot('roles.png');
    await page.click(byTestId('role-delete-auditor'));
    await page.click(byTestId('role-delete-auditor')); // the confirmation
    await page.waitForSelector(byTestId('role-row-auditor'), {
      state: 'detached',
      timeout: UI_TIMEOUT_MS,
    });

    // API keys: the key is shown once, works for its permission only, and stops when revoked.
    await page.click(byTestId('admin-tab-api-keys'));
    await page.click(byTestId('new-api-key-button'));
    await page.fill(byTestId('api-key-name'), 'alert-sender');
    await page.click(byTestId('api-key-permission-alerts:read'));
    await page.click(byTestId('api-key-submit'));
    const key = (
      (await (
        await page.waitForSelector(byTestId('created-api-key'), { timeout: UI_TIMEOUT_MS })
      ).textContent()) ?? ''
    ).trim();
    expect(key).toMatch(/^hyp_/);
    await page.waitForSelector(`${byTestId('api-key-row-alert-sender')}[data-revoked="false"]`);
    await shot('api-keys.png');
    expect(await fetchStatus(page, '/api/v1/users', key)).toBe(403);
    await page.click(byTestId('created-api-key-done'));
    await page.waitForSelector(byTestId('created-api-key'), { state: 'detached' });
    await page.click(byTestId('api-key-revoke-alert-sender'));
    await page.click(byTestId('api-key-revoke-alert-sender')); // the confirmation
    await page.waitForSelector(`${byTestId('api-key-row-alert-sender')}[data-revoked="true"]`, {
      timeout: UI_TIMEOUT_MS,
    });
    expect(await fetchStatus(page, '/api/v1/users', key)).toBe(401);

    await signOut(page);
    // A password set by an administrator is temporary: the first sign-in asks for a new one.
    await page.waitForSelector(byTestId('login-form'), { timeout: UI_TIMEOUT_MS });
    await page.fill(byTestId('login-identifier'), VIEWER.username);
    await page.fill(byTestId('login-password'), VIEWER.password);
    await page.click(byTestId('login-submit'));
    await page.waitForSelector(byTestId('password-change-required'), { timeout: UI_TIMEOUT_MS });
    await page.fill(byTestId('current-password'), VIEWER.password);
    await page.fill(byTestId('new-password'), VIEWER.ownPassword);
    await page.fill(byTestId('confirm-password'), VIEWER.ownPassword);
    await page.click(byTestId('change-password-submit'));
    await page.waitForSelector(byTestId('current-user-name'), { timeout: UI_TIMEOUT_MS });
    expect(await page.textContent(byTestId('current-user-name'))).toContain(VIEWER.displayName);
    await page.waitForSelector(byTestId('nav-health'));
    expect(await page.locator(byTestId('nav-admin')).count()).toBe(0);
    expect(await page.locator(byTestId('nav-audit')).count()).toBe(0);

    const token = await sessionAccessToken(page);
    expect(token).toBeTruthy();
    expect(await fetchStatus(page, '/api/v1/auth/me', token)).toBe(200);
    expect(await fetchStatus(page, '/api/v1/users', token)).toBe(403);
    expect(await fetchStatus(page, '/api/v1/audit', token)).toBe(403);
    expect(await fetchStatus(page, '/api/v1/users', null)).toBe(401);

    // Typing the URL does not open the page either: the console says so.
    await page.goto(url('/admin/users'));
    await page.waitForURL((u) => u.pathname === '/no-access', { timeout: UI_TIMEOUT_MS });
    await page.waitForSelector(byTestId('no-access-page'), { timeout: UI_TIMEOUT_MS });
    expect(await page.textContent(byTestId('no-access-path'))).toBe('/admin/users');
    await signOut(page);
  });

  it('admin finds the logins (with IPs) and a failed login in the audit page, and downloads CSV', async () => {
    // A deliberate failure first.
    await page.fill(byTestId('login-identifier'), VIEWER.username);
    await page.fill(byTestId('login-password'), 'not-the-password');
    await page.click(byTestId('login-submit'));
    const error = await page.waitForSelector(byTestId('login-error'), { timeout: UI_TIMEOUT_MS });
    expect(await error.getAttribute('data-kind')).toBe('invalid');

    await signIn(page, admin);
    await page.click(byTestId('nav-audit'));
    await page.waitForURL((u) => u.pathname === '/audit', { timeout: UI_TIMEOUT_MS });
    await page.waitForSelector(byTestId('audit-row'), { timeout: UI_TIMEOUT_MS });

    const logins = (await auditRows()).filter(
      (r) => r.action === 'login' && r.result === 'success',
    );
    const actors = new Set(logins.map((r) => r.actor));
    expect(actors).toEqual(new Set(['admin', VIEWER.username]));
    for (const login of logins) {
      expect(login.ip).toMatch(/^(::ffff:)?127\.0\.0\.1$|^::1$/);
    }
    await shot('audit.png');

    await page.click(byTestId('audit-filter-action'));
    await page.getByRole('option', { name: 'failed_login', exact: true }).click();
    await page.click(byTestId('audit-apply'));
    await page.waitForFunction(
      () => {
        const rows = Array.from(document.querySelectorAll('[data-testid="audit-row"]'));
        return (
          rows.length > 0 && rows.every((row) => row.getAttribute('data-action') === 'failed_login')
        );
      },
      undefined,
      { timeout: UI_TIMEOUT_MS },
    );
    const failed = await auditRows();
    expect(failed.length).toBeGreaterThanOrEqual(1);
    expect(failed.every((r) => r.result === 'failure' && r.ip)).toBe(true);
    await shot('audit-failed-login.png');

    const [download] = await Promise.all([
      page.waitForEvent('download', { timeout: UI_TIMEOUT_MS }),
      page.click(byTestId('audit-download-csv')),
    ]);
    expect(download.suggestedFilename()).toMatch(/^hyperion-audit-\d{8}-\d{6}\.csv$/);
    const csvPath = join(ARTIFACTS_DIR, 'audit-failed-login.csv');
    await download.saveAs(csvPath);
    const csv = readFileSync(csvPath, 'utf8');
    expect(csv).toContain('failed_login');

    expect(pageErrors()).toEqual([]);
  });
});
