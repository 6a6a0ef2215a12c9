import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { createScratchDatabase, testEndpoints } from '@hyperion/api/testing';
import type { Browser, Page } from 'playwright-core';

import { launchChromium } from './support/browser';
import { UI_TIMEOUT_MS, byTestId, signIn, signOut } from './support/console';
import { selectors } from './support/health-page';
import { ARTIFACTS_DIR, assertPrerequisites } from './support/paths';
import { RunningServer, startServer } from './support/server';

const NEW_PASSWORD = 'quiet-Lantern-river-82';

/**
 * First start without ADMIN_PASSWORD: the server prints a generated password once; the console
 * makes the admin choose their own before anything else, then works normally.
 */
describe('First login of the generated admin account (built server, headless Chromium)', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let page: Page;
  let dropDatabase: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    assertPrerequisites();
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    const scratch = await createScratchDatabase();
    dropDatabase = scratch.drop;
    server = await startServer(
      { AUTH_RATE_LIMIT: '200' },
      { databaseUrl: scratch.url, redisPrefix: `${testEndpoints().redisPrefix}:first-login` },
    );
    browser = await launchChromium();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await dropDatabase?.();
  });

  it('sends the admin to "choose a new password" first, then into the live console', async () => {
    if (!server) throw new Error('The server did not start');
    const generated = /Initial admin password: (\S+)/.exec(server.output())?.[1];
    expect(generated).toBeDefined();

    await page.goto(`${server.url}/health`);
    await page.waitForSelector(byTestId('login-form'), { timeout: UI_TIMEOUT_MS });
    await page.fill(byTestId('login-identifier'), 'admin@localhost');
    await page.fill(byTestId('login-password'), generated ?? '');
    await page.click(byTestId('login-submit'));
    await page.waitForSelector(byTestId('password-change-required'), { timeout: UI_TIMEOUT_MS });
    expect(new URL(page.url()).pathname).toBe('/change-password');
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'change-password.png') });

    // Nothing else opens meanwhile.
    await page.goto(`${server.url}/admin/users`);
    await page.waitForSelector(byTestId('password-change-required'), { timeout: UI_TIMEOUT_MS });
    expect(new URL(page.url()).pathname).toBe('/change-password');

    await page.fill(byTestId('current-password'), generated ?? '');
    await page.fill(byTestId('new-password'), NEW_PASSWORD);
    await page.fill(byTestId('confirm-password'), NEW_PASSWORD);
    await page.click(byTestId('change-password-submit'));
    await page.waitForSelector(byTestId('current-user-name'), { timeout: UI_TIMEOUT_MS });
    await page.waitForSelector(selectors.live(true), { timeout: UI_TIMEOUT_MS });
    expect(new URL(page.url()).pathname).toBe('/health');

    await signOut(page);
    await signIn(page, { login: 'admin', password: NEW_PASSWORD });
    expect(new URL(page.url()).pathname).toBe('/health');
  });
});
