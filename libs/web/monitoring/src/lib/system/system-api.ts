import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ProcessList,
  ProcessListQuery,
  ProcessStopRequest,
  ProcessStopResult,
  ServiceAction,
  ServiceActionResult,
  ServiceList,
} from '@hyperion/contracts';
import { SYSTEM_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** HTTP access to this host's processes and systemd services. */
@Injectable({ providedIn: 'root' })
export class SystemApi {
  private readonly http = inject(HttpClient);

  /** One page of the processes, sorted and searched by the API. */
  processes(query: ProcessListQuery): Observable<ProcessList> {
    let params = new HttpParams();
    for (const [key, value] of Object.entries(query)) {
      if (value !== undefined && value !== '') params = params.set(key, value);
    }
    return this.http.get<ProcessList>(SYSTEM_ROUTES.processes, { params, cache: 'no-store' });
  }

  /** SIGTERM, then SIGKILL after the grace period: answers once the process is gone (or not). */
  stop(pid: number, request: ProcessStopRequest): Observable<ProcessStopResult> {
    return this.http.post<ProcessStopResult>(SYSTEM_ROUTES.processStop(pid), request);
  }

  services(): Observable<ServiceList> {
    return this.http.get<ServiceList>(SYSTEM_ROUTES.services, { cache: 'no-store' });
  }

  act(unit: string, action: ServiceAction): Observable<ServiceActionResult> {
    return this.http.post<ServiceActionResult>(SYSTEM_ROUTES.serviceAction(unit, action), {});
  }
}
