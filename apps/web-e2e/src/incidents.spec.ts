import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

import type { Download, Locator, Page } from 'playwright-core';

import { UI_TIMEOUT_MS, byTestId, signIn } from './support/console';
import { ConsoleSuite, startConsoleSuite } from './support/console-suite';
import { ARTIFACTS_DIR } from './support/paths';

const ADMIN_PASSWORD = 'e2e-admin-Passw0rd-2026';
const TITLE = 'E2E sign-in refused after 2FA set-up';
const STEPS = [
  { action: 'Open the login page', endpoint: 'GET /login', parameters: 'none' },
  {
    action: 'Sign in with a fresh TOTP code',
    endpoint: 'POST /api/v1/auth/login',
    parameters: 'username=alice, code=123456',
  },
] as const;
const SCREENSHOT_NAME = 'e2e-login-error.png';
const RESOLVE_NOTE = 'Redis restarted, sign-in works again';
const POSTMORTEM = {
  summary: 'Sign-in with two-factor codes failed for 25 minutes.',
  rootCause: 'The TOTP verifier read the clock of a drifting container.',
  impact: 'Every user with 2FA enabled could not sign in.',
  actionItem: 'Alert on clock drift above 5 seconds',
};

/** The moves the lifecycle allows from each status the incident goes through (the contracts'). */
const LEGAL_MOVES = {
  open: ['acknowledge', 'resolve', 'start'],
  acknowledged: ['resolve', 'start'],
  in_progress: ['resolve'],
  resolved: ['close', 'reopen'],
} as const;

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * A real PNG: 48×32, 8-bit RGB, red and white stripes with a blue bar (so its preview is visible
 * on a screenshot of the page), built chunk by chunk with its CRCs.
 */
function stripedPng(): Buffer {
  const width = 48;
  const height = 32;
  const rows: Buffer[] = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) {
      const [r, g, b] =
        y >= 24 ? [20, 60, 200] : (x >> 3) % 2 === 0 ? [220, 30, 30] : [255, 255, 255];
      row.writeUInt8(r, 1 + x * 3);
      row.writeUInt8(g, 2 + x * 3);
      row.writeUInt8(b, 3 + x * 3);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body) >>> 0);
    return Buffer.concat([length, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.concat(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * Incidents in a real browser against the built server (issue 10, "done means" 5): the anomaly
 * sheet filled in the console with a screenshot, the incident moved acknowledge → in progress →
 * resolved with the page's buttons (only the legal moves offered at each step), the post-mortem
 * written, saved and published with an action item, exported as Markdown, and the sheet exported
 * as Markdown and PDF (read back with Debian's pdftotext). The tests run in order and share one
 * tab; each step leaves a screenshot in tmp/e2e.
 */
describe('Incidents: the anomaly sheet, the lifecycle, the post-mortem and the exports (built server, headless Chromium)', () => {
  let suite: ConsoleSuite | undefined;
  let page: Page;
  let scratch: string;
  let screenshotFile: string;
  const png = stripedPng();
  let incidentId: string | undefined;
  let failedStep: string | undefined;

  function url(path: string): string {
    if (!suite) throw new Error('The server did not start');
    return suite.url(path);
  }

  /**
   * Runs a step (each builds on the one before: after a failure the rest fail at once); on
   * failure, a screenshot of what the page showed.
   */
  async function step(name: string, run: () => Promise<void>): Promise<void> {
    if (failedStep) throw new Error(`Not run: the step “${failedStep}” failed`);
    try {
      await run();
    } catch (error) {
      failedStep = name;
      await shot(`incidents-${name}-failed.png`).catch(() => undefined);
      throw error;
    }
  }

  /**
   * A screenshot of the whole page into the artifacts folder. The console scrolls inside its
   * content pane, which a full-page screenshot does not unroll: the window is made as tall as the
   * content for the shot.
   */
  async function shot(name: string): Promise<void> {
    const viewport = page.viewportSize() ?? { width: 1280, height: 900 };
    const height = await page.evaluate(() =>
      Math.max(
        document.documentElement.scrollHeight,
        ...Array.from(document.querySelectorAll('mat-sidenav-content')).map(
          (pane) => pane.scrollHeight + pane.getBoundingClientRect().top,
        ),
      ),
    );
    await page.setViewportSize({
      width: viewport.width,
      height: Math.min(Math.ceil(height), 8000),
    });
    try {
      await page.screenshot({ path: join(ARTIFACTS_DIR, name), fullPage: true });
    } finally {
      await page.setViewportSize(viewport);
    }
  }

  /** The status moves the incident page offers, sorted. */
  async function offeredMoves(): Promise<string[]> {
    const ids = await page
      .locator(`${byTestId('incident-actions')} [data-testid^="incident-action-"]`)
      .evaluateAll((buttons) => buttons.map((button) => button.getAttribute('data-testid') ?? ''));
    return ids.map((id) => id.replace('incident-action-', '')).sort();
  }

  async function waitForStatus(status: keyof typeof LEGAL_MOVES): Promise<void> {
    await page.waitForSelector(`${byTestId('incident-status')}[data-status="${status}"]`, {
      timeout: UI_TIMEOUT_MS,
    });
    // The buttons follow the incident the page holds: wait for them to be for this status.
    const expected = [...LEGAL_MOVES[status]].sort().join(',');
    await page.waitForFunction(
      ({ selector, expected }) =>
        Array.from(document.querySelectorAll(selector))
          .map((b) => (b.getAttribute('data-testid') ?? '').replace('incident-action-', ''))
          .sort()
          .join(',') === expected,
      { selector: '[data-testid="incident-actions"] [data-testid^="incident-action-"]', expected },
      { timeout: UI_TIMEOUT_MS },
    );
  }

  /** After a move, the keyboard is on one of the moves now offered (not lost on the page). */
  async function waitForFocusOnAMove(): Promise<void> {
    await page.waitForFunction(
      () =>
        /^incident-action-/.test(document.activeElement?.getAttribute('data-testid') ?? '') &&
        !!document.activeElement?.closest('[data-testid="incident-actions"]'),
      undefined,
      { timeout: UI_TIMEOUT_MS },
    );
  }

  /** Picks `option` of the Material select `select`. */
  async function choose(select: Locator, option: string | RegExp): Promise<void> {
    await select.click();
    await page.getByRole('option', { name: option }).click();
    await page.locator('.cdk-overlay-pane mat-option').first().waitFor({ state: 'detached' });
  }

  /** Clicks `button` and returns the file the page then downloads. */
  async function download(button: string): Promise<{ file: Download; path: string }> {
    const [file] = await Promise.all([
      page.waitForEvent('download', { timeout: UI_TIMEOUT_MS }),
      page.click(byTestId(button)),
    ]);
    const path = join(scratch, file.suggestedFilename());
    await file.saveAs(path);
    return { file, path };
  }

  beforeAll(async () => {
    if (spawnSync('pdftotext', ['-v'], { stdio: 'ignore' }).status !== 0) {
      throw new Error('pdftotext is missing: apt-get install -y poppler-utils');
    }
    scratch = mkdtempSync(join(tmpdir(), 'hyperion-e2e-incidents-'));
    screenshotFile = join(scratch, SCREENSHOT_NAME);
    writeFileSync(screenshotFile, png);
    suite = await startConsoleSuite('incidents', { ADMIN_PASSWORD, AUTH_RATE_LIMIT: '200' });
    page = suite.page;
    // A step that does not happen fails in seconds, not at the test's timeout.
    page.setDefaultTimeout(UI_TIMEOUT_MS);
  });

  afterAll(async () => {
    await suite?.close();
    if (scratch) rmSync(scratch, { recursive: true, force: true });
  });

  it('fills the anomaly sheet, with a screenshot and a tick, and creates the incident', () =>
    step('sheet', async () => {
      await page.goto(url('/'));
      await signIn(page, { login: 'admin', password: ADMIN_PASSWORD });
      await page.click(byTestId('nav-incidents'));
      await page.waitForURL((u) => u.pathname === '/incidents', { timeout: UI_TIMEOUT_MS });
      await page.click(byTestId('incidents-new'));
      await page.waitForURL((u) => u.pathname === '/incidents/new', { timeout: UI_TIMEOUT_MS });
      expect(await page.title()).toBe('New incident · Hyperion');
      const form = page.getByRole('form', { name: 'New anomaly sheet' });
      await form.waitFor({ timeout: UI_TIMEOUT_MS });
      // The sheet opens on its title: whoever is paged types at once.
      await page.waitForFunction(
        () => document.activeElement?.getAttribute('data-testid') === 'sheet-title',
        undefined,
        { timeout: UI_TIMEOUT_MS },
      );

      await form.getByRole('textbox', { name: 'Title' }).fill(TITLE);
      await form.getByRole('radio', { name: /^High \(Major\)/ }).check();
      await choose(form.getByRole('combobox', { name: /^Affected module/ }), 'Authentication');
      await choose(
        form.getByRole('combobox', { name: /^Error type/ }),
        'Failed sign-in (failed_login)',
      );
      await form
        .getByRole('textbox', { name: 'Description' })
        .fill('Users who just set up 2FA cannot sign in: every code is refused.');

      for (const [i, entry] of STEPS.entries()) {
        await page.click(byTestId('step-add'));
        // "Add a step" focuses the new step's first field.
        await page.waitForFunction(
          (testId) => document.activeElement?.getAttribute('data-testid') === testId,
          `step-action-${i}`,
          { timeout: UI_TIMEOUT_MS },
        );
        await form.getByRole('textbox', { name: `Step ${i + 1}: action` }).fill(entry.action);
        await form
          .getByRole('textbox', { name: `Step ${i + 1}: URL or endpoint` })
          .fill(entry.endpoint);
        await form
          .getByRole('textbox', { name: `Step ${i + 1}: parameters` })
          .fill(entry.parameters);
      }

      await form
        .getByRole('textbox', { name: 'Expected behaviour' })
        .fill('A valid code signs in.');
      await form
        .getByRole('textbox', { name: 'Observed behaviour' })
        .fill('401 "Invalid code" for every code.');
      await form.getByRole('textbox', { name: 'Operating system' }).fill('Debian 12');
      await form.getByRole('textbox', { name: 'Browser', exact: true }).fill('Chromium');
      await form.getByRole('textbox', { name: 'Browser version' }).fill('131');
      await page.click(byTestId('version-add'));
      await form.getByRole('textbox', { name: 'Component 1', exact: true }).fill('Hyperion');
      await form.getByRole('textbox', { name: 'Version of component 1' }).fill('1.4.0');

      await form.getByRole('textbox', { name: 'IP address' }).fill('203.0.113.7');
      await form.getByLabel('Precise timestamp').fill('2026-11-20T03:12:45');
      await form
        .getByRole('textbox', { name: 'Exception traceback' })
        .fill('Error: invalid TOTP\n    at verify (totp.ts:42)');

      await page.setInputFiles(byTestId('screenshots-input'), screenshotFile);
      const preview = form.getByRole('img', { name: `Preview of ${SCREENSHOT_NAME}` });
      await preview.waitFor({ timeout: UI_TIMEOUT_MS });
      // Shown, not a broken image (an object URL the page's CSP must let through).
      await page.waitForFunction(
        (img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth === 48,
        await preview.elementHandle(),
        { timeout: UI_TIMEOUT_MS },
      );

      await form.getByRole('textbox', { name: 'Failing component' }).fill('TOTP verifier');
      await form
        .getByRole('textbox', { name: 'Probable cause' })
        .fill('Clock drift in the container');
      await form.getByRole('textbox', { name: 'User impact' }).fill('2FA users cannot sign in');
      await form.getByRole('textbox', { name: 'Code fix' }).fill('Allow one step of drift');
      await form.getByRole('textbox', { name: 'Database migration' }).fill('None');
      const restart = page.locator(byTestId('sheet-restart-input'));
      await restart.fill('Redis');
      await restart.press('Enter');
      await page.locator(byTestId('restart-Redis')).waitFor({ timeout: UI_TIMEOUT_MS });

      await form.getByRole('checkbox', { name: 'Unit tests' }).check();
      await shot('incidents-1-sheet.png');

      await page.click(byTestId('sheet-submit'));
      await page.waitForURL((u) => /^\/incidents\/[0-9a-f-]{36}$/.test(u.pathname), {
        timeout: UI_TIMEOUT_MS,
      });
      incidentId = new URL(page.url()).pathname.split('/').pop();
    }));

  it('shows the incident: its sheet, the screenshot previewed as sent, the tick', () =>
    step('created', async () => {
      await page
        .getByRole('heading', { name: TITLE, exact: true })
        .waitFor({ timeout: UI_TIMEOUT_MS });
      expect(await page.title()).toBe('Incident · Hyperion');
      expect(await page.locator(byTestId('incident-severity')).getAttribute('data-severity')).toBe(
        'high',
      );
      expect(squash(await page.locator(byTestId('view-module')).textContent())).toBe(
        'Authentication',
      );
      expect(squash(await page.locator(byTestId('view-error-type')).textContent())).toBe(
        'Failed sign-in (failed_login)',
      );
      const sheet = squash(await page.locator(byTestId('sheet-view')).textContent());
      for (const entry of STEPS) {
        expect(sheet).toContain(entry.action);
        expect(sheet).toContain(entry.endpoint);
      }
      expect(sheet).toContain('203.0.113.7');

      const image = page
        .locator(byTestId('incident-attachments'))
        .getByRole('img', { name: `Screenshot ${SCREENSHOT_NAME}` });
      await image.waitFor({ timeout: UI_TIMEOUT_MS });
      await page.waitForFunction(
        (img) => img instanceof HTMLImageElement && img.complete && img.naturalWidth > 0,
        await image.elementHandle(),
        { timeout: UI_TIMEOUT_MS },
      );
      // The preview is the picture sent: its size, and its stripes and bar where they were drawn.
      const shown = await image.evaluate((img: HTMLImageElement) => {
        const canvas = document.createElement('canvas');
        canvas.width = img.naturalWidth;
        canvas.height = img.naturalHeight;
        const context = canvas.getContext('2d');
        context?.drawImage(img, 0, 0);
        const at = (x: number, y: number) =>
          Array.from(context?.getImageData(x, y, 1, 1).data.slice(0, 3) ?? []);
        return {
          width: img.naturalWidth,
          height: img.naturalHeight,
          pixels: [at(2, 2), at(10, 2), at(40, 28)],
        };
      });
      expect(shown).toEqual({
        width: 48,
        height: 32,
        pixels: [
          [220, 30, 30],
          [255, 255, 255],
          [20, 60, 200],
        ],
      });

      expect(
        await page.locator(`${byTestId('check-unit')} input[type="checkbox"]`).isChecked(),
      ).toBe(true);
      expect(
        await page.locator(`${byTestId('check-browser')} input[type="checkbox"]`).isChecked(),
      ).toBe(false);
      await page.locator(byTestId('incident-postmortem-later')).waitFor();
      await shot('incidents-2-created.png');
    }));

  it('moves it acknowledge → in progress → resolved, offering only the legal moves', () =>
    step('lifecycle', async () => {
      await waitForStatus('open');
      expect(await offeredMoves()).toEqual([...LEGAL_MOVES.open]);
      await page.click(byTestId('incident-action-acknowledge'));
      await waitForStatus('acknowledged');
      expect(await offeredMoves()).toEqual([...LEGAL_MOVES.acknowledged]);
      await waitForFocusOnAMove();
      await shot('incidents-3-acknowledged.png');

      await page.click(byTestId('incident-action-start'));
      await waitForStatus('in_progress');
      expect(await offeredMoves()).toEqual([...LEGAL_MOVES.in_progress]);
      await waitForFocusOnAMove();
      await shot('incidents-4-in-progress.png');

      await page.fill(byTestId('incident-move-note'), RESOLVE_NOTE);
      await page.click(byTestId('incident-action-resolve'));
      await waitForStatus('resolved');
      expect(await offeredMoves()).toEqual([...LEGAL_MOVES.resolved]);
      await waitForFocusOnAMove();

      // Each move stamped with its actor, and on the timeline with the note.
      const history = squash(await page.locator(byTestId('incident-lifecycle')).textContent());
      for (const stamp of ['Acknowledged', 'Work started', 'Resolved']) {
        expect(history).toMatch(new RegExp(`${stamp} \\S.* by admin`));
      }
      await page
        .locator(byTestId('incident-timeline'))
        .getByText(RESOLVE_NOTE)
        .waitFor({ timeout: UI_TIMEOUT_MS });
      await page.locator(byTestId('incident-postmortem')).waitFor({ timeout: UI_TIMEOUT_MS });
      await shot('incidents-5-resolved.png');
    }));

  it('writes the post-mortem, publishes it with an action item and exports it as Markdown', () =>
    step('postmortem', async () => {
      await page.click(byTestId('incident-postmortem'));
      await page.waitForURL((u) => u.pathname === `/incidents/${incidentId}/postmortem`, {
        timeout: UI_TIMEOUT_MS,
      });
      const form = page.getByRole('form', { name: 'Post-mortem' });
      await form.waitFor({ timeout: UI_TIMEOUT_MS });
      // The timeline is pre-filled from the incident's.
      expect(await page.locator('[data-testid^="pm-line-text-"]').count()).toBeGreaterThan(0);

      await form.getByRole('textbox', { name: 'Summary' }).fill(POSTMORTEM.summary);
      await form.getByRole('textbox', { name: 'Root cause' }).fill(POSTMORTEM.rootCause);
      await form.getByRole('textbox', { name: 'Impact' }).fill(POSTMORTEM.impact);
      await form.getByRole('radio', { name: /^Published/ }).check();
      await page.click(byTestId('pm-save'));
      await page.getByText('Post-mortem published.').waitFor({ timeout: UI_TIMEOUT_MS });

      const add = page.getByRole('form', { name: 'Add an action item' });
      await add.getByRole('textbox', { name: 'New action item' }).fill(POSTMORTEM.actionItem);
      await choose(add.getByRole('combobox', { name: /^Owner/ }), /\(you\)$/);
      await add.getByLabel('Due date').fill('2027-01-15');
      await page.click(byTestId('action-item-add'));
      const item = page
        .locator(byTestId('postmortem-action-items'))
        .locator('[data-testid^="action-item-"]')
        .filter({ hasText: POSTMORTEM.actionItem });
      await item.first().waitFor({ timeout: UI_TIMEOUT_MS });
      expect(squash(await item.first().textContent())).toContain('Due: 2027-01-15');
      await shot('incidents-6-postmortem.png');

      const { file, path } = await download('postmortem-export-md');
      expect(file.suggestedFilename()).toMatch(/^postmortem-\d{3}\.md$/);
      const markdown = readFileSync(path, 'utf8');
      expect(markdown).toContain(TITLE);
      for (const heading of [
        '## Summary',
        '## Root cause',
        '## Impact',
        '## Timeline',
        '## Action items',
      ]) {
        expect(markdown).toContain(`\n${heading}\n`);
      }
      for (const text of [
        POSTMORTEM.summary,
        POSTMORTEM.rootCause,
        POSTMORTEM.impact,
        POSTMORTEM.actionItem,
      ]) {
        expect(markdown).toContain(text);
      }
      expect(markdown).toMatch(/^# Post-mortem of incident .*\n/);
      expect(markdown).toContain('Published');
    }));

  it('exports the sheet as Markdown and as a PDF that opens and holds the title', () =>
    step('exports', async () => {
      await page.click(byTestId('postmortem-back'));
      await page.waitForURL((u) => u.pathname === `/incidents/${incidentId}`, {
        timeout: UI_TIMEOUT_MS,
      });
      await page
        .getByRole('heading', { name: TITLE, exact: true })
        .waitFor({ timeout: UI_TIMEOUT_MS });
      expect(squash(await page.locator(byTestId('incident-postmortem')).textContent())).toBe(
        'Open the post-mortem',
      );

      const sheet = await download('incident-export-md');
      expect(sheet.file.suggestedFilename()).toMatch(/^incident-\d{3}\.md$/);
      const markdown = readFileSync(sheet.path, 'utf8');
      expect(markdown).toMatch(new RegExp(`^# Anomaly sheet .*${TITLE}\\n`));
      for (const heading of [
        '## Description',
        '## Reproduction steps',
        '## Expected behaviour',
        '## Observed behaviour',
        '## Environment',
        '## Technical logs',
        '## Screenshots',
        '## Technical analysis',
        '## Proposed solution',
      ]) {
        expect(markdown).toContain(`\n${heading}\n`);
      }
      expect(markdown).toContain(SCREENSHOT_NAME);
      expect(markdown).toContain(STEPS[1].endpoint);

      const pdf = await download('incident-export-pdf');
      expect(pdf.file.suggestedFilename()).toMatch(/^incident-\d{3}\.pdf$/);
      expect(readFileSync(pdf.path).subarray(0, 5).toString('latin1')).toBe('%PDF-');
      // pdftotext fails on a file that does not open as a PDF.
      const text = execFileSync('pdftotext', ['-enc', 'UTF-8', pdf.path, '-'], {
        encoding: 'utf8',
        timeout: 10_000,
      });
      expect(squash(text)).toContain(TITLE);
      expect(squash(text)).toContain('Reproduction steps');
      expect(await page.locator(byTestId('incident-export-error')).count()).toBe(0);
      await shot('incidents-7-exported.png');

      // Back on the list: the incident, resolved.
      await page.click(byTestId('incident-back'));
      await page.waitForURL((u) => u.pathname === '/incidents', { timeout: UI_TIMEOUT_MS });
      const link = page.locator(byTestId(`incident-link-${incidentId}`));
      await link.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(squash(await link.textContent())).toContain(TITLE);
      expect(
        await page.locator(byTestId(`incident-status-${incidentId}`)).getAttribute('data-status'),
      ).toBe('resolved');
      await shot('incidents-8-list.png');
      expect(suite?.pageErrors ?? []).toEqual([]);
    }));
});
