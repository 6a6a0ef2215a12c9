import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { STATUS_PAGE_ROUTES, StatusPageSummary } from '@hyperion/contracts';

import { StatusPageApi } from './status-page-api';

const ID = '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11';

const row: StatusPageSummary = {
  id: ID,
  slug: 'alpha',
  name: 'alpha',
  description: '',
  published: false,
  showPostmortems: false,
  publicUrl: null,
  emailChannelId: null,
  subscriptions: false,
  createdAt: '2026-01-30T14:00:00.000Z',
  updatedAt: '2026-01-30T14:00:00.000Z',
};

describe('StatusPageApi', () => {
  let api: StatusPageApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(StatusPageApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists from the collection route', () => {
    let answer: StatusPageSummary[] | undefined;
    api.list().subscribe((rows) => (answer = rows));

    const request = http.expectOne(STATUS_PAGE_ROUTES.collection);
    expect(request.request.method).toBe('GET');
    request.flush([row]);

    expect(answer).toEqual([row]);
  });

  it('creates, updates and deletes through the contracts routes', () => {
    api.create({ name: 'alpha', slug: 'alpha' }).subscribe();
    api.update(ID, { name: 'beta' }).subscribe();
    api.delete(ID).subscribe();

    const create = http.expectOne({ method: 'POST', url: STATUS_PAGE_ROUTES.collection });
    expect(create.request.body).toEqual({ name: 'alpha', slug: 'alpha' });
    create.flush(row);
    const update = http.expectOne({ method: 'PATCH', url: `/api/v1/status-pages/${ID}` });
    expect(update.request.body).toEqual({ name: 'beta' });
    update.flush({ ...row, name: 'beta' });
    http.expectOne({ method: 'DELETE', url: STATUS_PAGE_ROUTES.item(ID) }).flush(null);
  });

  it('reaches layout, maintenance, public updates and subscribers through the contracts routes', () => {
    const groups = [{ name: 'Shop', components: [{ kind: 'monitor' as const, id: 'm-1' }] }];
    api.replaceComponents(ID, { groups }).subscribe();
    api
      .createMaintenance(ID, {
        title: 'Patch',
        startsAt: '2026-02-01T02:00:00Z',
        durationMinutes: 30,
      })
      .subscribe();
    api.deleteMaintenance(ID, 'w-1').subscribe();
    api
      .postIncidentUpdate(ID, 'i-1', { status: 'identified', message: 'Rolling back.' })
      .subscribe();
    api.removeSubscriber(ID, 's-1').subscribe();

    const put = http.expectOne({ method: 'PUT', url: STATUS_PAGE_ROUTES.components(ID) });
    expect(put.request.body).toEqual({ groups });
    put.flush({ ...row, groups: [] });
    http.expectOne({ method: 'POST', url: STATUS_PAGE_ROUTES.maintenance(ID) }).flush({});
    http
      .expectOne({ method: 'DELETE', url: STATUS_PAGE_ROUTES.maintenanceItem(ID, 'w-1') })
      .flush(null);
    const update = http.expectOne({
      method: 'POST',
      url: STATUS_PAGE_ROUTES.incidentUpdates(ID, 'i-1'),
    });
    expect(update.request.body).toEqual({ status: 'identified', message: 'Rolling back.' });
    update.flush({});
    http.expectOne({ method: 'DELETE', url: STATUS_PAGE_ROUTES.subscriber(ID, 's-1') }).flush(null);
  });
});
