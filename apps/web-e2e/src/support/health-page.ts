import type { Page } from 'playwright-core';

export const DEPENDENCIES = ['api', 'database', 'redis', 'disk', 'memory'] as const;
export type Dependency = (typeof DEPENDENCIES)[number];

export const selectors = {
  overall: (status: 'healthy' | 'unhealthy' | 'unknown') =>
    `[data-testid="overall-status"][data-status="${status}"]`,
  dependency: (name: Dependency, state: 'OK' | 'ERROR' | 'UNKNOWN') =>
    `[data-testid="dep-${name}"][data-state="${state}"]`,
  /** The strip every console page shows while live updates are lost. */
  connectionBanner: '[data-testid="connection-banner"]',
  offline: '[data-testid="health-offline"]',
  unreachable: '[data-testid="health-unreachable"]',
  live: (connected: boolean) => `[data-testid="live-indicator"][data-connected="${connected}"]`,
  errors: '[data-testid="health-errors"]',
};

/** What the Health page shows right now, for failure messages. */
export async function describeHealthPage(page: Page): Promise<string> {
  const shown = await page.evaluate(() => {
    const attr = (testId: string, name: string) =>
      document.querySelector(`[data-testid="${testId}"]`)?.getAttribute(name) ?? '(absent)';
    return {
      url: location.href,
      overall: attr('overall-status', 'data-status'),
      live: attr('live-indicator', 'data-connected'),
      dependencies: ['api', 'database', 'redis', 'disk', 'memory']
        .map((name) => `${name}=${attr(`dep-${name}`, 'data-state')}`)
        .join(' '),
      errors:
        document.querySelector('[data-testid="health-errors"]')?.textContent?.trim() ?? '(none)',
    };
  });
  return `${shown.url}: overall=${shown.overall} live=${shown.live} ${shown.dependencies} errors=${shown.errors}`;
}

/**
 * Waits (auto-retrying, no fixed sleep) until `selector` is on the page, or fails saying what
 * the page shows instead.
 */
export async function waitForShown(
  page: Page,
  selector: string,
  timeoutMs: number,
  state: 'attached' | 'detached' = 'attached',
): Promise<void> {
  try {
    await page.waitForSelector(selector, { state, timeout: timeoutMs });
  } catch {
    const what = state === 'attached' ? 'appear' : 'go away';
    throw new Error(
      `${selector} did not ${what} within ${timeoutMs} ms. The page shows: ${await describeHealthPage(page)}`,
    );
  }
}

/** Every card OK, overall healthy, live updates connected, no errors list. */
export async function waitForAllHealthy(page: Page, timeoutMs: number): Promise<void> {
  await waitForShown(page, selectors.overall('healthy'), timeoutMs);
  for (const name of DEPENDENCIES) {
    await waitForShown(page, selectors.dependency(name, 'OK'), timeoutMs);
  }
  await waitForShown(page, selectors.live(true), timeoutMs);
  await waitForShown(page, selectors.errors, timeoutMs, 'detached');
}
