import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { SSH_HOST_ROUTES, SshHostSummary } from '@hyperion/contracts';

import { SshHostApi } from './ssh-host-api';
import { sshHostRow } from './testing/ssh-host-fixtures';

const ID = '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11';

const row = sshHostRow({ id: ID });

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
    const create = {
      name: 'alpha',
      address: '10.0.0.5',
      username: 'ops',
      authMethod: 'key',
    } as const;
    api.create({ ...create, privateKey: 'KEY' }).subscribe();
    api.update(ID, { name: 'beta' }).subscribe();
    api.delete(ID).subscribe();

    const created = http.expectOne({ method: 'POST', url: SSH_HOST_ROUTES.collection });
    expect(created.request.body).toEqual({ ...create, privateKey: 'KEY' });
    created.flush(row);
    const update = http.expectOne({ method: 'PATCH', url: `/api/v1/ssh/hosts/${ID}` });
    expect(update.request.body).toEqual({ name: 'beta' });
    update.flush({ ...row, name: 'beta' });
    http.expectOne({ method: 'DELETE', url: SSH_HOST_ROUTES.item(ID) }).flush(null);
  });

  it('reaches the host key, test and command routes', () => {
    const fingerprint = `SHA256:${'A'.repeat(43)}`;
    api.pinHostKey(ID, fingerprint).subscribe();
    api.approveHostKey(ID, fingerprint).subscribe();
    api.test(ID).subscribe();
    api.exec(ID, { command: 'uptime', timeoutSeconds: 5 }).subscribe();
    api.execs(ID).subscribe();
    api.execItem(ID, 'x-1').subscribe();

    const pin = http.expectOne({ method: 'PUT', url: SSH_HOST_ROUTES.hostKey(ID) });
    expect(pin.request.body).toEqual({ fingerprint });
    pin.flush(row);
    const approve = http.expectOne({ method: 'POST', url: SSH_HOST_ROUTES.approveHostKey(ID) });
    expect(approve.request.body).toEqual({ fingerprint });
    approve.flush(row);
    http.expectOne({ method: 'POST', url: SSH_HOST_ROUTES.test(ID) }).flush({});
    const exec = http.expectOne({ method: 'POST', url: SSH_HOST_ROUTES.exec(ID) });
    expect(exec.request.body).toEqual({ command: 'uptime', timeoutSeconds: 5 });
    exec.flush({});
    http.expectOne({ method: 'GET', url: SSH_HOST_ROUTES.execs(ID) }).flush([]);
    http.expectOne({ method: 'GET', url: SSH_HOST_ROUTES.execItem(ID, 'x-1') }).flush({});
  });
});
