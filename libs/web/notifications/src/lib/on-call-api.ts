import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ContactSummary,
  CreateContactRequest,
  CreateOverrideRequest,
  CreatePageRequest,
  CreateScheduleRequest,
  CreateTeamRequest,
  NotificationPreferences,
  OnCallNow,
  OnCallShift,
  PageState,
  PageSummary,
  ScheduleOverride,
  ScheduleSummary,
  TeamSummary,
  UpdateContactRequest,
  UpdateScheduleRequest,
  UpdateTeamRequest,
  UserPage,
  UserSummary,
} from '@hyperion/contracts';
import { AUTH_ROUTES, ON_CALL_ROUTES } from '@hyperion/contracts';
import { Observable, map } from 'rxjs';

/** `PUT /contacts/:id/notification-rules`: the whole preferences (the contact comes from the path). */
export type NotificationRulesRequest = Omit<NotificationPreferences, 'contactId'>;

/**
 * `POST …/ical-token` of a contact or a schedule:
 * a new token, the old feed URL stops working.
 */
export const contactIcalTokenPath = ON_CALL_ROUTES.contactIcalToken;
export const scheduleIcalTokenPath = ON_CALL_ROUTES.scheduleIcalToken;

/** How many members the "linked user" picker lists (the API's page limit). */
export const MEMBERS_LIMIT = 200;

/** `GET /pages` filters; each one left out means "any" (the API's default limit is 50). */
export interface PageQuery {
  state?: PageState;
  limit?: number;
}

/** `POST /pages`: the page, and whether it is new (201) or the existing page of its dedup key (200). */
export interface PageCreated {
  page: PageSummary;
  created: boolean;
}

/**
 * HTTP access to the people Hyperion pages and when: contacts and their notification rules,
 * teams, on-call schedules with their overrides, who is on call and the shifts; and the pages
 * themselves (page someone, list, acknowledge).
 */
@Injectable({ providedIn: 'root' })
export class OnCallApi {
  private readonly http = inject(HttpClient);

  contacts(): Observable<ContactSummary[]> {
    return this.http.get<ContactSummary[]>(ON_CALL_ROUTES.contacts, { cache: 'no-store' });
  }

  createContact(request: CreateContactRequest): Observable<ContactSummary> {
    return this.http.post<ContactSummary>(ON_CALL_ROUTES.contacts, request);
  }

  updateContact(id: string, request: UpdateContactRequest): Observable<ContactSummary> {
    return this.http.patch<ContactSummary>(ON_CALL_ROUTES.contact(id), request);
  }

  deleteContact(id: string): Observable<void> {
    return this.http.delete<void>(ON_CALL_ROUTES.contact(id));
  }

  /** Answers the contact with its new `icalUrl`. */
  rotateContactIcal(id: string): Observable<ContactSummary> {
    return this.http.post<ContactSummary>(contactIcalTokenPath(id), {});
  }

  notificationRules(contactId: string): Observable<NotificationPreferences> {
    return this.http.get<NotificationPreferences>(ON_CALL_ROUTES.contactPreferences(contactId), {
      cache: 'no-store',
    });
  }

  saveNotificationRules(
    contactId: string,
    request: NotificationRulesRequest,
  ): Observable<NotificationPreferences> {
    return this.http.put<NotificationPreferences>(
      ON_CALL_ROUTES.contactPreferences(contactId),
      request,
    );
  }

  teams(): Observable<TeamSummary[]> {
    return this.http.get<TeamSummary[]>(ON_CALL_ROUTES.teams, { cache: 'no-store' });
  }

  createTeam(request: CreateTeamRequest): Observable<TeamSummary> {
    return this.http.post<TeamSummary>(ON_CALL_ROUTES.teams, request);
  }

  updateTeam(id: string, request: UpdateTeamRequest): Observable<TeamSummary> {
    return this.http.patch<TeamSummary>(ON_CALL_ROUTES.team(id), request);
  }

  deleteTeam(id: string): Observable<void> {
    return this.http.delete<void>(ON_CALL_ROUTES.team(id));
  }

  schedules(): Observable<ScheduleSummary[]> {
    return this.http.get<ScheduleSummary[]>(ON_CALL_ROUTES.schedules, { cache: 'no-store' });
  }

  schedule(id: string): Observable<ScheduleSummary> {
    return this.http.get<ScheduleSummary>(ON_CALL_ROUTES.schedule(id), { cache: 'no-store' });
  }

  createSchedule(request: CreateScheduleRequest): Observable<ScheduleSummary> {
    return this.http.post<ScheduleSummary>(ON_CALL_ROUTES.schedules, request);
  }

  updateSchedule(id: string, request: UpdateScheduleRequest): Observable<ScheduleSummary> {
    return this.http.patch<ScheduleSummary>(ON_CALL_ROUTES.schedule(id), request);
  }

  deleteSchedule(id: string): Observable<void> {
    return this.http.delete<void>(ON_CALL_ROUTES.schedule(id));
  }

  /** Answers the schedule with its new `icalUrl`. */
  rotateScheduleIcal(id: string): Observable<ScheduleSummary> {
    return this.http.post<ScheduleSummary>(scheduleIcalTokenPath(id), {});
  }

  /** Who is on call now (or at `at`, ISO). */
  onCall(scheduleId: string, at?: string): Observable<OnCallNow> {
    const params = at ? new HttpParams().set('at', at) : undefined;
    return this.http.get<OnCallNow>(ON_CALL_ROUTES.onCall(scheduleId), {
      params,
      cache: 'no-store',
    });
  }

  /** The shifts between `from` and `to` (ISO, at most 92 days apart), earliest first. */
  shifts(scheduleId: string, from: string, to: string): Observable<OnCallShift[]> {
    return this.http.get<OnCallShift[]>(ON_CALL_ROUTES.shifts(scheduleId), {
      params: new HttpParams().set('from', from).set('to', to),
      cache: 'no-store',
    });
  }

  createOverride(scheduleId: string, request: CreateOverrideRequest): Observable<ScheduleOverride> {
    return this.http.post<ScheduleOverride>(ON_CALL_ROUTES.overrides(scheduleId), request);
  }

  deleteOverride(scheduleId: string, overrideId: string): Observable<void> {
    return this.http.delete<void>(ON_CALL_ROUTES.override(scheduleId, overrideId));
  }

  /**
   * The active organisation's members, to link a contact to a user (needs `users:admin`; the
   * admin lib's own service is not exported to other feature libs).
   */
  members(): Observable<UserSummary[]> {
    return this.http
      .get<UserPage>(AUTH_ROUTES.users, {
        params: new HttpParams().set('limit', String(MEMBERS_LIMIT)),
        cache: 'no-store',
      })
      .pipe(map((page) => page.items));
  }

  /** Pages, newest first, each with its steps. */
  pages(query: PageQuery = {}): Observable<PageSummary[]> {
    let params = new HttpParams();
    if (query.state) params = params.set('state', query.state);
    if (query.limit) params = params.set('limit', String(query.limit));
    return this.http.get<PageSummary[]>(ON_CALL_ROUTES.pages, { params, cache: 'no-store' });
  }

  /**
   * Pages a contact, or whoever is on call on a schedule now. A dedup key already used answers
   * that page (200) and pages nobody again: `created` tells which.
   */
  createPage(request: CreatePageRequest): Observable<PageCreated> {
    return this.http.post<PageSummary>(ON_CALL_ROUTES.pages, request, { observe: 'response' }).pipe(
      map((response) => {
        if (!response.body) throw new Error('The API answered the page without it.');
        return { page: response.body, created: response.status === 201 };
      }),
    );
  }

  /**
   * Stops the steps not yet sent. Allowed with notifications:write, or to the paged person
   * themselves: the API decides (403 otherwise).
   */
  acknowledgePage(id: string): Observable<PageSummary> {
    return this.http.post<PageSummary>(ON_CALL_ROUTES.pageAcknowledge(id), {});
  }
}
