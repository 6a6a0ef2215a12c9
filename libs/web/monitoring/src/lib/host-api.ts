import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateHostRequest,
  HostListQuery,
  HostPage,
  HostSamplesQuery,
  HostSeries,
  HostSummary,
  UpdateHostRequest,
} from '@hyperion/contracts';
import { HOST_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** The query's set fields as URL parameters (an unset one is left out, not sent empty). */
function params(query: object): HttpParams {
  let result = new HttpParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') result = result.set(key, value);
  }
  return result;
}

/** HTTP access to hosts (the console's only way to them). */
@Injectable({ providedIn: 'root' })
export class HostApi {
  private readonly http = inject(HttpClient);

  /** One page, sorted by name; the next one from its `nextCursor`. */
  list(query: HostListQuery = {}): Observable<HostPage> {
    return this.http.get<HostPage>(HOST_ROUTES.collection, {
      params: params(query),
      cache: 'no-store',
    });
  }

  get(id: string): Observable<HostSummary> {
    return this.http.get<HostSummary>(HOST_ROUTES.item(id), { cache: 'no-store' });
  }

  /** The host's history over a range (`resolution` auto unless asked for). */
  samples(id: string, query: HostSamplesQuery = {}): Observable<HostSeries> {
    return this.http.get<HostSeries>(HOST_ROUTES.samples(id), {
      params: params(query),
      cache: 'no-store',
    });
  }

  create(request: CreateHostRequest): Observable<HostSummary> {
    return this.http.post<HostSummary>(HOST_ROUTES.collection, request);
  }

  update(id: string, request: UpdateHostRequest): Observable<HostSummary> {
    return this.http.patch<HostSummary>(HOST_ROUTES.item(id), request);
  }

  delete(id: string): Observable<void> {
    return this.http.delete<void>(HOST_ROUTES.item(id));
  }
}
