import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import type {
  CreateMonitorRequest,
  MonitorListResponse,
  MonitorResult,
  MonitorSummary,
  MonitorUptime,
} from '@hyperion/contracts';
import { MONITOR_ROUTES } from '@hyperion/contracts';

import { MonitorApi } from './monitor-api';
import { listItem, monitor } from './testing/monitor-fixtures';

const row = monitor();
const ID = row.id;

describe('MonitorApi', () => {
  let api: MonitorApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(MonitorApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('asks for one page with the filters given (empty ones left out), and gets one monitor', () => {
    const page: MonitorListResponse = { items: [listItem()], total: 1, byState: { up: 1 } };
    let list: MonitorListResponse | undefined;
    let one: MonitorSummary | undefined;
    api
      .list({ q: 'shop', state: 'down', kind: undefined, limit: 50, offset: 100 })
      .subscribe((answer) => (list = answer));
    api.get(ID).subscribe((answer) => (one = answer));

    const asked = http.expectOne((r) => r.method === 'GET' && r.url === MONITOR_ROUTES.collection);
    expect(asked.request.params.toString()).toBe('q=shop&state=down&limit=50&offset=100');
    asked.flush(page);
    http.expectOne({ method: 'GET', url: `/api/v1/monitors/${ID}` }).flush(row);

    expect(list).toEqual(page);
    expect(one).toEqual(row);
  });

  it('creates with a kind and its target, updates and deletes through the contracts routes', () => {
    const create: CreateMonitorRequest = {
      name: 'Database',
      kind: 'tcp',
      target: { host: 'db.internal', port: 5432 },
      intervalSeconds: 30,
    };
    api.create(create).subscribe();
    api.update(ID, { name: 'Website (EU)', clear: ['groupName'] }).subscribe();
    api.delete(ID).subscribe();

    const created = http.expectOne({ method: 'POST', url: MONITOR_ROUTES.collection });
    expect(created.request.body).toEqual(create);
    created.flush(monitor({ kind: 'tcp', target: { host: 'db.internal', port: 5432 } }));
    const updated = http.expectOne({ method: 'PATCH', url: MONITOR_ROUTES.item(ID) });
    expect(updated.request.body).toEqual({ name: 'Website (EU)', clear: ['groupName'] });
    updated.flush(monitor({ name: 'Website (EU)' }));
    http.expectOne({ method: 'DELETE', url: MONITOR_ROUTES.item(ID) }).flush(null);
  });

  it('asks for the uptime by day', () => {
    let days: unknown;
    api.days(ID).subscribe((answer) => (days = answer));
    http
      .expectOne({ method: 'GET', url: MONITOR_ROUTES.days(ID) })
      .flush([{ date: '2026-12-07', uptime: 99.5, checks: 1440 }]);
    expect(days).toEqual([{ date: '2026-12-07', uptime: 99.5, checks: 1440 }]);
  });

  it('asks for the latest results with a limit, and for the uptime', () => {
    const results: MonitorResult[] = [
      { checkedAt: '2026-01-30T14:00:00.000Z', up: false, latencyMs: null, message: 'timeout' },
    ];
    const uptime: MonitorUptime = { day: 99.5, week: 99.9, month: null, quarter: null };
    let gotResults: MonitorResult[] | undefined;
    let gotUptime: MonitorUptime | undefined;
    api.results(ID, 50).subscribe((answer) => (gotResults = answer));
    api.uptime(ID).subscribe((answer) => (gotUptime = answer));

    const asked = http.expectOne(
      (r) => r.method === 'GET' && r.url === `/api/v1/monitors/${ID}/results`,
    );
    expect(asked.request.params.get('limit')).toBe('50');
    asked.flush(results);
    http.expectOne({ method: 'GET', url: MONITOR_ROUTES.uptime(ID) }).flush(uptime);

    expect(gotResults).toEqual(results);
    expect(gotUptime).toEqual(uptime);
  });

  it('checks now with a POST and answers the monitor with its new verdict', () => {
    let answer: MonitorSummary | undefined;
    api.checkNow(ID).subscribe((saved) => (answer = saved));

    const check = http.expectOne({ method: 'POST', url: `/api/v1/monitors/${ID}/check` });
    check.flush(monitor({ state: 'down', lastMessage: 'HTTP 503' }));

    expect(answer?.state).toBe('down');
    expect(answer?.lastMessage).toBe('HTTP 503');
  });
});
