import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AuditPage, AuditQuery } from '@hyperion/contracts';
import { AUDIT_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** The query without its empty fields, as URL parameters. */
export function auditParams(query: AuditQuery): HttpParams {
  let params = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params = params.set(key, String(value));
    }
  }
  return params;
}

/** Whose entries: the active organisation's, or the instance-level ones. */
export type AuditScope = 'organization' | 'instance';

/** HTTP access to the audit log (`audit:read`). */
@Injectable({ providedIn: 'root' })
export class AuditApi {
  private readonly http = inject(HttpClient);

  /**
   * A page of entries: the active organisation's, or (`instance`, platform administrators only)
   * those of no organisation.
   */
  list(query: AuditQuery, scope: AuditScope = 'organization'): Observable<AuditPage> {
    return this.http.get<AuditPage>(
      scope === 'instance' ? AUDIT_ROUTES.platform : AUDIT_ROUTES.search,
      {
        params: auditParams(query),
        cache: 'no-store',
      },
    );
  }

  /** The CSV export of the same filters (fetched with the token, hence not a plain link). */
  exportCsv(query: Omit<AuditQuery, 'cursor' | 'limit'>): Observable<Blob> {
    return this.http.get(AUDIT_ROUTES.csv, {
      params: auditParams(query),
      responseType: 'blob',
      cache: 'no-store',
    });
  }
}
