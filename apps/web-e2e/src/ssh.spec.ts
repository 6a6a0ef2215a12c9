import { SshdPeer, startSshdPeer } from '@hyperion/api/testing';
import type { Page } from 'playwright-core';

import { UI_TIMEOUT_MS, byTestId, signIn } from './support/console';
import { ConsoleSuite, startConsoleSuite, suiteStep } from './support/console-suite';

const ADMIN_PASSWORD = 'e2e-ssh-Passw0rd-2026';

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * SSH in a real browser against the built server and a real sshd on loopback (issue 12): a host
 * created through the console's form with a private key, its connection tested from the list
 * (the host key recorded on first use), then a command run from its page, its output and exit
 * code shown, and the run in the history.
 */
describe('SSH: a host from the form, a connection test, a command (built server, sshd, headless Chromium)', () => {
  let suite: ConsoleSuite | undefined;
  let page: Page;
  let sshd: SshdPeer | undefined;

  function url(path: string): string {
    if (!suite) throw new Error('The server did not start');
    return suite.url(path);
  }

  /** Runs a step; on failure, a screenshot of what the page showed. */
  const step = (name: string, run: () => Promise<void>) => suiteStep(suite, name, run);

  beforeAll(async () => {
    sshd = await startSshdPeer();
    suite = await startConsoleSuite('ssh', { ADMIN_PASSWORD, AUTH_RATE_LIMIT: '200' });
    page = suite.page;
    await page.goto(url('/ssh'));
    await signIn(page, { login: 'admin', password: ADMIN_PASSWORD });
  });

  afterAll(async () => {
    await suite?.close();
    await sshd?.close();
  });

  it('creates a host through the form, tests its connection and runs a command on it', async () => {
    if (!sshd) throw new Error('sshd did not start');
    const peer = sshd;
    await step('form', async () => {
      await page.goto(url('/ssh/new'));
      await page.waitForSelector(byTestId('ssh-host-form'), { timeout: UI_TIMEOUT_MS });
      await page.fill(byTestId('ssh-host-form-name'), 'E2E sshd');
      await page.fill(byTestId('ssh-host-form-address'), peer.host);
      await page.fill(byTestId('ssh-host-form-port'), String(peer.port));
      await page.fill(byTestId('ssh-host-form-username'), peer.username);
      await page.fill(byTestId('ssh-host-form-privateKey'), peer.clientPrivateKey);
      await page.click(byTestId('ssh-host-form-save'));
      const name = page.locator(byTestId('ssh-detail-name'));
      const refused = page.locator(byTestId('ssh-host-form-error'));
      await name.or(refused).first().waitFor({ timeout: UI_TIMEOUT_MS });
      expect((await refused.count()) ? squash(await refused.textContent()) : '').toBe('');
      expect(squash(await name.textContent())).toBe('E2E sshd');
    });

    await step('test', async () => {
      await page.goto(url('/ssh'));
      const row = page.locator('[data-testid^="ssh-host-row-"]', { hasText: 'E2E sshd' });
      await row.waitFor({ timeout: UI_TIMEOUT_MS });
      const id = ((await row.getAttribute('data-testid')) ?? '').replace('ssh-host-row-', '');
      expect(squash(await page.locator(byTestId(`ssh-host-key-${id}`)).textContent())).toMatch(
        /Not yet recorded/,
      );
      await page.click(byTestId(`ssh-host-test-${id}`));
      const ok = page.locator(byTestId(`ssh-host-test-ok-${id}`));
      await ok.waitFor({ timeout: UI_TIMEOUT_MS });
      // The fingerprint shown is the server's own host key.
      expect(squash(await ok.textContent())).toContain(peer.hostFingerprint());
      await suite?.shot('ssh-list-tested.png');
      await page.click(byTestId(`ssh-host-name-${id}`));
    });

    await step('run', async () => {
      await page.waitForSelector(byTestId('ssh-run-panel'), { timeout: UI_TIMEOUT_MS });
      expect(squash(await page.locator(byTestId('ssh-key-trusted')).textContent())).toContain(
        peer.hostFingerprint(),
      );
      await page.fill(byTestId('ssh-run-command'), 'echo hello-from-the-console; exit 7');
      await page.click(byTestId('ssh-run'));
      const stdout = page.locator(byTestId('ssh-run-stdout'));
      await stdout.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(squash(await stdout.textContent())).toBe('hello-from-the-console');
      expect(squash(await page.locator(byTestId('ssh-run-exit')).textContent())).toMatch(/7/);
      const history = page.locator(byTestId('ssh-execs'));
      await history.getByText('echo hello-from-the-console; exit 7').first().waitFor({
        timeout: UI_TIMEOUT_MS,
      });
      await suite?.shot('ssh-command-run.png');
      expect(suite?.pageErrors).toEqual([]);
    });
  });
});
