import { HttpClient, HttpErrorResponse, HttpStatusCode } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import { HEALTH_ROUTES, HealthReport } from '@hyperion/contracts';
import { Observable, catchError, map, of } from 'rxjs';

import { isHealthReport } from './health-report';

/** Outcome of asking the API for its health: a report (healthy or not), or no usable answer. */
export type HealthResult =
  | { readonly kind: 'report'; readonly report: HealthReport }
  | { readonly kind: 'unreachable'; readonly reason: string };

/** HTTP access to the health endpoint. Never errors: failures become an `unreachable` result. */
@Injectable({ providedIn: 'root' })
export class HealthApi {
  private readonly http = inject(HttpClient);

  getReport(): Observable<HealthResult> {
    return this.http.get<unknown>(HEALTH_ROUTES.all, { cache: 'no-store' }).pipe(
      map((body) => toResult(body, HttpStatusCode.Ok)),
      catchError((error: unknown) => of(fromError(error))),
    );
  }
}

function toResult(body: unknown, status: number): HealthResult {
  return isHealthReport(body)
    ? { kind: 'report', report: body }
    : {
        kind: 'unreachable',
        reason: `The API answered HTTP ${status} without a health report.`,
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
    return {
      kind: 'unreachable',
      reason: 'The API did not answer (network error).',
    };
  }
  // 503 means "unhealthy", and its body is still a full report.
  if (error.status === HttpStatusCode.ServiceUnavailable && isHealthReport(error.error)) {
    return { kind: 'report', report: error.error };
  }
  return toResult(error.error, error.status);
}
