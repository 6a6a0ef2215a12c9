import { join } from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';

import { UI_TIMEOUT_MS, byTestId, sessionAccessToken, signIn, signOut } from './support/console';
import { ConsoleSuite, startConsoleSuite } from './support/console-suite';
import { ARTIFACTS_DIR } from './support/paths';

const ADMIN_PASSWORD = 'e2e-sessions-Passw0rd-2026';
const admin = { login: 'admin', password: ADMIN_PASSWORD };

/** Everything a script of the page can read of the session: cookies and both storages. */
interface Readable {
  documentCookie: string;
  storage: string[];
}

/**
 * Item 9 of the hardening issue: one session across tabs. The refresh token is an HttpOnly
 * cookie, the access token lives in memory only; a reload or a new tab keeps the session; tabs
 * that start at once do not trip reuse detection; "sign out everywhere else" ends another
 * browser's session; signing out in one tab signs out the others. The tests run in order.
 */
describe('One session across tabs (built server, headless Chromium)', () => {
  let suite: ConsoleSuite | undefined;
  let tabA: Page;
  let context: BrowserContext;
  /** The Bearer tokens the console sent, per tab. */
  const bearers = new Map<Page, string[]>();

  beforeAll(async () => {
    suite = await startConsoleSuite('session-tabs', { ADMIN_PASSWORD, AUTH_RATE_LIMIT: '500' });
    tabA = suite.page;
    context = tabA.context();
    watch(tabA);
  });

  afterAll(() => suite?.close());

  function url(path: string): string {
    if (!suite) throw new Error('The server did not start');
    return suite.url(path);
  }

  function watch(page: Page): void {
    bearers.set(page, []);
    page.on('request', (request) => {
      const bearer = /^Bearer (\S+)$/.exec(request.headers()['authorization'] ?? '')?.[1];
      if (bearer) bearers.get(page)?.push(bearer);
    });
  }

  async function newTab(from: BrowserContext, path: string): Promise<Page> {
    const page = await from.newPage();
    watch(page);
    page.on('pageerror', (error) => suite?.pageErrors.push(`${page.url()}: ${error.message}`));
    await page.goto(url(path));
    return page;
  }

  async function readable(page: Page): Promise<Readable> {
    return page.evaluate(() => {
      const values = (storage: Storage) =>
        Array.from({ length: storage.length }, (_, i) => {
          const key = storage.key(i) ?? '';
          return `${key}=${storage.getItem(key) ?? ''}`;
        });
      return {
        documentCookie: document.cookie,
        storage: [...values(sessionStorage), ...values(localStorage)],
      };
    });
  }

  const signedIn = (page: Page) =>
    page.waitForSelector(byTestId('current-user-name'), { timeout: UI_TIMEOUT_MS });

  /** token_reuse_detected rows in the audit log (none may appear: no tab was refused). */
  async function reuseDetections(page: Page): Promise<number> {
    const token = await sessionAccessToken(page);
    const status = await page.evaluate(async (bearer) => {
      const response = await fetch('/api/v1/audit?action=token_reuse_detected', {
        headers: { Authorization: `Bearer ${bearer}` },
      });
      return { ok: response.ok, body: (await response.json()) as { items?: unknown[] } };
    }, token);
    if (!status.ok) throw new Error(`audit search failed: ${JSON.stringify(status.body)}`);
    return status.body.items?.length ?? 0;
  }

  it('keeps the refresh token out of reach of scripts, and the access token out of storage', async () => {
    await tabA.goto(url('/'));
    await signIn(tabA, admin);

    const cookies = await context.cookies();
    const refresh = cookies.find((c) => c.name === 'hyperion_refresh');
    expect(refresh).toMatchObject({
      httpOnly: true,
      sameSite: 'Strict',
      path: '/api/v1/auth',
      secure: false,
    });
    const accessTokens = bearers.get(tabA) ?? [];
    expect(accessTokens.length).toBeGreaterThan(0);

    const seen = await readable(tabA);
    expect(seen.documentCookie).not.toContain('hyperion_refresh');
    expect(seen.documentCookie).not.toContain(refresh?.value);
    for (const entry of seen.storage) {
      expect(entry).not.toContain(refresh?.value);
      for (const token of accessTokens) expect(entry).not.toContain(token);
      expect(entry).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
    }
  });

  it('stays signed in across a reload', async () => {
    await tabA.goto(url('/profile'));
    await signedIn(tabA);
    expect(new URL(tabA.url()).pathname).toBe('/profile');
    await tabA.reload();
    await signedIn(tabA);
    expect(new URL(tabA.url()).pathname).toBe('/profile');
    expect(await tabA.locator(byTestId('login-form')).count()).toBe(0);
    await tabA.waitForSelector(`${byTestId('session-row')}[data-current="true"]`, {
      timeout: UI_TIMEOUT_MS,
    });
  });

  it('signs in a second tab, and tabs opened at once, without tripping reuse detection', async () => {
    const tabB = await newTab(context, '/health');
    await signedIn(tabB);
    expect(new URL(tabB.url()).pathname).toBe('/health');

    // Three tabs start at the same moment: each refreshes with the one cookie at start-up.
    const burst = await Promise.all([1, 2, 3].map(() => newTab(context, '/health')));
    await Promise.all(burst.map((page) => signedIn(page)));
    for (const page of burst) {
      expect(await page.locator(byTestId('login-form')).count()).toBe(0);
    }
    // Still one session: the first tab's next call works, and nothing was taken for a theft.
    await tabA.reload();
    await signedIn(tabA);
    expect(await reuseDetections(tabA)).toBe(0);
    for (const page of burst) await page.close();
    await tabB.close();
  });

  it('"sign out everywhere else" signs out another browser, and keeps this one', async () => {
    const other = await suite?.browser.newContext({ viewport: { width: 1280, height: 900 } });
    if (!other) throw new Error('No browser');
    try {
      const elsewhere = await newTab(other, '/health');
      await signIn(elsewhere, admin);

      await tabA.goto(url('/profile'));
      await signedIn(tabA);
      const rows = byTestId('session-row');
      await tabA.waitForFunction(
        (selector) => document.querySelectorAll(selector).length >= 2,
        rows,
        { timeout: UI_TIMEOUT_MS },
      );
      expect(await tabA.locator(`${rows}[data-current="true"]`).count()).toBe(1);
      await tabA
        .locator(byTestId('sessions-card'))
        .screenshot({ path: join(ARTIFACTS_DIR, 'profile-sessions.png') });

      await tabA.click(byTestId('sessions-revoke-others'));
      // The button asks first (its label changes on the next render, not within the click).
      await tabA.waitForFunction(
        (selector) => /Really sign out/.test(document.querySelector(selector)?.textContent ?? ''),
        byTestId('sessions-revoke-others'),
        { timeout: UI_TIMEOUT_MS },
      );
      await tabA.click(byTestId('sessions-revoke-others'));
      await tabA.waitForSelector(byTestId('sessions-done'), { timeout: UI_TIMEOUT_MS });
      expect(await tabA.locator(rows).count()).toBe(1);

      // The other browser's next step (here: opening its profile) finds its session over.
      await elsewhere.click(byTestId('user-menu'));
      await elsewhere.click(byTestId('menu-profile'));
      await elsewhere.waitForSelector(byTestId('login-session-ended'), { timeout: UI_TIMEOUT_MS });
      expect(new URL(elsewhere.url()).pathname).toBe('/login');
      await elsewhere.reload();
      await elsewhere.waitForSelector(byTestId('login-form'), { timeout: UI_TIMEOUT_MS });

      // This browser is still signed in, also after a reload.
      await tabA.reload();
      await signedIn(tabA);
      expect(new URL(tabA.url()).pathname).toBe('/profile');
    } finally {
      await other.close();
    }
  });

  it('signing out in one tab signs out the other tabs at once', async () => {
    const tabB = await newTab(context, '/health');
    await signedIn(tabB);

    await signOut(tabA);
    await tabB.waitForSelector(byTestId('login-session-ended'), { timeout: UI_TIMEOUT_MS });
    expect(await tabB.textContent(byTestId('login-session-ended'))).toContain(
      'You signed out in another tab',
    );
    expect(new URL(tabB.url()).pathname).toBe('/login');
    expect(await context.cookies()).not.toContainEqual(
      expect.objectContaining({ name: 'hyperion_refresh' }),
    );
    // A new tab is not signed in either.
    const tabC = await newTab(context, '/health');
    await tabC.waitForSelector(byTestId('login-form'), { timeout: UI_TIMEOUT_MS });
    expect(suite?.pageErrors ?? []).toEqual([]);
  });
});
