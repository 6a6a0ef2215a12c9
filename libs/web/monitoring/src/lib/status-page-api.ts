import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateStatusPageRequest,
  StatusPageSummary,
  UpdateStatusPageRequest,
} from '@hyperion/contracts';
import { STATUS_PAGE_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** HTTP access to status pages (the console's only way to them). */
@Injectable({ providedIn: 'root' })
export class StatusPageApi {
  private readonly http = inject(HttpClient);

  list(): Observable<StatusPageSummary[]> {
    return this.http.get<StatusPageSummary[]>(STATUS_PAGE_ROUTES.collection, { cache: 'no-store' });
  }

  get(id: string): Observable<StatusPageSummary> {
    return this.http.get<StatusPageSummary>(STATUS_PAGE_ROUTES.item(id), { cache: 'no-store' });
  }

  create(request: CreateStatusPageRequest): Observable<StatusPageSummary> {
    return this.http.post<StatusPageSummary>(STATUS_PAGE_ROUTES.collection, request);
  }

  update(id: string, request: UpdateStatusPageRequest): Observable<StatusPageSummary> {
    return this.http.patch<StatusPageSummary>(STATUS_PAGE_ROUTES.item(id), request);
  }

  delete(id: string): Observable<void> {
    return this.http.delete<void>(STATUS_PAGE_ROUTES.item(id));
  }
}
