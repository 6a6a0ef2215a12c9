import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { ALERT_ROUTES } from '@hyperion/contracts';

import { AlertsApi } from './alerts-api';

const ID = '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11';

describe('AlertsApi', () => {
  let api: AlertsApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(AlertsApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('asks for one page of alerts with only the filters given', () => {
    api
      .list({
        state: 'open',
        severity: 'critical',
        serviceId: 's-1',
        q: 'disk',
        limit: 50,
        offset: 100,
      })
      .subscribe();
    api.list({ q: '', limit: 50 }).subscribe();

    const [filtered, bare] = http.match((r) => r.method === 'GET' && r.url === ALERT_ROUTES.list);
    const params = filtered.request.params;
    expect(params.keys().sort()).toEqual([
      'limit',
      'offset',
      'q',
      'serviceId',
      'severity',
      'state',
    ]);
    expect(params.get('state')).toBe('open');
    expect(params.get('severity')).toBe('critical');
    expect(params.get('serviceId')).toBe('s-1');
    expect(params.get('q')).toBe('disk');
    expect(params.get('limit')).toBe('50');
    expect(params.get('offset')).toBe('100');
    expect(bare.request.params.keys()).toEqual(['limit']);
  });

  it('reads one alert and acts on one or several', () => {
    api.get(ID).subscribe();
    api.act(ID, { action: 'snooze', minutes: 30 }).subscribe();
    api.bulk({ action: 'acknowledge', ids: [ID, 'b'] }).subscribe();

    http.expectOne({ method: 'GET', url: `/api/v1/alerts/${ID}` });
    expect(
      http.expectOne({ method: 'POST', url: `/api/v1/alerts/${ID}/actions` }).request.body,
    ).toEqual({ action: 'snooze', minutes: 30 });
    expect(http.expectOne({ method: 'POST', url: '/api/v1/alerts/actions' }).request.body).toEqual({
      action: 'acknowledge',
      ids: [ID, 'b'],
    });
  });

  it('asks for the monthly report and the trend with their parameters', () => {
    api.monthlyReport('2026-02').subscribe();
    api.trend(12, '2026-02').subscribe();

    const report = http.expectOne((r) => r.url === '/api/v1/alerts/reports/monthly');
    expect(report.request.params.get('month')).toBe('2026-02');
    const trend = http.expectOne((r) => r.url === '/api/v1/alerts/reports/trend');
    expect(trend.request.params.get('months')).toBe('12');
    expect(trend.request.params.get('to')).toBe('2026-02');
  });
});
