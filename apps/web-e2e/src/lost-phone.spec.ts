import type { Page } from 'playwright-core';

import { Credentials, UI_TIMEOUT_MS, byTestId, signIn, signOut, totpCode } from './support/console';
import { ConsoleSuite, startConsoleSuite } from './support/console-suite';

const ADMIN_PASSWORD = 'e2e-lost-phone-Passw0rd-2026';

/**
 * The lost-phone path of the hardening issue, in Chromium on the built server: with 2FA on, the
 * user signs in with a recovery code, then replaces the authenticator from the profile with the
 * password and another recovery code, scans the new secret, and gets a fresh set of codes; the
 * next sign-in takes a code of the new authenticator.
 */
describe('Lost phone: recovery code, then a new authenticator (built server, headless Chromium)', () => {
  let suite: ConsoleSuite | undefined;
  let page: Page;
  const admin: Credentials = { login: 'admin', password: ADMIN_PASSWORD };

  beforeAll(async () => {
    suite = await startConsoleSuite('lost-phone', { ADMIN_PASSWORD, AUTH_RATE_LIMIT: '200' });
    page = suite.page;
  });

  afterAll(() => suite?.close());

  async function openProfile(): Promise<void> {
    await page.click(byTestId('user-menu'));
    await page.click(byTestId('menu-profile'));
    await page.waitForURL((u) => u.pathname === '/profile', { timeout: UI_TIMEOUT_MS });
  }

  /** Confirms the scan of the secret shown, and returns the recovery codes that follow. */
  async function enableWithShownSecret(): Promise<{ secret: string; codes: string[] }> {
    await page.waitForSelector(byTestId('two-factor-qr'), { timeout: UI_TIMEOUT_MS });
    const secret = ((await page.textContent(byTestId('two-factor-secret'))) ?? '').trim();
    await page.fill(byTestId('two-factor-enable-code'), await totpCode(secret));
    await page.click(byTestId('two-factor-enable-submit'));
    await page.waitForSelector(byTestId('recovery-codes'), { timeout: UI_TIMEOUT_MS });
    const codes = await page.$$eval(`${byTestId('recovery-codes')} li`, (items) =>
      items.map((li) => (li.textContent ?? '').trim()),
    );
    await page.click(byTestId('recovery-codes-done'));
    await page.waitForSelector(`${byTestId('two-factor-card')}[data-enabled="true"]`);
    return { secret, codes };
  }

  async function codesLeft(): Promise<string | null> {
    const left = await page.waitForSelector(byTestId('recovery-codes-left'), {
      timeout: UI_TIMEOUT_MS,
    });
    return left.getAttribute('data-count');
  }

  it('signs in with a recovery code and sets up a new phone with another one', async () => {
    await page.goto(suite?.url('/') ?? '');
    await signIn(page, admin);
    await openProfile();
    await page.click(byTestId('two-factor-setup-start'));
    const first = await enableWithShownSecret();
    expect(first.codes).toHaveLength(10);
    expect(await codesLeft()).toBe('10');
    await signOut(page);

    // The phone is gone: the password, then a recovery code instead of the app's code.
    await page.fill(byTestId('login-identifier'), 'admin');
    await page.fill(byTestId('login-password'), ADMIN_PASSWORD);
    await page.click(byTestId('login-submit'));
    await page.waitForSelector(byTestId('two-factor-form'), { timeout: UI_TIMEOUT_MS });
    await page.fill(byTestId('two-factor-code'), first.codes[0]);
    await page.click(byTestId('two-factor-submit'));
    await page.waitForSelector(byTestId('current-user-name'), { timeout: UI_TIMEOUT_MS });

    await openProfile();
    expect(await codesLeft()).toBe('9');
    // The used code does not work twice: the console says so and nothing changes.
    await page.fill(byTestId('two-factor-password'), ADMIN_PASSWORD);
    await page.fill(byTestId('two-factor-disable-code'), first.codes[0]);
    await page.click(byTestId('two-factor-replace'));
    await page.waitForSelector(byTestId('two-factor-error'), { timeout: UI_TIMEOUT_MS });
    expect(await page.locator(byTestId('two-factor-qr')).count()).toBe(0);

    // Password and another recovery code: a new secret to scan, then new codes.
    await page.fill(byTestId('two-factor-password'), ADMIN_PASSWORD);
    await page.fill(byTestId('two-factor-disable-code'), first.codes[1]);
    await page.click(byTestId('two-factor-replace'));
    const second = await enableWithShownSecret();
    expect(second.secret).not.toBe(first.secret);
    expect(second.codes).toHaveLength(10);
    expect(second.codes).not.toContain(first.codes[2]);
    expect(await codesLeft()).toBe('10');
    await signOut(page);

    // The old recovery codes are gone; the new authenticator signs in.
    await page.fill(byTestId('login-identifier'), 'admin');
    await page.fill(byTestId('login-password'), ADMIN_PASSWORD);
    await page.click(byTestId('login-submit'));
    await page.waitForSelector(byTestId('two-factor-form'), { timeout: UI_TIMEOUT_MS });
    await page.fill(byTestId('two-factor-code'), first.codes[2]);
    await page.click(byTestId('two-factor-submit'));
    await page.waitForSelector(byTestId('login-error'), { timeout: UI_TIMEOUT_MS });
    expect(await page.locator(byTestId('current-user-name')).count()).toBe(0);

    await page.goto(suite?.url('/login') ?? '');
    await signIn(page, { ...admin, totpSecret: second.secret });
    expect(suite?.pageErrors ?? []).toEqual([]);
  });
});
