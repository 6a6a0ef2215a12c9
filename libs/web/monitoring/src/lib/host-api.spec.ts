import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { HOST_ROUTES, HostSummary } from '@hyperion/contracts';

import { HostApi } from './host-api';

const ID = '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11';

const row: HostSummary = {
  id: ID,
  name: 'alpha',
  createdAt: '2026-01-30T14:00:00.000Z',
  updatedAt: '2026-01-30T14:00:00.000Z',
};

describe('HostApi', () => {
  let api: HostApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(HostApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists from the collection route', () => {
    let answer: HostSummary[] | undefined;
    api.list().subscribe((rows) => (answer = rows));

    const request = http.expectOne(HOST_ROUTES.collection);
    expect(request.request.method).toBe('GET');
    request.flush([row]);

    expect(answer).toEqual([row]);
  });

  it('creates, updates and deletes through the contracts routes', () => {
    api.create({ name: 'alpha' }).subscribe();
    api.update(ID, { name: 'beta' }).subscribe();
    api.delete(ID).subscribe();

    const create = http.expectOne({ method: 'POST', url: HOST_ROUTES.collection });
    expect(create.request.body).toEqual({ name: 'alpha' });
    create.flush(row);
    const update = http.expectOne({ method: 'PATCH', url: `/api/v1/hosts/${ID}` });
    expect(update.request.body).toEqual({ name: 'beta' });
    update.flush({ ...row, name: 'beta' });
    http.expectOne({ method: 'DELETE', url: HOST_ROUTES.item(ID) }).flush(null);
  });
});
