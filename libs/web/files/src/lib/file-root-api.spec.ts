import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { FILE_ROOT_ROUTES, FileRootSummary } from '@hyperion/contracts';

import { FileRootApi } from './file-root-api';

const ID = '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11';

const row: FileRootSummary = {
  id: ID,
  name: 'alpha',
  createdAt: '2026-01-30T14:00:00.000Z',
  updatedAt: '2026-01-30T14:00:00.000Z',
};

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
    api.create({ name: 'alpha' }).subscribe();
    api.update(ID, { name: 'beta' }).subscribe();
    api.delete(ID).subscribe();

    const create = http.expectOne({ method: 'POST', url: FILE_ROOT_ROUTES.collection });
    expect(create.request.body).toEqual({ name: 'alpha' });
    create.flush(row);
    const update = http.expectOne({ method: 'PATCH', url: `/api/v1/file-roots/${ID}` });
    expect(update.request.body).toEqual({ name: 'beta' });
    update.flush({ ...row, name: 'beta' });
    http.expectOne({ method: 'DELETE', url: FILE_ROOT_ROUTES.item(ID) }).flush(null);
  });
});
