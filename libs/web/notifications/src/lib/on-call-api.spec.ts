import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { AUTH_ROUTES, ON_CALL_ROUTES, PageSummary, UserSummary } from '@hyperion/contracts';

import { OnCallApi, PageCreated } from './on-call-api';

const ID = '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11';
const OVERRIDE = '0d3c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a22';

describe('OnCallApi', () => {
  let api: OnCallApi;
  let http: HttpTestingController;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    api = TestBed.inject(OnCallApi);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('reads and changes contacts, their rules and their calendar link through the contracts routes', () => {
    api.contacts().subscribe();
    api.createContact({ name: 'Alice', timeZone: 'UTC' }).subscribe();
    api.updateContact(ID, { phone: null }).subscribe();
    api.deleteContact(ID).subscribe();
    api.rotateContactIcal(ID).subscribe();
    api.notificationRules(ID).subscribe();
    const rules = {
      highUrgency: [{ delayMinutes: 0, kind: 'sms' as const }],
      lowUrgency: [],
      quietHours: null,
    };
    api.saveNotificationRules(ID, rules).subscribe();

    expect(http.expectOne({ method: 'GET', url: ON_CALL_ROUTES.contacts })).toBeTruthy();
    expect(http.expectOne({ method: 'POST', url: ON_CALL_ROUTES.contacts }).request.body).toEqual({
      name: 'Alice',
      timeZone: 'UTC',
    });
    expect(
      http.expectOne({ method: 'PATCH', url: ON_CALL_ROUTES.contact(ID) }).request.body,
    ).toEqual({ phone: null });
    http.expectOne({ method: 'DELETE', url: ON_CALL_ROUTES.contact(ID) });
    http.expectOne({ method: 'POST', url: `${ON_CALL_ROUTES.contact(ID)}/ical-token` });
    http.expectOne({ method: 'GET', url: ON_CALL_ROUTES.contactPreferences(ID) });
    expect(
      http.expectOne({ method: 'PUT', url: ON_CALL_ROUTES.contactPreferences(ID) }).request.body,
    ).toEqual(rules);
  });

  it('asks who is on call and the shifts with their query parameters', () => {
    api.onCall(ID).subscribe();
    api.onCall(ID, '2026-12-07T02:00:00.000Z').subscribe();
    api.shifts(ID, '2026-12-06T23:00:00.000Z', '2026-12-20T23:00:00.000Z').subscribe();

    const [now, at] = http.match((r) => r.url === ON_CALL_ROUTES.onCall(ID));
    expect(now.request.params.keys()).toEqual([]);
    expect(at.request.params.get('at')).toBe('2026-12-07T02:00:00.000Z');
    const shifts = http.expectOne((r) => r.url === ON_CALL_ROUTES.shifts(ID));
    expect(shifts.request.params.get('from')).toBe('2026-12-06T23:00:00.000Z');
    expect(shifts.request.params.get('to')).toBe('2026-12-20T23:00:00.000Z');
    [now, at, shifts].forEach((request) => request.flush([]));
  });

  it('changes teams, schedules and overrides', () => {
    api.createTeam({ name: 'Ops', memberIds: [ID] }).subscribe();
    api.updateTeam(ID, { memberIds: [] }).subscribe();
    api.deleteTeam(ID).subscribe();
    api.createSchedule({ name: 'Ops', timeZone: 'UTC', layers: [] }).subscribe();
    api.updateSchedule(ID, { name: 'Ops 2' }).subscribe();
    api.deleteSchedule(ID).subscribe();
    api.rotateScheduleIcal(ID).subscribe();
    api.createOverride(ID, { contactId: ID, start: 'a', end: 'b' }).subscribe();
    api.deleteOverride(ID, OVERRIDE).subscribe();

    http.expectOne({ method: 'POST', url: ON_CALL_ROUTES.teams });
    http.expectOne({ method: 'PATCH', url: ON_CALL_ROUTES.team(ID) });
    http.expectOne({ method: 'DELETE', url: ON_CALL_ROUTES.team(ID) });
    http.expectOne({ method: 'POST', url: ON_CALL_ROUTES.schedules });
    http.expectOne({ method: 'PATCH', url: ON_CALL_ROUTES.schedule(ID) });
    http.expectOne({ method: 'DELETE', url: ON_CALL_ROUTES.schedule(ID) });
    http.expectOne({ method: 'POST', url: `${ON_CALL_ROUTES.schedule(ID)}/ical-token` });
    http.expectOne({ method: 'POST', url: ON_CALL_ROUTES.overrides(ID) });
    http.expectOne({ method: 'DELETE', url: ON_CALL_ROUTES.override(ID, OVERRIDE) });
  });

  it('lists the members to link a contact to', () => {
    let members: UserSummary[] | undefined;
    api.members().subscribe((list) => (members = list));
    const request = http.expectOne((r) => r.url === AUTH_ROUTES.users);
    expect(request.request.params.get('limit')).toBe('200');
    request.flush({ items: [{ id: 'u1' }], total: 1 });
    expect(members).toEqual([{ id: 'u1' }]);
  });

  it('lists pages with their filters, pages someone (new or deduplicated) and acknowledges', () => {
    api.pages({ state: 'notifying', limit: 100 }).subscribe();
    api.pages().subscribe();
    const [filtered, all] = http.match((r) => r.method === 'GET' && r.url === ON_CALL_ROUTES.pages);
    expect(filtered.request.params.get('state')).toBe('notifying');
    expect(filtered.request.params.get('limit')).toBe('100');
    expect(all.request.params.keys()).toEqual([]);
    [filtered, all].forEach((request) => request.flush([]));

    const answers: PageCreated[] = [];
    const request = {
      contactId: ID,
      urgency: 'high' as const,
      severity: 'info' as const,
      title: 'x',
    };
    api.createPage(request).subscribe((answer) => answers.push(answer));
    api.createPage({ ...request, dedupKey: 'k' }).subscribe((answer) => answers.push(answer));
    const [created, existing] = http.match(
      (r) => r.method === 'POST' && r.url === ON_CALL_ROUTES.pages,
    );
    expect(created.request.body).toEqual(request);
    const summary = { id: 'p1' } as PageSummary;
    created.flush(summary, { status: 201, statusText: 'Created' });
    existing.flush(summary, { status: 200, statusText: 'OK' });
    expect(answers).toEqual([
      { page: summary, created: true },
      { page: summary, created: false },
    ]);

    api.acknowledgePage(ID).subscribe();
    expect(
      http.expectOne({ method: 'POST', url: ON_CALL_ROUTES.pageAcknowledge(ID) }).request.body,
    ).toEqual({});
  });
});
