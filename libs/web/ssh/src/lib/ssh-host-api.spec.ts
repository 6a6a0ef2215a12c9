import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { SSH_HOST_ROUTES, SshHostSummary } from '@hyperion/contracts';

import { SshHostApi } from './ssh-host-api';

const ID = '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11';

const row: SshHostSummary = {
  id: ID,
  name: 'alpha',
  createdAt: '2026-01-30T14:00:00.000Z',
  updatedAt: '2026-01-30T14:00:00.000Z',
};

describe('SshHostApi', () => {
  let api: SshHostApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(SshHostApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists from the collection route', () => {
    let answer: SshHostSummary[] | undefined;
    api.list().subscribe((rows) => (answer = rows));

    const request = http.expectOne(SSH_HOST_ROUTES.collection);
    expect(request.request.method).toBe('GET');
    request.flush([row]);

    expect(answer).toEqual([row]);
  });

  it('creates, updates and deletes through the contracts routes', () => {
    api.create({ name: 'alpha' }).subscribe();
    api.update(ID, { name: 'beta' }).subscribe();
    api.delete(ID).subscribe();

    const create = http.expectOne({ method: 'POST', url: SSH_HOST_ROUTES.collection });
    expect(create.request.body).toEqual({ name: 'alpha' });
    create.flush(row);
    const update = http.expectOne({ method: 'PATCH', url: `/api/v1/ssh-hosts/${ID}` });
    expect(update.request.body).toEqual({ name: 'beta' });
    update.flush({ ...row, name: 'beta' });
    http.expectOne({ method: 'DELETE', url: SSH_HOST_ROUTES.item(ID) }).flush(null);
  });
});
