import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AlertActionRequest,
  AlertBulkActionRequest,
  AlertBulkActionResponse,
  AlertDetail,
  AlertListQuery,
  AlertListResponse,
  AlertReportTrend,
  AlertSummary,
  MonthlyAlertReport,
} from '@hyperion/contracts';
import { ALERT_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** HTTP access to alerts and their reports (the console's only way to them). */
@Injectable({ providedIn: 'root' })
export class AlertsApi {
  private readonly http = inject(HttpClient);

  /** One page of alerts, newest activity first, filtered by the server (never every alert). */
  list(query: AlertListQuery = {}): Observable<AlertListResponse> {
    let params = new HttpParams();
    for (const [name, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params = params.set(name, String(value));
    }
    return this.http.get<AlertListResponse>(ALERT_ROUTES.list, { params, cache: 'no-store' });
  }

  get(id: string): Observable<AlertDetail> {
    return this.http.get<AlertDetail>(ALERT_ROUTES.item(id), { cache: 'no-store' });
  }

  /** Acknowledge, resolve or snooze one alert: the alert as it now stands. */
  act(id: string, body: AlertActionRequest): Observable<AlertSummary> {
    return this.http.post<AlertSummary>(ALERT_ROUTES.action(id), body);
  }

  /** The same for several alerts: the ids of those it changed. */
  bulk(body: AlertBulkActionRequest): Observable<AlertBulkActionResponse> {
    return this.http.post<AlertBulkActionResponse>(ALERT_ROUTES.bulk, body);
  }

  /** The report of one UTC month (`YYYY-MM`). */
  monthlyReport(month: string): Observable<MonthlyAlertReport> {
    return this.http.get<MonthlyAlertReport>(ALERT_ROUTES.monthlyReport, {
      params: new HttpParams().set('month', month),
      cache: 'no-store',
    });
  }

  /** Totals of the `months` UTC months up to `to` (`YYYY-MM`, included), oldest first. */
  trend(months: number, to: string): Observable<AlertReportTrend> {
    return this.http.get<AlertReportTrend>(ALERT_ROUTES.trend, {
      params: new HttpParams().set('months', String(months)).set('to', to),
      cache: 'no-store',
    });
  }
}
