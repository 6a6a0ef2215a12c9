import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { SERVICE_ROUTES } from '@hyperion/contracts';

import { aService, anIntegration } from './config-shared/testing/fixtures';
import { ServiceApi } from './service-api';

const ID = 's 1/x';

describe('ServiceApi', () => {
  let api: ServiceApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(ServiceApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists and reads from the contracts routes, never from the cache', () => {
    let answer: unknown;
    api.list().subscribe((rows) => (answer = rows));
    const list = http.expectOne({ method: 'GET', url: '/api/v1/services' });
    expect(list.request.cache).toBe('no-store');
    list.flush([aService()]);
    expect(answer).toEqual([aService()]);

    api.get(ID).subscribe();
    http.expectOne({ method: 'GET', url: '/api/v1/services/s%201%2Fx' }).flush(aService());
  });

  it('creates, updates (with clear) and deletes', () => {
    api.create({ name: 'API', dependsOn: ['s-db'] }).subscribe();
    api.update(ID, { name: 'Public API', clear: ['teamId'] }).subscribe();
    api.delete(ID).subscribe();

    const create = http.expectOne({ method: 'POST', url: SERVICE_ROUTES.collection });
    expect(create.request.body).toEqual({ name: 'API', dependsOn: ['s-db'] });
    create.flush(aService());
    const update = http.expectOne({ method: 'PATCH', url: SERVICE_ROUTES.item(ID) });
    expect(update.request.body).toEqual({ name: 'Public API', clear: ['teamId'] });
    update.flush(aService());
    http.expectOne({ method: 'DELETE', url: SERVICE_ROUTES.item(ID) }).flush(null);
  });

  it('adds and deletes integrations under the service', () => {
    api.createIntegration('s-api', { name: 'Prometheus', kind: 'alertmanager' }).subscribe();
    api.deleteIntegration('s-api', 'i-prom').subscribe();

    const create = http.expectOne({ method: 'POST', url: '/api/v1/services/s-api/integrations' });
    expect(create.request.body).toEqual({ name: 'Prometheus', kind: 'alertmanager' });
    create.flush(anIntegration());
    http
      .expectOne({ method: 'DELETE', url: '/api/v1/services/s-api/integrations/i-prom' })
      .flush(null);
  });
});
