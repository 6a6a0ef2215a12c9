import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateIntegrationRequest,
  CreateServiceRequest,
  IntegrationSummary,
  ServiceSummary,
  UpdateServiceRequest,
} from '@hyperion/contracts';
import { SERVICE_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** HTTP access to services and their integrations (the console's only way to them). */
@Injectable({ providedIn: 'root' })
export class ServiceApi {
  private readonly http = inject(HttpClient);

  list(): Observable<ServiceSummary[]> {
    return this.http.get<ServiceSummary[]>(SERVICE_ROUTES.collection, { cache: 'no-store' });
  }

  get(id: string): Observable<ServiceSummary> {
    return this.http.get<ServiceSummary>(SERVICE_ROUTES.item(id), { cache: 'no-store' });
  }

  create(request: CreateServiceRequest): Observable<ServiceSummary> {
    return this.http.post<ServiceSummary>(SERVICE_ROUTES.collection, request);
  }

  /** Only the fields given change; `clear` empties the optional ones. */
  update(id: string, request: UpdateServiceRequest): Observable<ServiceSummary> {
    return this.http.patch<ServiceSummary>(SERVICE_ROUTES.item(id), request);
  }

  delete(id: string): Observable<void> {
    return this.http.delete<void>(SERVICE_ROUTES.item(id));
  }

  /** A new integration: its routing key works at once. */
  createIntegration(
    serviceId: string,
    request: CreateIntegrationRequest,
  ): Observable<IntegrationSummary> {
    return this.http.post<IntegrationSummary>(SERVICE_ROUTES.integrations(serviceId), request);
  }

  /** Its routing key stops working at once. */
  deleteIntegration(serviceId: string, integrationId: string): Observable<void> {
    return this.http.delete<void>(SERVICE_ROUTES.integration(serviceId, integrationId));
  }
}
