import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateMonitorRequest,
  MonitorDay,
  MonitorListQuery,
  MonitorListResponse,
  MonitorResult,
  MonitorSummary,
  MonitorUptime,
  UpdateMonitorRequest,
} from '@hyperion/contracts';
import { MONITOR_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** HTTP access to monitors (the console's only way to them). */
@Injectable({ providedIn: 'root' })
export class MonitorApi {
  private readonly http = inject(HttpClient);

  /** One page of monitors (filtered and ordered by the API), each with its last 24 hours. */
  list(query: MonitorListQuery = {}): Observable<MonitorListResponse> {
    let params = new HttpParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params = params.set(name, value);
    }
    return this.http.get<MonitorListResponse>(MONITOR_ROUTES.collection, {
      params,
      cache: 'no-store',
    });
  }

  get(id: string): Observable<MonitorSummary> {
    return this.http.get<MonitorSummary>(MONITOR_ROUTES.item(id), { cache: 'no-store' });
  }

  create(request: CreateMonitorRequest): Observable<MonitorSummary> {
    return this.http.post<MonitorSummary>(MONITOR_ROUTES.collection, request);
  }

  update(id: string, request: UpdateMonitorRequest): Observable<MonitorSummary> {
    return this.http.patch<MonitorSummary>(MONITOR_ROUTES.item(id), request);
  }

  delete(id: string): Observable<void> {
    return this.http.delete<void>(MONITOR_ROUTES.item(id));
  }

  /** The monitor's latest results, newest first (at most MONITOR_RULES.resultsLimitMax). */
  results(id: string, limit: number): Observable<MonitorResult[]> {
    return this.http.get<MonitorResult[]>(MONITOR_ROUTES.results(id), {
      params: new HttpParams().set('limit', limit),
      cache: 'no-store',
    });
  }

  /** Share of UP checks over 24 h, 7, 30 and 90 days. */
  uptime(id: string): Observable<MonitorUptime> {
    return this.http.get<MonitorUptime>(MONITOR_ROUTES.uptime(id), { cache: 'no-store' });
  }

  /** Uptime by UTC day over 90 days (days without checks left out). */
  days(id: string): Observable<MonitorDay[]> {
    return this.http.get<MonitorDay[]>(MONITOR_ROUTES.days(id), { cache: 'no-store' });
  }

  /** Checks now and answers the monitor with the new verdict (409 while a check of it runs). */
  checkNow(id: string): Observable<MonitorSummary> {
    return this.http.post<MonitorSummary>(MONITOR_ROUTES.check(id), null);
  }
}
