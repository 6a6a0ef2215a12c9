import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { CreateHostRequest, HostSummary, UpdateHostRequest } from '@hyperion/contracts';
import { HOST_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** HTTP access to hosts (the console's only way to them). */
@Injectable({ providedIn: 'root' })
export class HostApi {
  private readonly http = inject(HttpClient);

  list(): Observable<HostSummary[]> {
    return this.http.get<HostSummary[]>(HOST_ROUTES.collection, { cache: 'no-store' });
  }

  get(id: string): Observable<HostSummary> {
    return this.http.get<HostSummary>(HOST_ROUTES.item(id), { cache: 'no-store' });
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
