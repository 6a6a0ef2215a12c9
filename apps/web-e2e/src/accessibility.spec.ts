import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

import type { BrowserContext, Page } from 'playwright-core';

import { UI_TIMEOUT_MS, byTestId, signIn, signOut, totpCode } from './support/console';
import { ConsoleSuite, startConsoleSuite } from './support/console-suite';
import { ARTIFACTS_DIR } from './support/paths';

const ADMIN_PASSWORD = 'e2e-a11y-Passw0rd-2026';

/** axe-core's browser build, injected into each page under test. */
const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

interface AxeNode {
  target: string[];
  failureSummary?: string;
}
interface AxeViolation {
  id: string;
  impact: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: AxeNode[];
}

/** One page's serious or critical violations, as a line per element. */
interface PageFindings {
  page: string;
  url: string;
  violations: string[];
}

interface AxeResults {
  violations: AxeViolation[];
  /** Rules that passed: proof that axe ran on real content. */
  passes: number;
}

/** Runs axe-core (WCAG 2.0–2.2 A/AA and best practices) on what `page` shows now. */
async function axe(page: Page): Promise<AxeResults> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: AXE_SCRIPT });
  }
  return page.evaluate(async () => {
    type Run = (...args: unknown[]) => Promise<{ violations: unknown[]; passes: unknown[] }>;
    const runner = (window as unknown as { axe: { run: Run } }).axe;
    const results = await runner.run(document, {
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
      resultTypes: ['violations', 'passes'],
    });
    return { violations: results.violations as never, passes: results.passes.length };
  });
}

const serious = (violation: AxeViolation) =>
  violation.impact === 'serious' || violation.impact === 'critical';

/**
 * Every page of the console, checked by axe-core in Chromium: none may have a serious or
 * critical violation. All pages are checked before the verdict, so one run lists everything
 * (also in tmp/e2e/axe-report.json).
 */
describe('Accessibility of every console page (axe-core, headless Chromium)', () => {
  let suite: ConsoleSuite;
  let context: BrowserContext;
  let page: Page;
  const findings: PageFindings[] = [];

  async function check(name: string, ready: string): Promise<void> {
    await page.waitForSelector(ready, { timeout: UI_TIMEOUT_MS });
    await page.waitForLoadState('networkidle');
    // Let animations (Material's ripples, the drawer) finish before judging colours.
    await page.waitForTimeout(400);
    const results = await axe(page);
    expect([name, results.passes > 10]).toEqual([name, true]);
    const violations = results.violations.filter(serious);
    findings.push({
      page: name,
      url: new URL(page.url()).pathname + new URL(page.url()).search,
      violations: violations.flatMap((violation) =>
        violation.nodes.map(
          (node) =>
            `${violation.impact} ${violation.id} (${violation.help}) at ${node.target.join(' ')}`,
        ),
      ),
    });
  }

  async function visit(path: string): Promise<void> {
    await page.goto(suite.url(path));
  }

  beforeAll(async () => {
    suite = await startConsoleSuite('a11y', { ADMIN_PASSWORD, AUTH_RATE_LIMIT: '200' });
    // axe is injected as a script tag: the console's CSP (rightly) allows no inline script.
    context = await suite.browser.newContext({
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
    });
    page = await context.newPage();
  });

  afterAll(async () => {
    await context?.close();
    await suite?.close();
  });

  it('finds no serious or critical violation on any page', async () => {
    await visit('/login');
    await check('login', byTestId('login-form'));

    await signIn(page, { login: 'admin', password: ADMIN_PASSWORD });
    await check('health', '[data-testid="overall-status"][data-status="healthy"]');

    // From the keyboard: the first Tab reaches "Skip to content", Enter moves to the page; the
    // next focus shows a 3 px ring.
    await visit('/health');
    await page.waitForSelector(byTestId('overall-status'), { timeout: UI_TIMEOUT_MS });
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe(
      'skip-link',
    );
    expect(await page.isVisible(byTestId('skip-link'))).toBe(true);
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'skip-link.png') });
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('main-content');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    // The focused element's own outline, or Material's strong focus indicator (a ::before of
    // the element or of its `.mat-focus-indicator` child).
    const ring = await page.evaluate(() => {
      const focused = document.activeElement as HTMLElement | null;
      const style = focused ? getComputedStyle(focused) : null;
      const indicatorHost = focused?.matches('.mat-focus-indicator')
        ? focused
        : focused?.querySelector(':scope > .mat-focus-indicator');
      const before = indicatorHost ? getComputedStyle(indicatorHost, '::before') : null;
      return {
        outline: style?.outlineStyle === 'solid' ? style.outlineWidth : 'none',
        indicator: before && before.content !== 'none' ? before.borderTopWidth : 'none',
      };
    });
    await page.screenshot({ path: join(ARTIFACTS_DIR, 'focus-ring.png') });
    expect([ring.outline, ring.indicator]).toContain('3px');

    await visit('/profile');
    await check('profile', byTestId('two-factor-card'));
    await visit('/change-password');
    await check('change password', byTestId('change-password-form'));
    await visit('/admin/users');
    await check('members', byTestId('users-table'));
    await visit('/admin/roles');
    await check('roles', byTestId('roles-table'));
    await visit('/admin/api-keys');
    await check('api keys', `${byTestId('api-keys-table')}, ${byTestId('api-keys-empty')}`);
    await visit('/audit');
    await check('audit', byTestId('audit-row'));
    await visit('/platform');
    await check('platform', byTestId('organizations-table'));
    await visit('/no/such/page');
    await check('404', byTestId('not-found-page'));
    // The check can fail: a button without a name is found (then removed again).
    await page.evaluate(() => {
      const button = document.createElement('button');
      button.id = 'e2e-nameless';
      document.querySelector('main')?.appendChild(button);
    });
    const planted = (await axe(page)).violations.filter(serious).map((v) => v.id);
    expect(planted).toContain('button-name');
    await page.evaluate(() => document.getElementById('e2e-nameless')?.remove());
    await visit('/no-access?from=%2Fplatform');
    await check('no access', byTestId('no-access-page'));

    // The second sign-in step: turn 2FA on, sign out, sign in again.
    await visit('/profile');
    await page.click(byTestId('two-factor-setup-start'));
    await page.waitForSelector(byTestId('two-factor-secret'), { timeout: UI_TIMEOUT_MS });
    await check('profile, 2FA setup', byTestId('two-factor-qr'));
    const secret = ((await page.textContent(byTestId('two-factor-secret'))) ?? '').trim();
    await page.fill(byTestId('two-factor-enable-code'), await totpCode(secret));
    await page.click(byTestId('two-factor-enable-submit'));
    await check('profile, recovery codes', byTestId('recovery-codes'));
    await page.click(byTestId('recovery-codes-done'));
    await check('profile, 2FA on', byTestId('recovery-codes-left'));
    await signOut(page);
    await page.fill(byTestId('login-identifier'), 'admin');
    await page.fill(byTestId('login-password'), ADMIN_PASSWORD);
    await page.click(byTestId('login-submit'));
    await check('login, 2FA step', byTestId('two-factor-form'));

    writeFileSync(join(ARTIFACTS_DIR, 'axe-report.json'), JSON.stringify(findings, null, 2));
    const failing = findings.filter((finding) => finding.violations.length > 0);
    const report = failing
      .map((finding) => `${finding.page} (${finding.url}):\n  ${finding.violations.join('\n  ')}`)
      .join('\n');
    expect(findings.length).toBe(15);
    if (failing.length > 0) {
      throw new Error(`axe-core found serious or critical violations:\n${report}`);
    }
  });
});
