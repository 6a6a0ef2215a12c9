import { HttpClient, HttpErrorResponse, HttpStatusCode } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { HEALTH_ROUTES, HealthReport, HealthTransition } from '@hyperion/contracts';
import { UNREACHABLE_MESSAGE } from '@hyperion/web/util';
import { Observable, catchError, map, of } from 'rxjs';

import { isHealthReport } from './health-report';

/** Outcome of asking the API for its health: a report (healthy or not), or no usable answer. */
export type HealthResult =
  | { readonly kind: 'report'; readonly report: HealthReport }
  | { readonly kind: 'unreachable'; readonly reason: string };

/** How many recorded changes the sparklines draw from. */
export const HISTORY_LIMIT = 200;

/** HTTP access to the health endpoints. */
@Injectable({ providedIn: 'root' })
export class HealthApi {
  private readonly http = inject(HttpClient);

  /** The current report. Never errors: failures become an `unreachable` result. */
  getReport(): Observable<HealthResult> {
    return this.http.get<unknown>(HEALTH_ROUTES.all, { cache: 'no-store' }).pipe(
      map((body) => toResult(body, HttpStatusCode.Ok)),
      catchError((error: unknown) => of(fromError(error))),
    );
  }

  /**
   * The latest recorded changes of state, newest first; null when the history cannot be read
   * (no `monitoring:read`, or the API is down): the page then draws no sparklines.
   */
  getHistory(limit = HISTORY_LIMIT): Observable<HealthTransition[] | null> {
    return this.http
      .get<HealthTransition[]>(HEALTH_ROUTES.history, {
        params: { limit },
        cache: 'no-store',
      })
      .pipe(
        map((transitions) => (Array.isArray(transitions) ? transitions : null)),
        catchError(() => of(null)),
      );
  }
}

function toResult(body: unknown, status: number): HealthResult {
  return isHealthReport(body)
    ? { kind: 'report', report: body }
    : {
        kind: 'unreachable',
        reason: `Hyperion answered HTTP ${status} without a health report.`,
      };
}

function fromError(error: unknown): HealthResult {
  if (!(error instanceof HttpErrorResponse)) {
    return {
      kind: 'unreachable',
      reason: 'The health request failed unexpectedly.',
    };
  }
  if (error.status === 0) {
    return { kind: 'unreachable', reason: UNREACHABLE_MESSAGE };
  }
  // 503 means "unhealthy", and its body is still a full report.
  if (error.status === HttpStatusCode.ServiceUnavailable && isHealthReport(error.error)) {
    return { kind: 'report', report: error.error };
  }
  return toResult(error.error, error.status);
}
