import { ChildProcess, spawn } from 'node:child_process';

import type { HostSummary, TokenPair } from '@hyperion/contracts';
import { AUTH_ROUTES, HOST_ROUTES, HOST_RULES, MONITOR_ROUTES } from '@hyperion/contracts';
import type { Page } from 'playwright-core';

import { UI_TIMEOUT_MS, byTestId, signIn } from './support/console';
import { ConsoleSuite, startConsoleSuite, suiteStep } from './support/console-suite';

const ADMIN_PASSWORD = 'e2e-monitoring-Passw0rd-2026';
/** The host samples every HOST_RULES.intervalMin seconds: a couple of samples in this long. */
const GROWTH_TIMEOUT_MS = 4 * HOST_RULES.intervalMin * 1000 + 10_000;
/** A stop answers once the process is gone (SIGTERM ends `sleep` at once). */
const STOP_TIMEOUT_MS = 30_000;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/** Whether a process with this pid exists (signal 0 checks without sending anything). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/** Polls `check` until it holds, or fails naming `what` and what `shown()` says. */
async function until(
  what: string,
  check: () => Promise<boolean>,
  shown: () => Promise<string>,
  timeoutMs = UI_TIMEOUT_MS,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      throw new Error(`${what}: not within ${timeoutMs} ms. Shown: ${await shown()}`);
    }
    await sleep(250);
  }
}

/** How many points the CPU chart draws, from its text summary ("CPU: 12 points from …"). */
async function cpuPoints(page: Page): Promise<number> {
  const summary = await page
    .locator(`${byTestId('host-chart-cpu')} ${byTestId('chart-summary')}`)
    .textContent();
  const match = /^CPU: (\d+) points/.exec(squash(summary));
  return match ? Number(match[1]) : 0;
}

/** The vertices of the CPU line itself (its SVG path's M and L commands). */
async function cpuVertices(page: Page): Promise<number> {
  const d = await page
    .locator(`${byTestId('host-chart-cpu')} path.line`)
    .first()
    .getAttribute('d');
  return (d ?? '').match(/[ML]/g)?.length ?? 0;
}

/**
 * Monitoring in a real browser against the built server (issue 11, "done means" 5): a host of
 * this machine created through the API at the shortest interval; its dashboard gains CPU points
 * from live samples without a reload; a `sleep 300` started by the test is found on the processes
 * page by its pid and stopped through the confirmation dialog, and is gone afterwards.
 */
describe('Monitoring: live host dashboard, stopping a process (built server, headless Chromium)', () => {
  let suite: ConsoleSuite | undefined;
  let page: Page;
  let token: string | undefined;
  let sleeper: ChildProcess | undefined;

  function url(path: string): string {
    if (!suite) throw new Error('The server did not start');
    return suite.url(path);
  }

  /** A JSON call to the server from the test itself (not the browser: its session stays apart). */
  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(url(path), {
      method,
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** Runs a step; on failure, a screenshot of what the page showed. */
  const step = (name: string, run: () => Promise<void>) => suiteStep(suite, name, run);

  beforeAll(async () => {
    suite = await startConsoleSuite('monitoring', { ADMIN_PASSWORD, AUTH_RATE_LIMIT: '200' });
    page = suite.page;
    token = (
      await api<TokenPair>('POST', AUTH_ROUTES.login, {
        username: 'admin',
        password: ADMIN_PASSWORD,
      })
    ).accessToken;
    await page.goto(url('/hosts'));
    await signIn(page, { login: 'admin', password: ADMIN_PASSWORD });
  });

  afterAll(async () => {
    if (sleeper?.pid !== undefined && alive(sleeper.pid)) sleeper.kill('SIGKILL');
    await suite?.close();
  });

  it('streams live samples into the CPU chart of a host dashboard, without a reload', async () => {
    await step('dashboard', async () => {
      const host = await api<HostSummary>('POST', HOST_ROUTES.collection, {
        name: 'E2E this machine',
        kind: 'local',
        intervalSeconds: HOST_RULES.intervalMin,
      });
      await page.goto(url(`/hosts/${host.id}`));
      await page.waitForSelector(byTestId('host-dashboard-name'), { timeout: UI_TIMEOUT_MS });
      expect(squash(await page.textContent(byTestId('host-dashboard-name')))).toBe(
        'E2E this machine',
      );
      const shown = async () =>
        `live "${squash(await page.textContent(byTestId('host-dashboard-live')))}", ` +
        `CPU ${await cpuPoints(page)} points; ${squash(await page.textContent(byTestId('host-chart-cpu')))}`;

      // The live topic is followed once the socket is up: the indicator says so.
      await until(
        'the dashboard says "Live"',
        async () =>
          (await page.getAttribute(byTestId('host-dashboard-live'), 'data-live')) === 'true',
        shown,
      );
      // Navigations after this point would reload the history: the count must grow without one.
      let navigations = 0;
      page.on('framenavigated', (frame) => {
        if (frame === page.mainFrame()) navigations++;
      });
      let historyRequests = 0;
      page.on('request', (request) => {
        if (request.url().includes(HOST_ROUTES.samples(host.id))) historyRequests++;
      });
      const before = await cpuPoints(page);
      const verticesBefore = await cpuVertices(page);

      await until(
        'the CPU chart gains two points from live samples',
        async () => (await cpuPoints(page)) >= before + 2,
        shown,
        GROWTH_TIMEOUT_MS,
      );
      expect(await cpuVertices(page)).toBeGreaterThan(verticesBefore);
      expect(navigations).toBe(0);
      expect(historyRequests).toBe(0);
      expect(squash(await page.textContent(byTestId('host-dashboard-uptime')))).toMatch(
        /^(\d+ d \d+ h|\d+ h \d+ min|\d+ min|under a minute)$/,
      );
      await suite?.shot('monitoring-host-dashboard-live.png');
    });
  });

  it('finds a running sleep on the processes page and stops it, by its pid, through the dialog', async () => {
    await step('process-stop', async () => {
      sleeper = spawn('sleep', ['300'], { stdio: 'ignore' });
      const pid = sleeper.pid;
      if (pid === undefined) throw new Error('sleep did not start');
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        sleeper?.once('exit', (_code, signal) => resolve(signal)),
      );
      expect(alive(pid)).toBe(true);

      await page.goto(url('/system/processes'));
      await page.waitForSelector(byTestId('process-table'), { timeout: UI_TIMEOUT_MS });
      // The search matches names, users and command lines (not pids): the row is then its pid's.
      await page.fill(byTestId('process-search'), 'sleep 300');
      const row = page.locator(byTestId(`process-row-${pid}`));
      await row.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(squash(await row.textContent())).toContain('sleep 300');
      await suite?.shot('monitoring-processes-found.png');

      await page.click(byTestId(`process-stop-${pid}`));
      await page.waitForSelector(byTestId('process-stop-dialog'), { timeout: UI_TIMEOUT_MS });
      expect(squash(await page.textContent('mat-dialog-container h2'))).toBe(
        `Stop sleep (pid ${pid})?`,
      );
      await suite?.shot('monitoring-process-stop-dialog.png');
      await page.click(byTestId('process-stop-dialog-confirm'));

      const outcome = page.locator(byTestId('process-outcome'));
      await outcome.waitFor({ timeout: STOP_TIMEOUT_MS });
      expect(squash(await outcome.textContent())).toMatch(
        new RegExp(`^sleep \\(pid ${pid}\\) terminated: it exited after SIGTERM`),
      );
      expect(await exited).toBe('SIGTERM');
      expect(alive(pid)).toBe(false);
      // The list read again no longer has it.
      await row.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
      await suite?.shot('monitoring-process-stopped.png');
      expect(suite?.pageErrors).toEqual([]);
    });
  });
  it('creates a monitor through its form: the API refusal shows on its field, then it saves with its response-time alert', async () => {
    await step('monitor-form', async () => {
      await api('POST', MONITOR_ROUTES.collection, {
        name: 'E2E shop health',
        kind: 'http',
        target: { url: 'http://127.0.0.1:9/health' },
        enabled: false,
      });
      await page.goto(url('/monitors/new'));
      await page.waitForSelector(byTestId('monitor-form'), { timeout: UI_TIMEOUT_MS });
      await page.fill(byTestId('monitor-form-name'), 'E2E shop health');
      await page.fill(byTestId('monitor-form-url'), 'http://127.0.0.1:9/health');
      expect(await page.inputValue(byTestId('monitor-form-threshold'))).toBe('2000');
      await page.click(byTestId('monitor-form-save'));
      // The name is taken (409): the message stands under the name field, not in a banner.
      const nameError = page.locator(byTestId('monitor-form-name-error'));
      await nameError.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(squash(await nameError.textContent())).toMatch(/E2E shop health/);
      await nameError.scrollIntoViewIfNeeded();
      await suite?.shot('monitoring-monitor-form-refused.png');

      await page.fill(byTestId('monitor-form-name'), 'E2E checkout health');
      await page.click(byTestId('monitor-form-save'));
      const name = page.locator(byTestId('monitor-detail-name'));
      await name.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(squash(await name.textContent())).toBe('E2E checkout health');
      expect(
        squash(await page.locator(byTestId('monitor-detail-threshold')).textContent()),
      ).toMatch(/^Slower than 2000 ms/);
      await suite?.shot('monitoring-monitor-saved.png');
      expect(suite?.pageErrors).toEqual([]);
    });
  });
});
