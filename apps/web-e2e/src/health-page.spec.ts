import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

import { AUTH_ROUTES } from '@hyperion/contracts';
import type { Browser, BrowserContext, ConsoleMessage, Page } from 'playwright-core';

import { launchChromium } from './support/browser';
import { signInIfAsked } from './support/console';
import { DEPENDENCIES, selectors, waitForAllHealthy, waitForShown } from './support/health-page';
import { ARTIFACTS_DIR, assertPrerequisites } from './support/paths';
import { RunningServer, startServer } from './support/server';

/** The first account's password, given to the server (so no forced change at first login). */
const ADMIN_PASSWORD = 'e2e-health-Passw0rd-2026';

/** The page loads and settles on the first report. */
const LOAD_TIMEOUT_MS = 20_000;
/** The server checks every 500 ms; a dependency going down must show within ~10 s. */
const OUTAGE_TIMEOUT_MS = 10_000;
/** Coming back includes the clients' reconnect back-off. */
const RECOVERY_TIMEOUT_MS = 20_000;

/**
 * Chromium logs "Failed to load resource: ... 503" whenever GET /health answers 503, which is how
 * the API reports "unhealthy", and "... 401" when a new tab asks whether it already has a session
 * (the refresh cookie) and has none: neither is a fault of the page. Any other console error
 * fails the suite (a CSP violation, for one: the console build must not need inline handlers).
 */
function isExpectedConsoleError(message: ConsoleMessage): boolean {
  const text = message.text();
  const url = message.location().url ?? '';
  return (
    /Failed to load resource: .*\b503\b/.test(text) ||
    (/Failed to load resource: .*\b401\b/.test(text) && url.endsWith(AUTH_ROUTES.refresh))
  );
}

describe('Health page (built server, headless Chromium)', () => {
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext;
  /** Every request and WebSocket any page of this suite opened. */
  const requested: string[] = [];
  /** Uncaught exceptions in any page. */
  const pageErrors: string[] = [];
  /** Errors any page logged on its console, except the expected ones. */
  const consoleErrors: string[] = [];

  beforeAll(async () => {
    assertPrerequisites();
    mkdirSync(ARTIFACTS_DIR, { recursive: true });
    server = await startServer({ ADMIN_PASSWORD, AUTH_RATE_LIMIT: '200' });
    browser = await launchChromium();
    context = await browser.newContext({
      viewport: { width: 1280, height: 900 },
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  function running(): RunningServer {
    if (!server) throw new Error('The server did not start');
    return server;
  }

  /**
   * A new tab at `path`. The first one shows the login page, then, signed in, comes back to
   * `path`; later ones share that session (the refresh cookie of the browser context) and open
   * `path` directly: the page needs the authenticated socket.
   */
  async function open(path: string): Promise<Page> {
    const page = await context.newPage();
    page.on('request', (request) => requested.push(request.url()));
    page.on('websocket', (socket) => requested.push(socket.url()));
    page.on('pageerror', (error) => pageErrors.push(`${page.url()}: ${error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && !isExpectedConsoleError(message)) {
        consoleErrors.push(`${page.url()}: ${message.text()}`);
      }
    });
    await page.goto(`${running().url}${path}`);
    await signInIfAsked(page, { login: 'admin', password: ADMIN_PASSWORD });
    return page;
  }

  /** A mark only this document carries: gone if the page reloads or navigates away. */
  async function markDocument(page: Page): Promise<void> {
    await page.evaluate(() => {
      (window as unknown as { e2eMark?: string }).e2eMark = 'not reloaded';
    });
  }

  async function expectSameDocument(page: Page): Promise<void> {
    const mark = await page.evaluate(() => (window as unknown as { e2eMark?: string }).e2eMark);
    expect(mark).toBe('not reloaded');
  }

  async function errorsText(page: Page): Promise<string> {
    return (await page.textContent(selectors.errors)) ?? '';
  }

  it('opened at /health, shows every dependency OK, live, without errors', async () => {
    const page = await open('/health');
    await waitForAllHealthy(page, LOAD_TIMEOUT_MS);

    expect(new URL(page.url()).pathname).toBe('/health');
    expect(await page.getAttribute('[data-testid="overall-status"]', 'data-status')).toBe(
      'healthy',
    );
    for (const name of DEPENDENCIES) {
      expect(await page.getAttribute(`[data-testid="dep-${name}"]`, 'data-state')).toBe('OK');
    }
    expect(await page.getAttribute('[data-testid="live-indicator"]', 'data-connected')).toBe(
      'true',
    );
    expect(await page.locator(selectors.errors).count()).toBe(0);

    await page.screenshot({
      path: join(ARTIFACTS_DIR, 'health-healthy.png'),
      fullPage: true,
    });
    await page.close();
  });

  it('opened at /, lands on the same healthy Health page', async () => {
    const page = await open('/');
    await page.waitForURL((url) => url.pathname === '/health', {
      timeout: LOAD_TIMEOUT_MS,
    });
    await waitForAllHealthy(page, LOAD_TIMEOUT_MS);
    expect(await page.locator(selectors.errors).count()).toBe(0);
    await page.close();
  });

  it('shows Redis going down and coming back live, without a reload', async () => {
    const page = await open('/health');
    await waitForAllHealthy(page, LOAD_TIMEOUT_MS);
    await markDocument(page);

    await running().redis.stop();
    await waitForShown(page, selectors.dependency('redis', 'ERROR'), OUTAGE_TIMEOUT_MS);
    await waitForShown(page, selectors.overall('unhealthy'), OUTAGE_TIMEOUT_MS);
    await waitForShown(page, selectors.errors, OUTAGE_TIMEOUT_MS);
    expect(await errorsText(page)).toMatch(/redis/i);
    expect(await errorsText(page)).not.toMatch(/postgres/i);
    expect(await page.getAttribute('[data-testid="dep-database"]', 'data-state')).toBe('OK');
    await page.screenshot({
      path: join(ARTIFACTS_DIR, 'health-redis-down.png'),
      fullPage: true,
    });

    await running().redis.start();
    await waitForAllHealthy(page, RECOVERY_TIMEOUT_MS);
    await expectSameDocument(page);
    await page.close();
  });

  it('shows PostgreSQL going down and coming back live, without a reload', async () => {
    const page = await open('/health');
    await waitForAllHealthy(page, LOAD_TIMEOUT_MS);
    await markDocument(page);

    await running().database.stop();
    await waitForShown(page, selectors.dependency('database', 'ERROR'), OUTAGE_TIMEOUT_MS);
    await waitForShown(page, selectors.overall('unhealthy'), OUTAGE_TIMEOUT_MS);
    await waitForShown(page, selectors.errors, OUTAGE_TIMEOUT_MS);
    expect(await errorsText(page)).toMatch(/postgres/i);
    expect(await errorsText(page)).not.toMatch(/redis/i);
    expect(await page.getAttribute('[data-testid="dep-redis"]', 'data-state')).toBe('OK');
    await page.screenshot({
      path: join(ARTIFACTS_DIR, 'health-database-down.png'),
      fullPage: true,
    });

    await running().database.start();
    await waitForAllHealthy(page, RECOVERY_TIMEOUT_MS);
    await expectSameDocument(page);
    await page.close();
  });

  it('talks to nobody but the server it was loaded from, and logs no errors', async () => {
    const page = await open('/');
    await waitForAllHealthy(page, LOAD_TIMEOUT_MS);
    await page.close();

    const origin = new URL(running().url);
    const elsewhere = requested.filter((url) => {
      const u = new URL(url);
      return u.hostname !== origin.hostname || u.port !== origin.port;
    });
    expect(elsewhere).toEqual([]);
    // The check saw real traffic: the page, the login, the health report and the live connection.
    expect(requested.some((url) => new URL(url).pathname === '/api/v1/auth/login')).toBe(true);
    expect(requested.some((url) => new URL(url).pathname === '/health')).toBe(true);
    expect(requested.some((url) => new URL(url).pathname.startsWith('/api/socket.io'))).toBe(true);
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
  });
});
