import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateStatusPageMaintenanceRequest,
  CreateStatusPageRequest,
  PostStatusPageIncidentUpdateRequest,
  ReplaceStatusPageComponentsRequest,
  StatusPageDetail,
  StatusPageIncident,
  StatusPageMaintenance,
  StatusPageSubscriberList,
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

  /** One page with its groups of components, in order. */
  get(id: string): Observable<StatusPageDetail> {
    return this.http.get<StatusPageDetail>(STATUS_PAGE_ROUTES.item(id), { cache: 'no-store' });
  }

  create(request: CreateStatusPageRequest): Observable<StatusPageSummary> {
    return this.http.post<StatusPageSummary>(STATUS_PAGE_ROUTES.collection, request);
  }

  update(id: string, request: UpdateStatusPageRequest): Observable<StatusPageDetail> {
    return this.http.patch<StatusPageDetail>(STATUS_PAGE_ROUTES.item(id), request);
  }

  delete(id: string): Observable<void> {
    return this.http.delete<void>(STATUS_PAGE_ROUTES.item(id));
  }

  /** Replaces the page's whole layout (groups and components, in the order given). */
  replaceComponents(
    id: string,
    request: ReplaceStatusPageComponentsRequest,
  ): Observable<StatusPageDetail> {
    return this.http.put<StatusPageDetail>(STATUS_PAGE_ROUTES.components(id), request);
  }

  maintenance(id: string): Observable<StatusPageMaintenance[]> {
    return this.http.get<StatusPageMaintenance[]>(STATUS_PAGE_ROUTES.maintenance(id), {
      cache: 'no-store',
    });
  }

  createMaintenance(
    id: string,
    request: CreateStatusPageMaintenanceRequest,
  ): Observable<StatusPageMaintenance> {
    return this.http.post<StatusPageMaintenance>(STATUS_PAGE_ROUTES.maintenance(id), request);
  }

  deleteMaintenance(id: string, maintenanceId: string): Observable<void> {
    return this.http.delete<void>(STATUS_PAGE_ROUTES.maintenanceItem(id, maintenanceId));
  }

  incidents(id: string): Observable<StatusPageIncident[]> {
    return this.http.get<StatusPageIncident[]>(STATUS_PAGE_ROUTES.incidents(id), {
      cache: 'no-store',
    });
  }

  /** A public update; the first one publishes the incident on the page. */
  postIncidentUpdate(
    id: string,
    incidentId: string,
    request: PostStatusPageIncidentUpdateRequest,
  ): Observable<StatusPageIncident> {
    return this.http.post<StatusPageIncident>(
      STATUS_PAGE_ROUTES.incidentUpdates(id, incidentId),
      request,
    );
  }

  subscribers(id: string): Observable<StatusPageSubscriberList> {
    return this.http.get<StatusPageSubscriberList>(STATUS_PAGE_ROUTES.subscribers(id), {
      cache: 'no-store',
    });
  }

  removeSubscriber(id: string, subscriberId: string): Observable<void> {
    return this.http.delete<void>(STATUS_PAGE_ROUTES.subscriber(id, subscriberId));
  }
}
