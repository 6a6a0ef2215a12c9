import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { HEALTH_ROUTES } from '@hyperion/contracts';

import { HealthApi, HealthResult } from './health-api';
import { healthyReport } from './health-report.fixture';

describe('HealthApi', () => {
  let api: HealthApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(HealthApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  function fetchReport(): HealthResult[] {
    const results: HealthResult[] = [];
    api.getReport().subscribe((result) => results.push(result));
    return results;
  }

  it('returns the report of a 200 answer', () => {
    const results = fetchReport();
    const report = healthyReport();

    const request = http.expectOne(HEALTH_ROUTES.all);
    expect(request.request.method).toBe('GET');
    request.flush(report);

    expect(results).toEqual([{ kind: 'report', report }]);
  });

  it('maps the body of a 503 answer to an unhealthy report', () => {
    const results = fetchReport();
    const report = healthyReport({
      database: 'ERROR',
      status: 'unhealthy',
      errors: ['database: connection refused'],
    });

    http
      .expectOne(HEALTH_ROUTES.all)
      .flush(report, { status: 503, statusText: 'Service Unavailable' });

    expect(results).toEqual([{ kind: 'report', report }]);
  });

  it('reports the API as unreachable on a network failure', () => {
    const results = fetchReport();

    http.expectOne(HEALTH_ROUTES.all).error(new ProgressEvent('error'));

    expect(results).toEqual([
      {
        kind: 'unreachable',
        reason: 'Cannot reach Hyperion — check your connection.',
      },
    ]);
  });

  it('reads the history of changes, and gives none when it is refused', () => {
    const histories: unknown[] = [];
    api.getHistory(20).subscribe((history) => histories.push(history));
    const request = http.expectOne((r) => r.url === HEALTH_ROUTES.history);
    expect(request.request.params.get('limit')).toBe('20');
    request.flush([]);

    api.getHistory().subscribe((history) => histories.push(history));
    http
      .expectOne((r) => r.url === HEALTH_ROUTES.history)
      .flush(
        { statusCode: 403, error: 'Forbidden', message: 'Missing permission monitoring:read' },
        { status: 403, statusText: 'Forbidden' },
      );

    expect(histories).toEqual([[], null]);
  });

  it('reports the API as unreachable when a gateway answers without a report', () => {
    const results = fetchReport();

    http.expectOne(HEALTH_ROUTES.all).flush('<html>Bad Gateway</html>', {
      status: 502,
      statusText: 'Bad Gateway',
    });

    expect(results).toEqual([
      {
        kind: 'unreachable',
        reason: 'Hyperion answered HTTP 502 without a health report.',
      },
    ]);
  });
});
