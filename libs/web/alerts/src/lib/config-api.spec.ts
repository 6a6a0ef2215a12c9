import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';

import { ConfigApi } from './config-api';

describe('ConfigApi', () => {
  let api: ConfigApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(ConfigApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('lists, creates and expires silences', () => {
    api.silences().subscribe();
    const list = http.expectOne({ method: 'GET', url: '/api/v1/alerts/silences' });
    expect(list.request.cache).toBe('no-store');
    list.flush([]);

    const body = {
      comment: 'Deploy',
      matchers: [{ name: 'service', op: '=' as const, value: 'API' }],
      endsAt: '2026-12-07T10:00:00.000Z',
    };
    api.createSilence(body).subscribe();
    expect(http.expectOne({ method: 'POST', url: '/api/v1/alerts/silences' }).request.body).toEqual(
      body,
    );
    api.expireSilence('x/1').subscribe();
    http.expectOne({ method: 'DELETE', url: '/api/v1/alerts/silences/x%2F1' }).flush(null);
  });

  it('reads and changes escalation policies', () => {
    api.escalationPolicies().subscribe();
    http.expectOne({ method: 'GET', url: '/api/v1/alerts/escalation-policies' }).flush([]);
    api.createEscalationPolicy({ name: 'Night', levels: [] }).subscribe();
    expect(
      http.expectOne({ method: 'POST', url: '/api/v1/alerts/escalation-policies' }).request.body,
    ).toEqual({ name: 'Night', levels: [] });
    api.updateEscalationPolicy('p1', { repeat: 2 }).subscribe();
    expect(
      http.expectOne({ method: 'PATCH', url: '/api/v1/alerts/escalation-policies/p1' }).request
        .body,
    ).toEqual({ repeat: 2 });
    api.deleteEscalationPolicy('p1').subscribe();
    http.expectOne({ method: 'DELETE', url: '/api/v1/alerts/escalation-policies/p1' }).flush(null);
  });

  it('reads and changes routing rules, a move being a new position', () => {
    api.routingRules().subscribe();
    http.expectOne({ method: 'GET', url: '/api/v1/alerts/routing-rules' }).flush([]);
    api.createRoutingRule({ name: 'DB', matchers: [] }).subscribe();
    http.expectOne({ method: 'POST', url: '/api/v1/alerts/routing-rules' });
    api.updateRoutingRule('r1', { position: 0 }).subscribe();
    expect(
      http.expectOne({ method: 'PATCH', url: '/api/v1/alerts/routing-rules/r1' }).request.body,
    ).toEqual({ position: 0 });
    api.deleteRoutingRule('r1').subscribe();
    http.expectOne({ method: 'DELETE', url: '/api/v1/alerts/routing-rules/r1' }).flush(null);
  });
});
