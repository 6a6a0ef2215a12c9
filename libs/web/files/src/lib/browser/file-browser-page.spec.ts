import { HttpEventType } from '@angular/common/http';
import { TestRequest } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { FILE_ROOT_ROUTES, FILE_ROUTES, FileEntry } from '@hyperion/contracts';

import { fileEntry, fileRootRow } from '../testing/file-root-fixtures';
import { OpenOptions, openPage, PageHarness, refusal } from '../testing/page-harness';
import { FileBrowserPage } from './file-browser-page';

const root = fileRootRow({ id: 'r-1', name: 'srv' });
const logs = fileEntry('logs', { type: 'directory', size: 4096, mode: '0755' });
const big = fileEntry('big.bin', { size: 5_000_000, mtime: '2026-01-01T00:00:00.000Z' });
const notes = fileEntry('notes.txt', { size: 12, mtime: '2026-01-31T00:00:00.000Z' });
const app = fileEntry('app.log', { size: 900, mtime: '2026-01-15T00:00:00.000Z' });

describe('FileBrowserPage', { timeout: 60_000 }, () => {
  let page: PageHarness<FileBrowserPage>;

  const entries = (path: string) =>
    page.backend.expectOne(
      (r) =>
        r.method === 'GET' && r.url === FILE_ROUTES.entries('r-1') && r.params.get('path') === path,
    );
  const listing = (path: string, list: FileEntry[]) => entries(path).flush({ path, entries: list });

  async function open(held?: OpenOptions['held'], r = root): Promise<void> {
    page = await openPage(FileBrowserPage, { inputs: { rootId: 'r-1' }, held });
    page.backend.expectOne(FILE_ROOT_ROUTES.item('r-1')).flush(r);
    await page.stable();
    listing('', [notes, logs, big, app]);
    await page.stable();
  }

  const names = () =>
    Array.from(document.querySelectorAll('[data-testid^="file-row-"]')).map((row) =>
      row.getAttribute('data-testid')?.replace('file-row-', ''),
    );

  const clickRow = async (name: string, keys: MouseEventInit = {}) => {
    page
      .find(`file-row-${name}`)
      ?.dispatchEvent(new MouseEvent('click', { bubbles: true, ...keys }));
    await page.stable();
  };

  afterEach(() => page.destroy());

  it('lists folders first, sorted by name, then by a column clicked (twice: reversed)', async () => {
    await open();
    expect(page.text('file-browser-title')).toBe('srv');
    expect(names()).toEqual(['logs', 'app.log', 'big.bin', 'notes.txt']);
    await page.click('file-sort-size');
    expect(names()).toEqual(['logs', 'big.bin', 'app.log', 'notes.txt']);
    await page.click('file-sort-size');
    expect(names()).toEqual(['logs', 'notes.txt', 'app.log', 'big.bin']);
    await page.click('file-sort-mtime');
    expect(names()).toEqual(['logs', 'notes.txt', 'app.log', 'big.bin']);
  });

  it('selects with a click, Ctrl-click, Shift-click and the keyboard', async () => {
    await open();
    await clickRow('app.log');
    expect(page.text('file-selected-count')).toBe('1 selected');
    await clickRow('notes.txt', { shiftKey: true });
    expect(page.text('file-selected-count')).toBe('3 selected');
    await clickRow('big.bin', { ctrlKey: true });
    expect(page.text('file-selected-count')).toBe('2 selected');
    expect(page.find<HTMLInputElement>('file-check-big.bin')?.checked).toBe(false);

    const row = page.find('file-row-app.log');
    row?.dispatchEvent(new KeyboardEvent('keydown', { key: 'a', ctrlKey: true, bubbles: true }));
    await page.stable();
    expect(page.text('file-selected-count')).toBe('4 selected');
    expect(page.find<HTMLInputElement>('file-select-all')?.checked).toBe(true);
  });

  it('opens a folder through the URL, and walks back through the breadcrumbs', async () => {
    await open();
    const navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    await page.click('file-open-logs');
    expect(navigate.mock.calls[0]?.[1]?.queryParams).toEqual({ path: 'logs' });

    page.fixture.componentRef.setInput('path', 'logs');
    await page.stable();
    listing('logs', []);
    await page.stable();
    expect(page.text('file-empty')).toContain('This folder is empty.');
    await page.click('file-crumb-/');
    expect(navigate.mock.calls[1]?.[1]?.queryParams).toEqual({ path: null });
  });

  it('keeps the last listing in view, saying so, when a refresh fails', async () => {
    await open();
    await page.click('file-refresh');
    entries('').flush(...refusal(503, 'Service Unavailable'));
    await page.stable();
    expect(page.text('file-stale')).toContain('Could not refresh this folder');
    expect(page.text('file-stale')).toContain('Hyperion is temporarily unavailable');
    expect(names()).toEqual(['logs', 'app.log', 'big.bin', 'notes.txt']);
  });

  it("says why a folder cannot be listed (the API's words)", async () => {
    page = await openPage(FileBrowserPage, { inputs: { rootId: 'r-1', path: 'gone' } });
    page.backend.expectOne(FILE_ROOT_ROUTES.item('r-1')).flush(root);
    await page.stable();
    entries('gone').flush(...refusal(404, 'path: no such file or directory: gone'));
    await page.stable();
    expect(page.text('file-error')).toContain('no such file or directory: gone');
    expect(page.find('file-table')).toBeNull();
  });

  it('shows no write action on a read-only root, nor to a user without files:write', async () => {
    await open(undefined, fileRootRow({ id: 'r-1', readOnly: true }));
    expect(page.text('file-browser-readonly')).toContain('read-only');
    await clickRow('notes.txt');
    expect(page.find('file-download')).not.toBeNull();
    for (const id of [
      'file-new-folder',
      'file-upload',
      'file-rename',
      'file-delete',
      'file-move',
    ]) {
      expect(page.find(id)).toBeNull();
    }
    page.destroy();

    await open(['files:read']);
    expect(page.text('file-browser-readonly')).toContain('needs the files:write permission');
    await clickRow('notes.txt');
    expect(page.find('file-delete')).toBeNull();
    expect(page.text('file-edit')).toBe('View');
  });

  it('deletes a folder recursively and a file plainly, once confirmed', async () => {
    await open();
    await clickRow('logs');
    await clickRow('notes.txt', { ctrlKey: true });
    await page.click('file-delete');
    expect(page.text('file-delete-dialog')).toContain(
      'Folders are deleted with everything in them.',
    );
    await page.click('file-delete-dialog-confirm');
    const first = page.backend.expectOne((r) => r.method === 'DELETE');
    expect(first.request.params.get('path')).toBe('logs');
    expect(first.request.params.get('recursive')).toBe('true');
    first.flush(null);
    await page.stable();
    const second = page.backend.expectOne((r) => r.method === 'DELETE');
    expect(second.request.params.get('path')).toBe('notes.txt');
    expect(second.request.params.has('recursive')).toBe(false);
    second.flush(null);
    await page.stable();
    expect(page.text('file-notice')).toBe('2 entries deleted.');
    listing('', [big, app]);
  });

  it('copies the selection into the second pane', async () => {
    await open();
    await page.click('file-two-panes');
    listing('', [notes, logs, big, app]);
    await page.stable();
    await page.click('file2-open-logs');
    listing('logs', []);
    await page.stable();

    await clickRow('notes.txt');
    expect(page.text('file-copy')).toBe('Copy to other pane');
    await page.click('file-copy');
    const copy = page.backend.expectOne(
      (r) => r.method === 'POST' && r.url === FILE_ROUTES.copy('r-1'),
    );
    expect(copy.request.body).toEqual({ from: 'notes.txt', to: 'logs/notes.txt' });
    copy.flush(fileEntry('logs/notes.txt'));
    await page.stable();
    expect(page.text('file-notice')).toBe('“notes.txt” copied to /logs.');
    // Both panes list again.
    listing('', [notes, logs, big, app]);
    listing('logs', [fileEntry('logs/notes.txt')]);
    await page.stable();
    expect(page.find('file2-row-notes.txt')).not.toBeNull();
  });

  it('uploads dropped files with their progress; an existing name asks, and replace names the listed version', async () => {
    await open();
    // jsdom has no DataTransfer: a drop event carrying what a browser's would (the browser test
    // drops a real one).
    const files = [new File(['hello'], 'new.txt'), new File(['changed'], 'notes.txt')];
    const drop = Object.assign(new Event('drop', { bubbles: true, cancelable: true }), {
      dataTransfer: { types: ['Files'], files, items: [] },
    });
    page.find('file-pane')?.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    await page.stable();

    const put = (path: string, version?: string): TestRequest =>
      page.backend.expectOne(
        (r) =>
          r.method === 'PUT' &&
          r.url === FILE_ROUTES.content('r-1') &&
          r.params.get('path') === path &&
          r.params.get('version') === (version ?? null),
      );
    const created = put('new.txt');
    expect(created.request.headers.get('Content-Type')).toBe('application/octet-stream');
    expect(created.request.reportProgress).toBe(true);
    created.event({ type: HttpEventType.UploadProgress, loaded: 2, total: 5 });
    await page.stable();
    expect(page.text('file-upload-new.txt')).toContain('2 B of 5 B');
    created.flush(fileEntry('new.txt'), { status: 201, statusText: 'Created' });
    await page.stable();
    expect(page.find('file-upload-new.txt')?.getAttribute('data-state')).toBe('done');
    listing('', [notes, logs, big, app, fileEntry('new.txt')]);

    put('notes.txt').flush(...refusal(409, 'notes.txt exists already'));
    await page.stable();
    expect(page.text('file-conflict-dialog')).toContain('/notes.txt is already in this folder');
    await page.click('file-conflict-replace');
    put('notes.txt', notes.version).flush(notes, { status: 200, statusText: 'OK' });
    await page.stable();
    expect(page.text('file-upload-notes.txt')).toContain('Replaced');
    listing('', [notes, logs, big, app, fileEntry('new.txt')]);
  });

  it('creates a folder, renames an entry and shows a refused mode change in its dialog', async () => {
    await open();
    await page.click('file-new-folder');
    await page.type('file-mkdir-dialog-input', 'a/b');
    await page.click('file-mkdir-dialog-confirm');
    expect(page.text('file-mkdir-dialog-error')).toBe('A name, not a path: no "/".');
    await page.type('file-mkdir-dialog-input', 'backups');
    await page.click('file-mkdir-dialog-confirm');
    const mkdir = page.backend.expectOne({ method: 'POST', url: FILE_ROUTES.mkdir('r-1') });
    expect(mkdir.request.body).toEqual({ path: 'backups' });
    mkdir.flush(fileEntry('backups', { type: 'directory' }));
    await page.stable();
    expect(page.text('file-notice')).toBe('Folder “backups” created.');
    listing('', [notes, logs, big, app]);
    await page.stable();

    await clickRow('notes.txt');
    await page.click('file-rename');
    await page.type('file-rename-dialog-input', 'todo.txt');
    await page.click('file-rename-dialog-confirm');
    const rename = page.backend.expectOne({ method: 'POST', url: FILE_ROUTES.rename('r-1') });
    expect(rename.request.body).toEqual({ from: 'notes.txt', to: 'todo.txt' });
    rename.flush(fileEntry('todo.txt'));
    await page.stable();
    listing('', [fileEntry('todo.txt'), logs, big, app]);
    await page.stable();

    await clickRow('app.log');
    await page.click('file-chmod');
    expect(page.find<HTMLInputElement>('file-chmod-dialog-input')?.value).toBe('644');
    await page.type('file-chmod-dialog-input', '4755');
    await page.click('file-chmod-dialog-confirm');
    expect(page.text('file-chmod-dialog-error')).toContain('at most 0777');
    await page.type('file-chmod-dialog-input', '600');
    await page.click('file-chmod-dialog-confirm');
    page.backend
      .expectOne({ method: 'POST', url: FILE_ROUTES.chmod('r-1') })
      .flush(...refusal(403, 'This file root is read-only'));
    await page.stable();
    expect(page.text('file-chmod-dialog-error')).toBe('This file root is read-only');
  });
});
