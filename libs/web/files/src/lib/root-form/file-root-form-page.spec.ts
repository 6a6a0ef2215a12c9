import { TestBed } from '@angular/core/testing';
import { Router } from '@angular/router';
import { FILE_ROOT_ROUTES, SSH_HOST_ROUTES, SshHostSummary } from '@hyperion/contracts';

import { fileRootRow } from '../testing/file-root-fixtures';
import { openPage, PageHarness, refusal } from '../testing/page-harness';
import { FileRootFormPage } from './file-root-form-page';

const host = {
  id: 'h-1',
  name: 'db-1',
  address: '10.0.0.9',
  username: 'ops',
} as SshHostSummary;

describe('FileRootFormPage', { timeout: 60_000 }, () => {
  let page: PageHarness<FileRootFormPage>;
  let navigate: { mock: { calls: unknown[][] } };

  async function open(id?: string): Promise<void> {
    page = await openPage(FileRootFormPage, { inputs: id ? { id } : {} });
    navigate = vi.spyOn(TestBed.inject(Router), 'navigate').mockResolvedValue(true);
    if (id)
      page.backend
        .expectOne(FILE_ROOT_ROUTES.item(id))
        .flush(fileRootRow({ id, maxUploadBytes: 10 * 1024 * 1024, allowedRoles: ['operator'] }));
    page.backend.expectOne(SSH_HOST_ROUTES.collection).flush([host]);
    await page.stable();
  }

  afterEach(() => page.destroy());

  it('declares an SFTP root on a chosen SSH host with roles and an upload limit', async () => {
    await open();
    await page.type('file-root-form-name', 'db logs');
    await page.choose('file-root-form-kind', 'A directory on an SSH host (SFTP)');
    await page.choose('file-root-form-sshHostId', 'db-1 (ops@10.0.0.9)');
    await page.type('file-root-form-path', '/var/log/postgresql');
    await page.type('file-root-form-allowedRoles', 'operator, dba');
    await page.type('file-root-form-maxUpload', '50');
    page.find('file-root-form-readOnly')?.querySelector('input')?.click();
    await page.stable();
    await page.click('file-root-form-save');

    const create = page.backend.expectOne({ method: 'POST', url: FILE_ROOT_ROUTES.collection });
    expect(create.request.body).toEqual({
      name: 'db logs',
      kind: 'sftp',
      path: '/var/log/postgresql',
      sshHostId: 'h-1',
      maxUploadBytes: 50 * 1024 * 1024,
      readOnly: true,
      allowedRoles: ['operator', 'dba'],
    });
    create.flush(fileRootRow());
    await page.stable();
    expect(navigate.mock.calls[0]?.[0]).toEqual(['../..']);
  });

  it("puts the API's refusal beside the field it names", async () => {
    await open();
    await page.type('file-root-form-name', 'etc');
    await page.type('file-root-form-path', '/etc');
    await page.click('file-root-form-save');
    page.backend
      .expectOne({ method: 'POST', url: FILE_ROOT_ROUTES.collection })
      .flush(...refusal(400, ['path: /etc is not inside FILES_ALLOWED_ROOTS (/srv/files)']));
    await page.stable();
    expect(page.text('file-root-form-error')).toBe(
      'Hyperion refused this: see the fields marked below.',
    );
    expect(page.text('file-root-form-path-error')).toBe(
      '/etc is not inside FILES_ALLOWED_ROOTS (/srv/files).',
    );
    expect(navigate.mock.calls).toHaveLength(0);
  });

  it('edits a root (kind fixed), clearing the upload limit when emptied', async () => {
    await open('r-1');
    expect(page.find<HTMLInputElement>('file-root-form-maxUpload')?.value).toBe('10');
    await page.type('file-root-form-maxUpload', '');
    await page.click('file-root-form-save');
    const update = page.backend.expectOne({ method: 'PATCH', url: FILE_ROOT_ROUTES.item('r-1') });
    expect(update.request.body).toEqual({
      name: 'alpha',
      path: '/srv/hyperion/files/alpha',
      clear: ['maxUploadBytes'],
      readOnly: false,
      allowedRoles: ['operator'],
    });
    update.flush(fileRootRow());
    await page.stable();
    expect(navigate.mock.calls[0]?.[0]).toEqual(['../../..']);
  });

  it('says plainly that changing roots needs files:admin', async () => {
    page = await openPage(FileRootFormPage, { held: ['files:read'] });
    page.backend
      .expectOne(SSH_HOST_ROUTES.collection)
      .flush(...refusal(403, 'Missing permission ssh:exec'));
    await page.stable();
    expect(page.text('file-root-form-forbidden')).toBe(
      "You can't change file roots: that needs the files:admin permission.",
    );
  });
});
