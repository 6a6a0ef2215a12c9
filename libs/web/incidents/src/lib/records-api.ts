import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ActionItemListQuery,
  ActionItemSummary,
  CreateActionItemRequest,
  IncidentSettings,
  IncidentStats,
  PostmortemDetail,
  SavePostmortemRequest,
  UpdateActionItemRequest,
  UpdateIncidentSettingsRequest,
} from '@hyperion/contracts';
import { INCIDENT_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

import { queryParams } from './incident-api';

/**
 * HTTP access to what grows around incidents: post-mortems and their action items, MTTA / MTTR
 * and the organisation's incident settings.
 */
@Injectable({ providedIn: 'root' })
export class IncidentRecordsApi {
  private readonly http = inject(HttpClient);

  /** The saved post-mortem, or a draft pre-filled from the timeline (`version` 0). */
  postmortem(incidentId: string): Observable<PostmortemDetail> {
    return this.http.get<PostmortemDetail>(INCIDENT_ROUTES.postmortem(incidentId), {
      cache: 'no-store',
    });
  }

  savePostmortem(incidentId: string, request: SavePostmortemRequest): Observable<PostmortemDetail> {
    return this.http.put<PostmortemDetail>(INCIDENT_ROUTES.postmortem(incidentId), request);
  }

  postmortemMarkdown(incidentId: string): Observable<Blob> {
    return this.http.get(INCIDENT_ROUTES.postmortemMarkdown(incidentId), {
      responseType: 'blob',
      cache: 'no-store',
    });
  }

  createActionItem(
    incidentId: string,
    request: CreateActionItemRequest,
  ): Observable<ActionItemSummary> {
    return this.http.post<ActionItemSummary>(
      INCIDENT_ROUTES.incidentActionItems(incidentId),
      request,
    );
  }

  /** Action items of every incident. */
  actionItems(query: ActionItemListQuery = {}): Observable<ActionItemSummary[]> {
    return this.http.get<ActionItemSummary[]>(INCIDENT_ROUTES.actionItems, {
      params: queryParams(query),
      cache: 'no-store',
    });
  }

  updateActionItem(id: string, request: UpdateActionItemRequest): Observable<ActionItemSummary> {
    return this.http.patch<ActionItemSummary>(INCIDENT_ROUTES.actionItem(id), request);
  }

  deleteActionItem(id: string): Observable<void> {
    return this.http.delete<void>(INCIDENT_ROUTES.actionItem(id));
  }

  /** MTTA / MTTR of the incidents reported from `from` (included) to `to` (excluded). */
  stats(range: { from?: string; to?: string } = {}): Observable<IncidentStats> {
    return this.http.get<IncidentStats>(INCIDENT_ROUTES.stats, {
      params: queryParams(range),
      cache: 'no-store',
    });
  }

  settings(): Observable<IncidentSettings> {
    return this.http.get<IncidentSettings>(INCIDENT_ROUTES.settings, { cache: 'no-store' });
  }

  saveSettings(request: UpdateIncidentSettingsRequest): Observable<IncidentSettings> {
    return this.http.put<IncidentSettings>(INCIDENT_ROUTES.settings, request);
  }
}
