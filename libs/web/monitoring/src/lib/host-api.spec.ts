import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { HOST_ROUTES, HostPage, HostSeries } from '@hyperion/contracts';

import { HostApi } from './host-api';
import { host } from './testing/host-fixtures';

const ID = '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11';

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

  it('lists a page from the collection route, sending only the parameters given', () => {
    const page: HostPage = { items: [host()], nextCursor: 'c2' };
    let answer: HostPage | undefined;
    api.list({ limit: 50, cursor: 'c1' }).subscribe((rows) => (answer = rows));
    api.list().subscribe();

    const paged = http.expectOne((r) => r.url === HOST_ROUTES.collection && r.params.has('cursor'));
    expect(paged.request.params.get('limit')).toBe('50');
    expect(paged.request.params.get('cursor')).toBe('c1');
    paged.flush(page);
    const first = http.expectOne(
      (r) => r.url === HOST_ROUTES.collection && !r.params.has('cursor'),
    );
    expect(first.request.params.keys()).toEqual([]);
    first.flush({ items: [], nextCursor: null });

    expect(answer).toEqual(page);
  });

  it('asks for a range of history with its parameters', () => {
    const series = { hostId: ID, resolution: '1m', points: [] } as unknown as HostSeries;
    let answer: HostSeries | undefined;
    api
      .samples(ID, { from: '2026-01-30T13:00:00.000Z', resolution: 'auto' })
      .subscribe((s) => (answer = s));

    const asked = http.expectOne((r) => r.url === HOST_ROUTES.samples(ID));
    expect(asked.request.params.get('from')).toBe('2026-01-30T13:00:00.000Z');
    expect(asked.request.params.get('resolution')).toBe('auto');
    expect(asked.request.params.has('to')).toBe(false);
    asked.flush(series);
    expect(answer).toEqual(series);
  });

  it('creates, updates and deletes through the contracts routes', () => {
    api.create({ name: 'alpha', kind: 'local' }).subscribe();
    api.update(ID, { name: 'beta', clear: ['token'] }).subscribe();
    api.delete(ID).subscribe();

    const create = http.expectOne({ method: 'POST', url: HOST_ROUTES.collection });
    expect(create.request.body).toEqual({ name: 'alpha', kind: 'local' });
    create.flush(host());
    const update = http.expectOne({ method: 'PATCH', url: `/api/v1/hosts/${ID}` });
    expect(update.request.body).toEqual({ name: 'beta', clear: ['token'] });
    update.flush(host({ name: 'beta' }));
    http.expectOne({ method: 'DELETE', url: HOST_ROUTES.item(ID) }).flush(null);
  });
});
