import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { FILE_ROOT_ROUTES, FileRootSummary } from '@hyperion/contracts';

import { FileRootApi } from './file-root-api';
import { fileRootRow } from './testing/file-root-fixtures';

const ID = '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11';

const row = fileRootRow({ id: ID });

describe('FileRootApi', () => {
  let api: FileRootApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(FileRootApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists from the collection route', () => {
    let answer: FileRootSummary[] | undefined;
    api.list().subscribe((rows) => (answer = rows));

    const request = http.expectOne(FILE_ROOT_ROUTES.collection);
    expect(request.request.method).toBe('GET');
    request.flush([row]);

    expect(answer).toEqual([row]);
  });

  it('creates, updates and deletes through the contracts routes', () => {
    const create = { name: 'alpha', kind: 'local', path: '/srv/hyperion/files/alpha' } as const;
    api.create(create).subscribe();
    api.update(ID, { name: 'beta' }).subscribe();
    api.delete(ID).subscribe();

    const created = http.expectOne({ method: 'POST', url: FILE_ROOT_ROUTES.collection });
    expect(created.request.body).toEqual(create);
    created.flush(row);
    const update = http.expectOne({ method: 'PATCH', url: `/api/v1/files/roots/${ID}` });
    expect(update.request.body).toEqual({ name: 'beta' });
    update.flush({ ...row, name: 'beta' });
    http.expectOne({ method: 'DELETE', url: FILE_ROOT_ROUTES.item(ID) }).flush(null);
  });
});
