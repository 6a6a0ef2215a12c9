import { FILE_ROOT_ROUTES } from '@hyperion/contracts';

import { fileRootRow } from '../testing/file-root-fixtures';
import { openPage, PageHarness, refusal } from '../testing/page-harness';
import { FileRootsPage } from './file-roots-page';

const row = fileRootRow();
const limited = fileRootRow({
  id: 'r-2',
  name: 'logs',
  readOnly: true,
  allowedRoles: ['operator'],
  maxUploadBytes: 5 * 1024 * 1024,
});

describe('FileRootsPage', { timeout: 60_000 }, () => {
  let page: PageHarness<FileRootsPage>;

  afterEach(() => page.destroy());

  it('lists the roots with their access and limit, each opening its browser', async () => {
    page = await openPage(FileRootsPage);
    expect(document.querySelector('mat-progress-bar')).not.toBeNull();
    page.backend.expectOne(FILE_ROOT_ROUTES.collection).flush([row, limited]);
    await page.stable();

    expect(document.querySelector('mat-progress-bar')).toBeNull();
    expect(page.text(`file-root-open-${row.id}`)).toBe('alpha');
    expect(page.find(`file-root-open-${row.id}`)?.getAttribute('href')).toBe(`/${row.id}`);
    expect(page.text(`file-root-access-r-2`)).toBe('Read-only · operator');
    expect(page.text(`file-root-row-r-2`)).toContain('5.0 MiB');
    expect(page.text(`file-root-row-${row.id}`)).toContain('Instance limit');
    expect(page.find('file-root-new')).not.toBeNull();
    expect(page.find(`file-root-edit-${row.id}`)).not.toBeNull();
  });

  it('offers no administration without files:admin', async () => {
    page = await openPage(FileRootsPage, { held: ['files:read'] });
    page.backend.expectOne(FILE_ROOT_ROUTES.collection).flush([row]);
    await page.stable();
    expect(page.find('file-root-new')).toBeNull();
    expect(page.find(`file-root-edit-${row.id}`)).toBeNull();
  });

  it('says so when there are none', async () => {
    page = await openPage(FileRootsPage, { held: ['files:read'] });
    page.backend.expectOne(FILE_ROOT_ROUTES.collection).flush([]);
    await page.stable();
    expect(page.text('file-root-empty')).toContain('An administrator (files:admin) declares them');
    expect(page.find('file-root-table')).toBeNull();
  });

  it("shows the API's reason, and loads again on retry", async () => {
    page = await openPage(FileRootsPage);
    page.backend
      .expectOne(FILE_ROOT_ROUTES.collection)
      .flush(...refusal(403, 'Missing permission files:read'));
    await page.stable();
    expect(page.text('file-root-error')).toContain(
      "You don't have permission to do that (it needs files:read)",
    );

    await page.click('file-root-retry');
    page.backend.expectOne(FILE_ROOT_ROUTES.collection).flush([row]);
    await page.stable();
    expect(page.find('file-root-error')).toBeNull();
    expect(page.find(`file-root-row-${row.id}`)).not.toBeNull();
  });
});
