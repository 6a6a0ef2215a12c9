import { EditorView } from '@codemirror/view';
import { FILE_ROOT_ROUTES, FILE_ROUTES } from '@hyperion/contracts';

import { fileEntry, fileRootRow } from '../testing/file-root-fixtures';
import { openPage, PageHarness, refusal } from '../testing/page-harness';
import { FileEditorPage } from './file-editor-page';
import { unsavedChangesGuard } from './unsaved-changes.guard';

const root = fileRootRow({ id: 'r-1' });

/** A blob's text (the specs' DOM has FileReader, not Blob.text). */
const blobText = (blob: Blob) =>
  new Promise<string>((resolve) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.readAsText(blob);
  });
const conf = fileEntry('etc/app.conf', { size: 11, version: 'v1' });

describe('FileEditorPage', { timeout: 60_000 }, () => {
  let page: PageHarness<FileEditorPage>;

  const get = (url: string) =>
    page.backend.expectOne(
      (r) => r.method === 'GET' && r.url === url && r.params.get('path') === 'etc/app.conf',
    );

  async function open(bytes: BlobPart, entry = conf): Promise<void> {
    page = await openPage(FileEditorPage, { inputs: { rootId: 'r-1', path: 'etc/app.conf' } });
    page.backend.expectOne(FILE_ROOT_ROUTES.item('r-1')).flush(root);
    get(FILE_ROUTES.stat('r-1')).flush(entry);
    await page.stable();
    if (entry.size <= 1024 * 1024) {
      get(FILE_ROUTES.content('r-1')).flush(new Blob([bytes]));
      // The blob is read asynchronously.
      await new Promise((resolve) => setTimeout(resolve, 20));
      await page.stable();
    }
  }

  /** The editor's text, changed as a person typing would (through CodeMirror's view). */
  function typeAtEnd(text: string): void {
    const content = page.find('file-editor-content');
    if (!content) throw new Error('No editor');
    // What a keystroke ends in: a change dispatched through CodeMirror's view.
    const view = EditorView.findFromDOM(content);
    if (!view) throw new Error('No CodeMirror view on the content element');
    view.dispatch({ changes: { from: view.state.doc.length, insert: text } });
  }

  const put = (version: string) =>
    page.backend.expectOne(
      (r) =>
        r.method === 'PUT' &&
        r.url === FILE_ROUTES.content('r-1') &&
        r.params.get('path') === 'etc/app.conf' &&
        r.params.get('version') === version,
    );

  afterEach(() => page.destroy());

  it('opens a text file, saves the change replacing the version opened, then the next from the answer', async () => {
    await open('port = 80\n');
    expect(page.find('file-editor-content')?.textContent).toContain('port = 80');
    expect(page.find<HTMLButtonElement>('file-editor-save')?.disabled).toBe(true);

    typeAtEnd('host = a\n');
    await page.stable();
    expect(page.find('file-editor-dirty')).not.toBeNull();
    expect(page.fixture.componentInstance.hasUnsavedChanges()).toBe(true);
    await page.click('file-editor-save');
    const first = put('v1');
    expect(await blobText(first.request.body as Blob)).toBe('port = 80\nhost = a\n');
    first.flush(fileEntry('etc/app.conf', { version: 'v2' }), { status: 200, statusText: 'OK' });
    await page.stable();
    expect(page.text('file-editor-saved')).toBe('Saved.');
    expect(page.find('file-editor-dirty')).toBeNull();

    typeAtEnd('x');
    await page.stable();
    await page.click('file-editor-save');
    put('v2').flush(fileEntry('etc/app.conf', { version: 'v3' }), {
      status: 200,
      statusText: 'OK',
    });
    await page.stable();
  });

  it('says the file changed on disk (409); overwrite replaces the version there now', async () => {
    await open('a\n');
    typeAtEnd('b\n');
    await page.stable();
    await page.click('file-editor-save');
    put('v1').flush(...refusal(409, 'etc/app.conf changed since it was listed'));
    await page.stable();
    expect(page.text('file-editor-conflict')).toContain(
      'This file changed on disk since you opened it.',
    );
    expect(page.find('file-editor-dirty')).not.toBeNull();

    await page.click('file-editor-overwrite');
    get(FILE_ROUTES.stat('r-1')).flush(fileEntry('etc/app.conf', { version: 'v9' }));
    await page.stable();
    put('v9').flush(fileEntry('etc/app.conf', { version: 'v10' }), {
      status: 200,
      statusText: 'OK',
    });
    await page.stable();
    expect(page.find('file-editor-conflict')).toBeNull();
    expect(page.text('file-editor-saved')).toBe('Saved.');
  });

  it('does not open binary data, nor a file over 1 MiB', async () => {
    await open(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 13]));
    expect(page.text('file-editor-refusal')).toContain('does not look like text');
    expect(page.find('file-editor')).toBeNull();
    page.destroy();

    await open('', fileEntry('etc/app.conf', { size: 2 * 1024 * 1024 }));
    expect(page.text('file-editor-refusal')).toContain('the editor opens files up to 1.0 MiB');
  });

  it('asks before leaving with unsaved changes', async () => {
    await open('a\n');
    const confirm = vi.spyOn(window, 'confirm').mockReturnValue(false);
    const guard = (p: FileEditorPage) =>
      unsavedChangesGuard(p, null as never, null as never, null as never) as boolean;
    expect(guard(page.fixture.componentInstance)).toBe(true);
    expect(confirm).not.toHaveBeenCalled();
    typeAtEnd('b');
    await page.stable();
    expect(guard(page.fixture.componentInstance)).toBe(false);
    expect(confirm).toHaveBeenCalledWith(
      'You have unsaved changes in this file. Leave and lose them?',
    );
    confirm.mockRestore();
  });
});
