import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { AuditPage, AuditQuery, AuditVerification } from '@hyperion/contracts';
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

/** The CSV export's address for the query: `/api/v1/audit/export.csv?action=…&from=…`. */
export function csvUrl(query: Omit<AuditQuery, 'cursor' | 'limit'>): string {
  const params = auditParams(query).toString();
  return params === '' ? AUDIT_ROUTES.csv : `${AUDIT_ROUTES.csv}?${params}`;
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

  /** Walks the active organisation's hash chain: intact, or the first entry that is not. */
  verify(): Observable<AuditVerification> {
    return this.http.get<AuditVerification>(AUDIT_ROUTES.verify, { cache: 'no-store' });
  }

  /**
   * The CSV export of the same filters, fetched with the session's token (the access token lives
   * in memory only, so a plain link could not carry it) and saved through an object URL.
   */
  exportCsv(query: Omit<AuditQuery, 'cursor' | 'limit'>): Observable<Blob> {
    return this.http.get(csvUrl(query), {
      responseType: 'blob',
      cache: 'no-store',
    });
  }
}
