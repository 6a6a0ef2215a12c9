import { signIn } from './support/console';
import { ConsoleSuite, startConsoleSuite } from './support/console-suite';
import {
  DEPENDENCIES,
  describeHealthPage,
  selectors,
  waitForAllHealthy,
  waitForShown,
} from './support/health-page';

const ADMIN_PASSWORD = 'e2e-health-live-Passw0rd-2026';

const LOAD_TIMEOUT_MS = 20_000;
/** The socket notices a stopped server at once; the HTTP check runs every 10 s. */
const OFFLINE_TIMEOUT_MS = 5_000;
const UNREACHABLE_TIMEOUT_MS = 15_000;
/** Back: the server's start, socket.io's reconnect back-off (at most 5 s) and one check. */
const RECOVERY_TIMEOUT_MS = 45_000;

/** The `data-age` (seconds since the last report) the page shows now. */
async function shownAge(suite: ConsoleSuite): Promise<number> {
  const age = await suite.page.getAttribute('[data-testid="last-updated"]', 'data-age');
  return Number(age);
}

/**
 * The Health page tells the truth when the API itself goes away: it does not stay green. The
 * built server is stopped for real (its process ends) while the console stays open, then
 * started again on the same address.
 */
describe('Health page when the API stops and comes back (built server, headless Chromium)', () => {
  let suite: ConsoleSuite;

  beforeAll(async () => {
    suite = await startConsoleSuite('health-live', { ADMIN_PASSWORD, AUTH_RATE_LIMIT: '200' });
    await suite.page.goto(suite.url('/health'));
    await signIn(suite.page, { login: 'admin', password: ADMIN_PASSWORD });
  });

  afterAll(async () => {
    await suite?.close();
  });

  it('refreshes its numbers on every check and counts the seconds since the last one', async () => {
    const { page } = suite;
    await waitForAllHealthy(page, LOAD_TIMEOUT_MS);
    await page.waitForSelector('[data-testid="sparkline-database"] svg[role="img"]', {
      timeout: LOAD_TIMEOUT_MS,
    });

    // "Updated N s ago" goes up every second, and falls back when the next check (every 10 s)
    // answers: sampled for at most 14 s.
    const ages: number[] = [];
    const deadline = Date.now() + 14_000;
    while (Date.now() < deadline) {
      ages.push(await shownAge(suite));
      const risen = ages.some((age) => age >= 2);
      const fellBack = ages.some((age, i) => i > 0 && age < ages[i - 1]);
      if (risen && fellBack) break;
      await page.waitForTimeout(500);
    }
    expect(ages.some((age) => age >= 2)).toBe(true);
    expect(ages.some((age, i) => i > 0 && age < ages[i - 1])).toBe(true);
  });

  it('turns every card "unknown" and says the console is offline when the server stops', async () => {
    const { page, server } = suite;
    await waitForAllHealthy(page, LOAD_TIMEOUT_MS);

    const stoppedAt = Date.now();
    await server.halt();

    await waitForShown(page, selectors.overall('unknown'), OFFLINE_TIMEOUT_MS);
    for (const name of DEPENDENCIES) {
      await waitForShown(page, selectors.dependency(name, 'UNKNOWN'), OFFLINE_TIMEOUT_MS);
    }
    await waitForShown(page, selectors.connectionBanner, OFFLINE_TIMEOUT_MS);
    expect(await page.locator('[data-testid^="dep-"][data-state="OK"]').count()).toBe(0);
    expect(await page.textContent(selectors.connectionBanner)).toContain(
      'Live updates paused — reconnecting…',
    );
    const offlineAfterMs = Date.now() - stoppedAt;

    // The next HTTP check fails too: Hyperion is unreachable, still unknown (never green).
    await waitForShown(page, selectors.unreachable, UNREACHABLE_TIMEOUT_MS);
    expect(await page.textContent(selectors.unreachable)).toContain('Hyperion is unreachable');
    expect(await page.getAttribute('[data-testid="overall-status"]', 'data-status')).toBe(
      'unknown',
    );
    await suite.shot('health-server-stopped.png');
    expect(offlineAfterMs).toBeLessThan(OFFLINE_TIMEOUT_MS);
  });

  it('turns green again, and drops the banner, once the server is back', async () => {
    const { page, server } = suite;
    await server.restart();

    try {
      await waitForAllHealthy(page, RECOVERY_TIMEOUT_MS);
      await waitForShown(page, selectors.connectionBanner, RECOVERY_TIMEOUT_MS, 'detached');
    } catch (error) {
      throw new Error(`${String(error)}\nNow: ${await describeHealthPage(page)}`);
    }
    expect(new URL(page.url()).pathname).toBe('/health');
    expect(suite.pageErrors).toEqual([]);
  });
});
