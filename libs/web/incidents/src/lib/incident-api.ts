import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateIncidentRequest,
  IncidentAction,
  IncidentActionRequest,
  IncidentAttachment,
  IncidentChecklistItem,
  IncidentDetail,
  IncidentListQuery,
  IncidentListResponse,
  IncidentMembersQuery,
  IncidentNoteRequest,
  IncidentPerson,
  IncidentPhase,
  IncidentTimelineEntry,
  UpdateIncidentRequest,
} from '@hyperion/contracts';
import { INCIDENT_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** Query parameters of the defined, non-empty values only. */
export function queryParams(query: object): HttpParams {
  let params = new HttpParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      params = params.set(name, String(value));
    }
  }
  return params;
}

/**
 * HTTP access to incidents: the sheet, its lifecycle, timeline, attachments and exports (the
 * console's only way to them). Writes answer the incident as it now stands.
 */
@Injectable({ providedIn: 'root' })
export class IncidentApi {
  private readonly http = inject(HttpClient);

  /** One page (keyset): `nextCursor` asks for the next one. */
  list(query: IncidentListQuery = {}): Observable<IncidentListResponse> {
    return this.http.get<IncidentListResponse>(INCIDENT_ROUTES.collection, {
      params: queryParams(query),
      cache: 'no-store',
    });
  }

  get(id: string): Observable<IncidentDetail> {
    return this.http.get<IncidentDetail>(INCIDENT_ROUTES.item(id), { cache: 'no-store' });
  }

  create(request: CreateIncidentRequest): Observable<IncidentDetail> {
    return this.http.post<IncidentDetail>(INCIDENT_ROUTES.collection, request);
  }

  /** PATCH: only the fields given change; a stale `version` answers 409. */
  update(id: string, request: UpdateIncidentRequest): Observable<IncidentDetail> {
    return this.http.patch<IncidentDetail>(INCIDENT_ROUTES.item(id), request);
  }

  /**
   * The organisation's active members for the role and owner pickers, by username (at most
   * INCIDENT_RULES.membersMax; `q`: the start of a username).
   */
  members(query: IncidentMembersQuery = {}): Observable<IncidentPerson[]> {
    return this.http.get<IncidentPerson[]>(INCIDENT_ROUTES.members, {
      params: queryParams(query),
      cache: 'no-store',
    });
  }

  /** A lifecycle move (acknowledge, start, resolve, close, reopen). */
  act(id: string, action: IncidentAction, body: IncidentActionRequest): Observable<IncidentDetail> {
    return this.http.post<IncidentDetail>(INCIDENT_ROUTES.action(id, action), body);
  }

  /** Oldest first. */
  timeline(id: string): Observable<IncidentTimelineEntry[]> {
    return this.http.get<IncidentTimelineEntry[]>(INCIDENT_ROUTES.timeline(id), {
      cache: 'no-store',
    });
  }

  pin(id: string, entryId: string, pinned: boolean): Observable<IncidentTimelineEntry> {
    return this.http.put<IncidentTimelineEntry>(INCIDENT_ROUTES.pin(id, entryId), { pinned });
  }

  comment(id: string, body: string): Observable<IncidentTimelineEntry> {
    return this.http.post<IncidentTimelineEntry>(INCIDENT_ROUTES.comments(id), { body });
  }

  note(id: string, request: IncidentNoteRequest): Observable<IncidentTimelineEntry> {
    return this.http.post<IncidentTimelineEntry>(INCIDENT_ROUTES.notes(id), request);
  }

  checklist(id: string, item: IncidentChecklistItem, done: boolean): Observable<IncidentDetail> {
    return this.http.post<IncidentDetail>(INCIDENT_ROUTES.checklist(id, item), { done });
  }

  phase(id: string, phase: IncidentPhase, at?: string): Observable<IncidentDetail> {
    return this.http.post<IncidentDetail>(INCIDENT_ROUTES.phase(id, phase), at ? { at } : {});
  }

  /** A screenshot, as multipart field `file` (the API checks its type and size by content). */
  upload(id: string, file: File): Observable<IncidentAttachment> {
    const form = new FormData();
    form.append('file', file, file.name);
    return this.http.post<IncidentAttachment>(INCIDENT_ROUTES.attachments(id), form);
  }

  /** An attachment's bytes, fetched with the session's token (a plain `<img src>` has none). */
  attachment(id: string, attachmentId: string): Observable<Blob> {
    return this.http.get(INCIDENT_ROUTES.attachment(id, attachmentId), {
      responseType: 'blob',
      cache: 'no-store',
    });
  }

  deleteAttachment(id: string, attachmentId: string): Observable<void> {
    return this.http.delete<void>(INCIDENT_ROUTES.attachment(id, attachmentId));
  }

  exportMarkdown(id: string): Observable<Blob> {
    return this.http.get(INCIDENT_ROUTES.exportMarkdown(id), {
      responseType: 'blob',
      cache: 'no-store',
    });
  }

  exportPdf(id: string): Observable<Blob> {
    return this.http.get(INCIDENT_ROUTES.exportPdf(id), {
      responseType: 'blob',
      cache: 'no-store',
    });
  }
}
