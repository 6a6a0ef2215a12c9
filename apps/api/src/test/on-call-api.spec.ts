import type {
  ContactSummary,
  NotificationPreferences,
  OnCallNow,
  OnCallShift,
  ScheduleSummary,
  TeamSummary,
} from '@hyperion/contracts';
import { ON_CALL_ROUTES } from '@hyperion/contracts';
import ICAL from 'ical.js';
import { randomUUID } from 'node:crypto';
import request from 'supertest';

import { auditRows, createUser, unique } from './auth-helpers';
import { adminToken, loginAs, startTestApp, TestApp } from './test-app';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/**
 * The on-call API on the real app: contacts, teams, a weekly schedule with an override (who is
 * on call at hand-computed instants, across a DST change), the public iCal feed parsed as a
 * calendar client would, and who may change what.
 */
describe('On-call API', () => {
  let t: TestApp;
  let admin: string;
  let alice: ContactSummary;
  let bob: ContactSummary;
  let carol: ContactSummary;

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    alice = await createContact(unique('Alice'));
    bob = await createContact(unique('Bob'));
    carol = await createContact(unique('Carol'));
  });

  afterAll(async () => {
    await t?.close();
  });

  const as = (token: string) => ({
    get: (path: string) => request(t.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body?: object) =>
      request(t.url)
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .send(body ?? {}),
    patch: (path: string, body: object) =>
      request(t.url).patch(path).set('Authorization', `Bearer ${token}`).send(body),
    put: (path: string, body: object) =>
      request(t.url).put(path).set('Authorization', `Bearer ${token}`).send(body),
    delete: (path: string) => request(t.url).delete(path).set('Authorization', `Bearer ${token}`),
  });

  async function createContact(name: string, extra: object = {}): Promise<ContactSummary> {
    const res = await as(admin).post(ON_CALL_ROUTES.contacts, {
      name,
      timeZone: 'Europe/Paris',
      email: 'oncall@example.test',
      handles: { slack: 'U024BE7LH' },
      ...extra,
    });
    expect(res.status).toBe(201);
    return res.body as ContactSummary;
  }

  const messageOf = (res: { body: { message?: unknown } }) => JSON.stringify(res.body.message);

  it('validates contacts and teams, naming the field', async () => {
    const badZone = await as(admin).post(ON_CALL_ROUTES.contacts, {
      name: unique('Zone'),
      timeZone: 'Mars/Olympus',
    });
    expect(badZone.status).toBe(400);
    expect(messageOf(badZone)).toContain('timeZone');

    const badPhone = await as(admin).post(ON_CALL_ROUTES.contacts, {
      name: unique('Phone'),
      timeZone: 'UTC',
      phone: '0612345678',
    });
    expect(badPhone.status).toBe(400);
    expect(messageOf(badPhone)).toContain('phone');

    const duplicate = await as(admin).post(ON_CALL_ROUTES.contacts, {
      name: alice.name,
      timeZone: 'UTC',
    });
    expect(duplicate.status).toBe(409);

    const team = await as(admin).post(ON_CALL_ROUTES.teams, {
      name: unique('SRE'),
      memberIds: [bob.id, alice.id],
    });
    expect(team.status).toBe(201);
    expect((team.body as TeamSummary).memberIds).toEqual([bob.id, alice.id]);

    const stranger = await as(admin).post(ON_CALL_ROUTES.teams, {
      name: unique('Strangers'),
      memberIds: [randomUUID()],
    });
    expect(stranger.status).toBe(400);
    expect(messageOf(stranger)).toContain('memberIds');
  });

  describe('a weekly schedule in Europe/Paris with an override', () => {
    let schedule: ScheduleSummary;

    beforeAll(async () => {
      // Mondays 09:00 Paris time, from Monday 18 March 2030: Alice, Bob, Alice …
      // (summer time starts on Sunday 31 March 2030: 09:00 is then 07:00Z instead of 08:00Z).
      const res = await as(admin).post(ON_CALL_ROUTES.schedules, {
        name: unique('Primary'),
        timeZone: 'Europe/Paris',
        layers: [
          {
            name: 'Weekly',
            rotation: 'weekly',
            handoffTime: '09:00',
            startsAt: '2030-03-18T00:00:00+01:00',
            memberIds: [alice.id, bob.id],
          },
        ],
      });
      expect(res.status).toBe(201);
      schedule = res.body as ScheduleSummary;
      const override = await as(admin).post(ON_CALL_ROUTES.overrides(schedule.id), {
        contactId: carol.id,
        start: '2030-03-27T10:00:00Z',
        end: '2030-03-27T18:00:00Z',
      });
      expect(override.status).toBe(201);
    });

    const onCallAt = async (at: string) => {
      const res = await as(admin).get(
        `${ON_CALL_ROUTES.onCall(schedule.id)}?at=${encodeURIComponent(at)}`,
      );
      expect(res.status).toBe(200);
      return res.body as OnCallNow;
    };

    it('answers who is on call at hand-computed instants', async () => {
      expect(await onCallAt('2030-03-18T07:59:00Z')).toMatchObject({ contactId: null });
      expect(await onCallAt('2030-03-18T08:00:00Z')).toMatchObject({
        contactId: alice.id,
        contactName: alice.name,
        source: 'Weekly',
        shiftStart: '2030-03-18T08:00:00.000Z',
        shiftEnd: '2030-03-25T08:00:00.000Z',
      });
      expect(await onCallAt('2030-03-26T12:00:00Z')).toMatchObject({ contactName: bob.name });
      expect(await onCallAt('2030-03-27T12:00:00Z')).toMatchObject({
        contactId: carol.id,
        contactName: carol.name,
        source: 'override',
      });
      // After the DST change: hand-off at 09:00 Paris = 07:00Z on Monday 1 April.
      expect(await onCallAt('2030-04-01T06:30:00Z')).toMatchObject({ contactName: bob.name });
      expect(await onCallAt('2030-04-01T07:30:00Z')).toMatchObject({
        contactName: alice.name,
        shiftStart: '2030-04-01T07:00:00.000Z',
      });
    });

    it('lists the shifts of a window, and refuses bad dates and windows naming the field', async () => {
      const res = await as(admin).get(
        `${ON_CALL_ROUTES.shifts(schedule.id)}?from=2030-03-25T00:00:00Z&to=2030-03-28T00:00:00Z`,
      );
      expect(res.status).toBe(200);
      const names = (res.body as OnCallShift[]).map((s) => s.contactName);
      expect(names).toEqual([alice.name, bob.name, carol.name, bob.name]);

      const badAt = await as(admin).get(`${ON_CALL_ROUTES.onCall(schedule.id)}?at=tomorrow`);
      expect(badAt.status).toBe(400);
      expect(messageOf(badAt)).toContain('at');

      const tooLong = await as(admin).get(
        `${ON_CALL_ROUTES.shifts(schedule.id)}?from=2030-01-01T00:00:00Z&to=2030-06-01T00:00:00Z`,
      );
      expect(tooLong.status).toBe(400);
      expect(messageOf(tooLong)).toContain('92 days');

      const badLayer = await as(admin).patch(ON_CALL_ROUTES.schedule(schedule.id), {
        layers: [{ ...schedule.layers[0], handoffTime: '9h' }],
      });
      expect(badLayer.status).toBe(400);
      expect(messageOf(badLayer)).toContain('layers[0].handoffTime');
    });

    it('answers 404 for an unknown schedule', async () => {
      expect((await as(admin).get(ON_CALL_ROUTES.onCall(randomUUID()))).status).toBe(404);
    });
  });

  describe('the iCal feed', () => {
    let feed: ScheduleSummary;
    let overrideStart: Date;

    beforeAll(async () => {
      // Daily at 00:00 UTC, from ten days ago: Alice, Bob, Alice …
      const midnight = new Date();
      midnight.setUTCHours(0, 0, 0, 0);
      const res = await as(admin).post(ON_CALL_ROUTES.schedules, {
        name: unique('Feed'),
        timeZone: 'UTC',
        layers: [
          {
            name: 'Daily',
            rotation: 'daily',
            handoffTime: '00:00',
            startsAt: new Date(midnight.getTime() - 10 * DAY).toISOString(),
            memberIds: [alice.id, bob.id],
          },
        ],
      });
      expect(res.status).toBe(201);
      feed = res.body as ScheduleSummary;
      overrideStart = new Date(midnight.getTime() + 2 * DAY + 10 * HOUR);
      const override = await as(admin).post(ON_CALL_ROUTES.overrides(feed.id), {
        contactId: carol.id,
        start: overrideStart.toISOString(),
        end: new Date(overrideStart.getTime() + 2 * HOUR).toISOString(),
      });
      expect(override.status).toBe(201);
    });

    it('serves text/calendar that a calendar client parses, with the expected events', async () => {
      const res = await request(t.url).get(feed.icalUrl).buffer(true);
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toBe('text/calendar; charset=utf-8');
      expect(res.headers['cache-control']).toBe('no-store');

      const calendar = new ICAL.Component(ICAL.parse(res.text) as unknown[]);
      const events = calendar
        .getAllSubcomponents('vevent')
        .map((v) => new ICAL.Event(v))
        .map((e) => ({
          summary: e.summary,
          start: e.startDate.toJSDate().getTime(),
          end: e.endDate.toJSDate().getTime(),
        }));
      const now = Date.now();
      // 7 days back, 90 ahead: about 97 daily shifts, plus the override's split.
      expect(events.length).toBeGreaterThanOrEqual(95);
      expect(events.every((e) => e.start >= now - 8 * DAY && e.start <= now + 91 * DAY)).toBe(true);
      const carolEvent = events.find((e) => e.summary.includes(carol.name));
      expect(carolEvent).toEqual({
        summary: expect.any(String),
        start: overrideStart.getTime(),
        end: overrideStart.getTime() + 2 * HOUR,
      });

      const onCallNow = (await as(admin).get(ON_CALL_ROUTES.onCall(feed.id))).body as OnCallNow;
      const current = events.find((e) => e.start <= now && now < e.end);
      expect(current?.summary).toContain(onCallNow.contactName);
    });

    it('answers 404 for an unknown token, and for the old token once it is rotated', async () => {
      expect((await request(t.url).get(ON_CALL_ROUTES.scheduleIcal('A'.repeat(43)))).status).toBe(
        404,
      );
      const rotated = await as(admin).post(ON_CALL_ROUTES.scheduleIcalToken(feed.id));
      expect(rotated.status).toBe(200);
      const fresh = rotated.body as ScheduleSummary;
      expect(fresh.icalUrl).not.toBe(feed.icalUrl);
      expect((await request(t.url).get(feed.icalUrl)).status).toBe(404);
      expect((await request(t.url).get(fresh.icalUrl)).status).toBe(200);
      feed = fresh;
      expect(
        await auditRows(t, { action: 'ical_token_rotated', target: `schedule:${feed.id}` }),
      ).toHaveLength(1);
    });

    it("serves a contact's own feed over every schedule", async () => {
      const res = await request(t.url)
        .get(carol.icalUrl ?? '')
        .buffer(true);
      expect(res.status).toBe(200);
      const calendar = new ICAL.Component(ICAL.parse(res.text) as unknown[]);
      const events = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
      expect(events).toHaveLength(1);
      expect(events[0].startDate.toJSDate().getTime()).toBe(overrideStart.getTime());
    });
  });

  describe('who may change what', () => {
    let viewerToken: string;
    let viewerId: string;
    let viewerContact: ContactSummary;

    beforeAll(async () => {
      const viewer = await createUser(t, admin, ['viewer']);
      viewerId = viewer.id;
      viewerToken = (await loginAs(t, viewer.username, viewer.password)).accessToken;
      viewerContact = await createContact(unique('Viewer'), { userId: viewer.id });
    });

    it('lets a viewer read but not change', async () => {
      expect((await as(viewerToken).get(ON_CALL_ROUTES.contacts)).status).toBe(200);
      expect((await as(viewerToken).get(ON_CALL_ROUTES.schedules)).status).toBe(200);
      expect(
        (await as(viewerToken).post(ON_CALL_ROUTES.contacts, { name: 'x', timeZone: 'UTC' }))
          .status,
      ).toBe(403);
      expect((await as(viewerToken).post(ON_CALL_ROUTES.teams, { name: 'x' })).status).toBe(403);
      expect((await as(viewerToken).delete(ON_CALL_ROUTES.contact(alice.id))).status).toBe(403);
      expect((await as(viewerToken).post(ON_CALL_ROUTES.contactIcalToken(alice.id))).status).toBe(
        403,
      );
      expect((await as(admin).get(ON_CALL_ROUTES.contact(alice.id))).status).toBe(200);
    });

    it('lets a user edit their own notification rules but not anyone else’s', async () => {
      const rules = {
        highUrgency: [
          { delayMinutes: 5, kind: 'sms' },
          { delayMinutes: 0, kind: 'slack' },
        ],
        lowUrgency: [{ delayMinutes: 30, kind: 'email' }],
        quietHours: { from: '22:00', to: '07:00' },
      };
      const own = await as(viewerToken).put(
        ON_CALL_ROUTES.contactPreferences(viewerContact.id),
        rules,
      );
      expect(own.status).toBe(200);
      expect((own.body as NotificationPreferences).highUrgency).toEqual([
        { delayMinutes: 0, kind: 'slack' },
        { delayMinutes: 5, kind: 'sms' },
      ]);
      const read = await as(viewerToken).get(ON_CALL_ROUTES.contactPreferences(viewerContact.id));
      expect(read.body).toEqual(own.body);

      const others = await as(viewerToken).put(ON_CALL_ROUTES.contactPreferences(bob.id), rules);
      expect(others.status).toBe(403);
      expect(
        (await as(admin).get(ON_CALL_ROUTES.contactPreferences(bob.id))).body.highUrgency,
      ).toEqual([]);
      // The refusal is on record, under the action it attempted.
      const byViewer = await auditRows(t, {
        action: 'notification_rules_updated',
        actorId: viewerId,
      });
      expect(byViewer.map((r) => r.result).sort()).toEqual(['failure', 'success']);

      const tooLate = await as(viewerToken).put(
        ON_CALL_ROUTES.contactPreferences(viewerContact.id),
        { ...rules, highUrgency: [{ delayMinutes: 5000, kind: 'sms' }] },
      );
      expect(tooLate.status).toBe(400);
      expect(messageOf(tooLate)).toContain('delayMinutes');
    });
  });
});
