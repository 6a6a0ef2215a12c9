import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import type { Page } from 'playwright-core';

import { UI_TIMEOUT_MS, byTestId, signIn } from './support/console';
import { ConsoleSuite, startConsoleSuite, suiteStep } from './support/console-suite';

const ADMIN_PASSWORD = 'e2e-files-Passw0rd-2026';

/** axe-core's browser build, injected into the pages under test. */
const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

/** The serious and critical axe-core findings (WCAG 2.x A/AA) of what `page` shows, a line each. */
async function seriousAxeFindings(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: AXE_SCRIPT });
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
      runOnly: {
        type: 'tag',
        values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'],
      },
      resultTypes: ['violations'],
    });
    return results.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .flatMap((v) => v.nodes.map((n) => `${v.id}: ${n.target.join(' ')}`));
  });
}

const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * Drops `files` (name → text or bytes) on the element `selector` as a person dragging them from the
 * desktop would: a real DataTransfer holding real File objects, through dragenter, dragover and
 * drop events.
 */
async function dropFiles(
  page: Page,
  selector: string,
  files: Record<string, string | Buffer>,
): Promise<void> {
  const encoded = Object.fromEntries(
    Object.entries(files).map(([name, body]) => [
      name,
      (Buffer.isBuffer(body) ? body : Buffer.from(body)).toString('base64'),
    ]),
  );
  await page.evaluate(
    ({ selector, files }) => {
      const target = document.querySelector(selector);
      if (!target) throw new Error(`Nothing to drop on: ${selector}`);
      const data = new DataTransfer();
      for (const [name, base64] of Object.entries(files)) {
        const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0));
        data.items.add(new File([bytes], name));
      }
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(
          new DragEvent(type, { dataTransfer: data, bubbles: true, cancelable: true }),
        );
      }
    },
    { selector, files: encoded },
  );
}

/**
 * The file manager in a real browser against the built server and a local root under a temporary
 * directory (issue 12, done-means 7): the root declared through the console's form, a file
 * dropped on the folder and listed, opened in the editor, changed and saved (the file on disk
 * changes), downloaded (the same bytes), then dropped again under the same name: the conflict
 * dialog, replace, and the new content on disk.
 */
describe('Files: drop, edit, save, download, replace (built server, local root, headless Chromium)', () => {
  let suite: ConsoleSuite | undefined;
  let page: Page;
  const base = mkdtempSync(join(tmpdir(), 'hyperion-e2e-files-'));
  const rootDir = join(base, 'srv');
  mkdirSync(rootDir);
  const onDisk = (name: string) => readFileSync(join(rootDir, name), 'utf8');
  /** The browser page of the root, once declared. */
  let browserUrl = '';

  function url(path: string): string {
    if (!suite) throw new Error('The server did not start');
    return suite.url(path);
  }

  /** Runs a step; on failure, a screenshot of what the page showed. */
  const step = (name: string, run: () => Promise<void>) => suiteStep(suite, name, run);

  beforeAll(async () => {
    suite = await startConsoleSuite('files', {
      ADMIN_PASSWORD,
      AUTH_RATE_LIMIT: '200',
      FILES_ALLOWED_ROOTS: base,
    });
    page = suite.page;
    await page.goto(url('/files'));
    await signIn(page, { login: 'admin', password: ADMIN_PASSWORD });
  });

  afterAll(async () => {
    await suite?.close();
    rmSync(base, { recursive: true, force: true });
  });

  it('uploads by drag and drop, edits and saves, downloads the same bytes, and replaces after the conflict dialog', async () => {
    await step('root', async () => {
      await page.goto(url('/files/roots/new'));
      await page.waitForSelector(byTestId('file-root-form'), { timeout: UI_TIMEOUT_MS });
      await page.fill(byTestId('file-root-form-name'), 'E2E files');
      await page.fill(byTestId('file-root-form-path'), rootDir);
      await page.click(byTestId('file-root-form-save'));
      const row = page.locator('[data-testid^="file-root-open-"]', { hasText: 'E2E files' });
      const refused = page.locator(byTestId('file-root-form-error'));
      await row.or(refused).first().waitFor({ timeout: UI_TIMEOUT_MS });
      expect((await refused.count()) ? squash(await refused.textContent()) : '').toBe('');
      await row.click();
      await page.waitForSelector(byTestId('file-empty'), { timeout: UI_TIMEOUT_MS });
      browserUrl = page.url();
    });

    await step('drop', async () => {
      // Uploads go through XMLHttpRequest, the one browser API that reports upload progress.
      const put = page.waitForRequest((r) => r.method() === 'PUT' && r.url().includes('/content?'));
      await dropFiles(page, byTestId('file-pane'), { 'notes.txt': 'first line\n' });
      await page.waitForSelector(byTestId('file-row-notes.txt'), { timeout: UI_TIMEOUT_MS });
      await page.waitForSelector(`${byTestId('file-upload-notes.txt')}[data-state="done"]`, {
        timeout: UI_TIMEOUT_MS,
      });
      expect((await put).resourceType()).toBe('xhr');
      expect(onDisk('notes.txt')).toBe('first line\n');
      await suite?.shot('files-dropped.png');
    });

    await step('edit', async () => {
      await page.click(byTestId('file-open-notes.txt'));
      const content = page.locator(byTestId('file-editor-content'));
      await content.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(squash(await content.textContent())).toBe('first line');
      await content.click();
      await page.keyboard.press('Control+End');
      await page.keyboard.type('second line from the browser\n');
      await page.waitForSelector(byTestId('file-editor-dirty'), { timeout: UI_TIMEOUT_MS });
      await page.click(byTestId('file-editor-save'));
      await page.waitForSelector(byTestId('file-editor-saved'), { timeout: UI_TIMEOUT_MS });
      expect(onDisk('notes.txt')).toBe('first line\nsecond line from the browser\n');
      await suite?.shot('files-edited.png');
    });

    await step('download', async () => {
      await page.click(byTestId('file-editor-back'));
      const row = page.locator(byTestId('file-row-notes.txt'));
      await row.waitFor({ timeout: UI_TIMEOUT_MS });
      await row.click({ position: { x: 400, y: 10 } });
      const downloaded = page.waitForEvent('download', { timeout: UI_TIMEOUT_MS });
      await page.click(byTestId('file-download'));
      const download = await downloaded;
      expect(download.suggestedFilename()).toBe('notes.txt');
      const saved = join(base, 'downloaded.txt');
      await download.saveAs(saved);
      expect(readFileSync(saved).equals(readFileSync(join(rootDir, 'notes.txt')))).toBe(true);
    });

    await step('replace', async () => {
      await dropFiles(page, byTestId('file-pane'), { 'notes.txt': 'replaced by a drop\n' });
      const dialog = page.locator(byTestId('file-conflict-dialog'));
      await dialog.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(squash(await dialog.textContent())).toContain('/notes.txt is already in this folder');
      await suite?.shot('files-conflict.png');
      await page.click(byTestId('file-conflict-replace'));
      const item = page.locator(`${byTestId('file-upload-notes.txt')}[data-state="done"]`);
      await item.waitFor({ timeout: UI_TIMEOUT_MS });
      expect(squash(await item.textContent())).toContain('Replaced');
      expect(onDisk('notes.txt')).toBe('replaced by a drop\n');
      await suite?.shot('files-replaced.png');
      expect(suite?.pageErrors).toEqual([]);
    });
  });

  it('makes a folder, copies into it across two panes, downloads it as a zip and extracts that zip', async () => {
    if (!browserUrl) throw new Error('The first test did not declare the root');
    const bundled = join(rootDir, 'bundle', 'notes.txt');
    await step('two-panes', async () => {
      await page.goto(browserUrl);
      await page.waitForSelector(byTestId('file-row-notes.txt'), { timeout: UI_TIMEOUT_MS });
      await page.click(byTestId('file-new-folder'));
      await page.fill(byTestId('file-mkdir-dialog-input'), 'bundle');
      await page.click(byTestId('file-mkdir-dialog-confirm'));
      await page.waitForSelector(byTestId('file-row-bundle'), { timeout: UI_TIMEOUT_MS });

      await page.click(byTestId('file-two-panes'));
      await page.click(byTestId('file2-open-bundle'));
      await page.waitForSelector(byTestId('file2-empty'), { timeout: UI_TIMEOUT_MS });
      await page.locator(byTestId('file-row-notes.txt')).click({ position: { x: 300, y: 10 } });
      expect(squash(await page.locator(byTestId('file-copy')).textContent())).toBe(
        'Copy to other pane',
      );
      await page.click(byTestId('file-copy'));
      await page.waitForSelector(byTestId('file2-row-notes.txt'), { timeout: UI_TIMEOUT_MS });
      expect(readFileSync(bundled, 'utf8')).toBe(onDisk('notes.txt'));
      await suite?.shot('files-two-panes.png');
    });

    let zip = Buffer.alloc(0);
    await step('zip', async () => {
      await page.locator(byTestId('file-row-bundle')).click({ position: { x: 300, y: 10 } });
      const downloaded = page.waitForEvent('download', { timeout: UI_TIMEOUT_MS });
      await page.click(byTestId('file-download'));
      const download = await downloaded;
      expect(download.suggestedFilename()).toBe('bundle.zip');
      const saved = join(base, 'bundle.zip');
      await download.saveAs(saved);
      zip = readFileSync(saved);
      // A zip (local file header) naming the file (names are stored uncompressed).
      expect(zip.subarray(0, 2).toString('latin1')).toBe('PK');
      expect(zip.includes(Buffer.from('notes.txt'))).toBe(true);
    });

    await step('extract', async () => {
      await page.click(byTestId('file-two-panes'));
      await dropFiles(page, byTestId('file-pane'), { 'bundle.zip': zip });
      await page.waitForSelector(byTestId('file-row-bundle.zip'), { timeout: UI_TIMEOUT_MS });
      await page.locator(byTestId('file-row-bundle.zip')).click({ position: { x: 300, y: 10 } });
      await page.click(byTestId('file-extract'));
      await page.fill(byTestId('file-extract-dialog-input'), '/unpacked');
      await page.click(byTestId('file-extract-dialog-confirm'));
      const notice = page.locator(byTestId('file-notice'));
      const refused = page.locator(byTestId('file-extract-dialog-error'));
      await notice.or(refused).first().waitFor({ timeout: UI_TIMEOUT_MS });
      expect((await refused.count()) ? squash(await refused.textContent()) : '').toBe('');
      expect(squash(await notice.textContent())).toMatch(/^Extracted 1 file/);
      const found = readdirSync(join(rootDir, 'unpacked'), { recursive: true }).map(String);
      const extracted = found.find((p) => p.endsWith('notes.txt'));
      expect(extracted).toBeDefined();
      expect(readFileSync(join(rootDir, 'unpacked', extracted ?? ''), 'utf8')).toBe(
        readFileSync(bundled, 'utf8'),
      );
      await suite?.shot('files-extracted.png');
    });

    await step('preview', async () => {
      // A 1×1 PNG: opening it previews it (its bytes through HttpClient, shown from a blob URL).
      const png = Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
        'base64',
      );
      await dropFiles(page, byTestId('file-pane'), { 'dot.png': png });
      await page.click(byTestId('file-open-dot.png'));
      const image = page.locator(byTestId('file-preview-image'));
      await image.waitFor({ timeout: UI_TIMEOUT_MS });
      await page.waitForFunction(
        () =>
          (document.querySelector('[data-testid="file-preview-image"]') as HTMLImageElement | null)
            ?.naturalWidth === 1,
        undefined,
        { timeout: UI_TIMEOUT_MS },
      );
      expect(await image.getAttribute('src')).toMatch(/^blob:/);
      await page.keyboard.press('Escape');
      await image.waitFor({ state: 'detached', timeout: UI_TIMEOUT_MS });
      expect(suite?.pageErrors).toEqual([]);
    });
  });

  it('has no serious accessibility finding on the roots, the browser (two panes, a selection) and the editor', async () => {
    if (!suite || !browserUrl) throw new Error('The first test did not declare the root');
    // axe is injected as a script tag: the console's CSP (rightly) allows no inline script.
    const context = await suite.browser.newContext({
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
    });
    try {
      const tab = await context.newPage();
      await tab.goto(url('/files'));
      await signIn(tab, { login: 'admin', password: ADMIN_PASSWORD });
      await tab.waitForSelector('[data-testid^="file-root-open-"]', { timeout: UI_TIMEOUT_MS });
      expect(await seriousAxeFindings(tab)).toEqual([]);

      await tab.goto(browserUrl);
      await tab.waitForSelector(byTestId('file-row-notes.txt'), { timeout: UI_TIMEOUT_MS });
      await tab.click(byTestId('file-two-panes'));
      await tab.waitForSelector(byTestId('file2-row-notes.txt'), { timeout: UI_TIMEOUT_MS });
      await tab.locator(byTestId('file-row-notes.txt')).click({ position: { x: 300, y: 10 } });
      // The keyboard reaches the rows, and the focus shows.
      await tab.keyboard.press('ArrowUp');
      await tab.waitForFunction(
        () => {
          const id = document.activeElement?.getAttribute('data-testid') ?? '';
          return id.startsWith('file-row-') && id !== 'file-row-notes.txt';
        },
        undefined,
        { timeout: UI_TIMEOUT_MS },
      );
      expect(
        await tab.evaluate(() => getComputedStyle(document.activeElement as Element).outlineStyle),
      ).toBe('solid');
      expect(await seriousAxeFindings(tab)).toEqual([]);

      await tab.click(byTestId('file-open-notes.txt'));
      await tab.waitForSelector(byTestId('file-editor-content'), { timeout: UI_TIMEOUT_MS });
      expect(await seriousAxeFindings(tab)).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
