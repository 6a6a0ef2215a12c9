import { readFileSync } from 'node:fs';

import { SshdPeer, startSshdPeer } from '@hyperion/api/testing';
import type { Page } from 'playwright-core';

import { UI_TIMEOUT_MS, byTestId, signIn } from './support/console';
import { ConsoleSuite, startConsoleSuite, suiteStep } from './support/console-suite';

const ADMIN_PASSWORD = 'e2e-terminal-Passw0rd-2026';

/** axe-core's browser build, injected into the pages checked. */
const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

/** The serious or critical axe-core violations (WCAG 2.x A/AA) of what `page` shows now. */
async function seriousViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    // Evaluated by the DevTools protocol, not as a <script> tag: the page keeps its real CSP.
    await page.evaluate(readFileSync(AXE_SCRIPT, 'utf8'));
  }
  return page.evaluate(async () => {
    interface Violation {
      id: string;
      impact: string | null;
      nodes: { target: string[] }[];
    }
    type Run = (...args: unknown[]) => Promise<{ violations: Violation[] }>;
    const runner = (window as unknown as { axe: { run: Run } }).axe;
    const results = await runner.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
      resultTypes: ['violations'],
    });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
}

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * The browser terminal in a real Chromium against the built server and a real sshd on loopback
 * (issue 12, done-means 3 and 7): a terminal opened from the hosts list, a command typed and its
 * output seen in xterm's rows; the page reloaded and the tab attached again with the earlier
 * output; the tab closed; the session replayed from the sessions page (asciinema-player shows
 * the output), its command in the command list and in the audit log.
 */
describe('SSH terminal: type, reload, replay (built server, sshd, headless Chromium)', () => {
  let suite: ConsoleSuite | undefined;
  let page: Page;
  let sshd: SshdPeer | undefined;
  // What is typed prints something else than itself: seeing the output proves the shell ran it.
  const token = `t${Date.now().toString(36)}`;
  const command = `echo mark-$((40+2))-${token}`;
  const output = `mark-42-${token}`;

  function url(path: string): string {
    if (!suite) throw new Error('The server did not start');
    return suite.url(path);
  }

  /** Runs a step; on failure, a screenshot of what the page showed. */
  const step = (name: string, run: () => Promise<void>) => suiteStep(suite, name, run);

  /** The text xterm shows in the active tab, row by row. */
  const activePanel = () => page.locator('[role="tabpanel"][data-active="true"]');
  const screenText = async () =>
    squash(
      await activePanel()
        .locator('.xterm-rows')
        .evaluate((rows) => rows.textContent),
    );
  const waitForScreen = (text: string) =>
    page.waitForFunction(
      (wanted) =>
        (
          document.querySelector('[role="tabpanel"][data-active="true"] .xterm-rows')
            ?.textContent ?? ''
        )
          .replace(/\u00a0/g, ' ')
          .includes(wanted),
      text,
      { timeout: UI_TIMEOUT_MS },
    );
  const waitForLive = () =>
    page.waitForSelector('[role="tabpanel"][data-active="true"] [data-status="live"].state', {
      timeout: UI_TIMEOUT_MS,
    });

  beforeAll(async () => {
    sshd = await startSshdPeer();
    suite = await startConsoleSuite('ssh-terminal', { ADMIN_PASSWORD, AUTH_RATE_LIMIT: '200' });
    page = suite.page;
    await page.goto(url('/ssh'));
    await signIn(page, { login: 'admin', password: ADMIN_PASSWORD });
  });

  afterAll(async () => {
    await suite?.close();
    await sshd?.close();
  });

  it('opens a terminal, runs a command, reattaches after a reload, then replays the session', async () => {
    if (!sshd) throw new Error('sshd did not start');
    const peer = sshd;
    let sessionId = '';

    await step('host', async () => {
      await page.goto(url('/ssh/new'));
      await page.waitForSelector(byTestId('ssh-host-form'), { timeout: UI_TIMEOUT_MS });
      await page.fill(byTestId('ssh-host-form-name'), 'E2E terminal');
      await page.fill(byTestId('ssh-host-form-address'), peer.host);
      await page.fill(byTestId('ssh-host-form-port'), String(peer.port));
      await page.fill(byTestId('ssh-host-form-username'), peer.username);
      await page.fill(byTestId('ssh-host-form-privateKey'), peer.clientPrivateKey);
      await page.click(byTestId('ssh-host-form-save'));
      await page.waitForSelector(byTestId('ssh-detail-name'), { timeout: UI_TIMEOUT_MS });
    });

    await step('open', async () => {
      await page.goto(url('/ssh'));
      const row = page.locator('[data-testid^="ssh-host-row-"]', { hasText: 'E2E terminal' });
      await row.waitFor({ timeout: UI_TIMEOUT_MS });
      const id = ((await row.getAttribute('data-testid')) ?? '').replace('ssh-host-row-', '');
      await page.click(byTestId(`ssh-host-open-terminal-${id}`));
      await page.waitForURL((u) => u.pathname === '/ssh/terminal' && u.search === '', {
        timeout: UI_TIMEOUT_MS,
      });
      await waitForLive();
      const tab = page.locator('[role="tab"][aria-selected="true"]');
      expect(squash(await tab.textContent())).toContain('E2E terminal');
      sessionId = (await activePanel().getAttribute('data-session-id')) ?? '';
      expect(sessionId).toMatch(/^[0-9a-f-]{36}$/);
    });

    await step('type', async () => {
      await activePanel().locator('.xterm').click();
      await page.keyboard.type(command, { delay: 10 });
      await page.keyboard.press('Enter');
      await waitForScreen(output);
      // The command line as typed and its output, each on its own row.
      const text = await screenText();
      expect(text).toContain(command);
      expect(text).toContain(output);
      await suite?.shot('ssh-terminal-typed.png');
      expect(await seriousViolations(page)).toEqual([]);
    });

    await step('reload', async () => {
      await page.reload();
      await waitForLive();
      expect(await activePanel().getAttribute('data-session-id')).toBe(sessionId);
      // The scrollback came back: the earlier output is on the screen again.
      await waitForScreen(output);
      await suite?.shot('ssh-terminal-reattached.png');
    });

    await step('close', async () => {
      const tab = page.locator('[role="tab"][aria-selected="true"]');
      const key = ((await tab.getAttribute('data-testid')) ?? '').replace('ssh-terminal-tab-', '');
      await page.click(byTestId(`ssh-terminal-tab-close-${key}`));
      await page.waitForSelector(byTestId('ssh-terminal-empty'), { timeout: UI_TIMEOUT_MS });
    });

    await step('sessions', async () => {
      await page.goto(url('/ssh/sessions'));
      const row = page.locator(byTestId(`ssh-session-row-${sessionId}`));
      await row.waitFor({ timeout: UI_TIMEOUT_MS });
      // Closing the tab ended the session; the list may still show it live for a moment.
      for (let i = 0; i < 20; i++) {
        if (
          squash(
            await page.locator(byTestId(`ssh-session-state-${sessionId}`)).textContent(),
          ).startsWith('Ended')
        )
          break;
        await page.waitForTimeout(500);
        await page.click(byTestId('ssh-sessions-refresh'));
        await row.waitFor({ timeout: UI_TIMEOUT_MS });
      }
      expect(
        squash(await page.locator(byTestId(`ssh-session-state-${sessionId}`)).textContent()),
      ).toBe('Ended: closed');
      expect(squash(await row.textContent())).toContain('E2E terminal');
      // One tab, one session: opening and reattaching never started a second one.
      expect(await page.locator('[data-testid^="ssh-session-row-"]').count()).toBe(1);
      await suite?.shot('ssh-terminal-sessions.png');
      expect(await seriousViolations(page)).toEqual([]);
    });

    await step('replay', async () => {
      await page.click(byTestId(`ssh-session-replay-${sessionId}`));
      const list = page.locator(byTestId('ssh-session-commands'));
      await list.waitFor({ timeout: UI_TIMEOUT_MS });
      const entry = list.locator('button', { hasText: command });
      await entry.waitFor({ timeout: UI_TIMEOUT_MS });
      // Exactly the line typed: not the prompt, nor keys echoed before the prompt was drawn.
      expect((await list.locator('.command .text').allTextContents()).map((t) => t.trim())).toEqual(
        [command],
      );
      await page.waitForSelector('[data-testid="ssh-session-player"][data-ready="true"]', {
        timeout: UI_TIMEOUT_MS,
      });
      // Jump to the command: the replay plays on from there and shows its output.
      await entry.click();
      await page.waitForFunction(
        (wanted) =>
          (document.querySelector('[data-testid="ssh-session-player"]')?.textContent ?? '')
            .replace(/\u00a0/g, ' ')
            .includes(wanted),
        output,
        { timeout: UI_TIMEOUT_MS },
      );
      expect(await page.locator(byTestId('ssh-session-player-error')).count()).toBe(0);
      await suite?.shot('ssh-terminal-replay.png');
      expect(await seriousViolations(page)).toEqual([]);
    });

    await step('audit', async () => {
      await page.goto(url('/audit'));
      await page.waitForSelector(byTestId('audit-row'), { timeout: UI_TIMEOUT_MS });
      const row = page
        .locator('[data-testid="audit-row"][data-action="ssh_terminal_command"]')
        .first();
      await row.waitFor({ timeout: UI_TIMEOUT_MS });
      await row.getByRole('button', { name: /Details/ }).click();
      const detail = page.locator(byTestId('audit-detail')).first();
      await detail.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await detail.textContent()).toContain(command);
      await suite?.shot('ssh-terminal-audit.png');
      expect(suite?.pageErrors).toEqual([]);
    });
  });
});
