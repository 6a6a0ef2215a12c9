import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
import type { ScheduleLayer } from '@hyperion/contracts';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  NotFoundException,
} from '@nestjs/common';
import { randomBytes } from 'node:crypto';

import { ContactService } from './contact.service';
import { IcalFeedService } from './ical-feed.service';
import { OnCallDomain } from './on-call.domain';
import { OnCallModule } from './on-call.module';
import { ScheduleService } from './schedule.service';
import { TeamService } from './team.service';

/**
 * Medium spec: the real on-call module on this run's PostgreSQL (migrated, connected as the
 * application role, so row-level security applies), no HTTP. `t.as(org, ...)` acts as a request.
 */
describe('On-call services on PostgreSQL', () => {
  let t: MediumTest;
  let contacts: ContactService;
  let teams: TeamService;
  let schedules: ScheduleService;
  let feeds: IcalFeedService;
  let orgA: string;
  let orgB: string;

  beforeAll(async () => {
    t = await startMediumTest({
      domains: [AuthDomain, AuditDomain, OnCallDomain],
      imports: [OnCallModule],
    });
    contacts = t.get(ContactService);
    teams = t.get(TeamService);
    schedules = t.get(ScheduleService);
    feeds = t.get(IcalFeedService);
    orgA = await t.createOrganization('Organisation A');
    orgB = await t.createOrganization('Organisation B');
  });

  afterAll(async () => {
    await t?.close();
  });

  const auditOf = (target: string, organizationId: string) =>
    t.ownerQuery<{ action: string; result: string; details: Record<string, unknown> }>(
      `SELECT action, result, details FROM audit_log
        WHERE target = $1 AND organization_id = $2 ORDER BY id`,
      [target, organizationId],
    );

  const writer = { permissions: ['notifications:read', 'notifications:write'] as const };

  const contact = (org: string, name: string) =>
    t.as(org, () => contacts.create({ name, timeZone: 'Europe/Paris' }));

  /** A user (as the owner) who is a member of `org`. */
  async function member(org: string): Promise<string> {
    const name = `u-${randomBytes(4).toString('hex')}`;
    const [user] = await t.ownerQuery<{ id: string }>(
      `INSERT INTO app_user (username, email, display_name, password_hash)
       VALUES ($1, $2, $1, 'x') RETURNING id`,
      [name, `${name}@example.test`],
    );
    await t.ownerQuery(`INSERT INTO membership (organization_id, user_id) VALUES ($1, $2)`, [
      org,
      user.id,
    ]);
    return user.id;
  }

  const weekly = (memberIds: string[]): ScheduleLayer => ({
    name: 'Primary',
    rotation: 'weekly',
    handoffTime: '09:00',
    startsAt: '2030-01-07T08:00:00.000Z',
    memberIds,
  });

  describe('contacts', () => {
    it('shows each organisation only its own contacts, and 404s across organisations', async () => {
      const a = await contact(orgA, 'Alice');
      const b = await contact(orgB, 'Alice');

      expect(a).toMatchObject({
        name: 'Alice',
        userId: null,
        handles: {},
        timeZone: 'Europe/Paris',
        icalUrl: expect.stringMatching(/^\/api\/v1\/ical\/contacts\/[A-Za-z0-9_-]{43}\.ics$/),
      });
      expect((await t.as(orgA, () => contacts.list())).map((c) => c.id)).toContain(a.id);
      expect((await t.as(orgA, () => contacts.list())).map((c) => c.id)).not.toContain(b.id);

      await expect(t.as(orgA, () => contacts.get(b.id))).rejects.toBeInstanceOf(NotFoundException);
      await expect(
        t.as(orgA, () => contacts.update(b.id, { name: 'taken over' })),
      ).rejects.toBeInstanceOf(NotFoundException);
      await expect(t.as(orgA, () => contacts.delete(b.id))).rejects.toBeInstanceOf(
        NotFoundException,
      );
      expect(await t.as(orgB, () => contacts.get(b.id))).toMatchObject({ name: 'Alice' });
      expect(await auditOf(`contact:${b.id}`, orgA)).toEqual([]);
    });

    it('answers 409 for a duplicate name, writing neither a row nor an audit entry', async () => {
      await contact(orgA, 'Bob');
      await expect(contact(orgA, 'Bob')).rejects.toBeInstanceOf(ConflictException);
      const rows = await t.ownerQuery(
        `SELECT 1 FROM contact WHERE organization_id = $1 AND name = 'Bob'`,
        [orgA],
      );
      expect(rows).toHaveLength(1);
      const created = await t.ownerQuery(
        `SELECT 1 FROM audit_log WHERE organization_id = $1 AND action = 'contact_created'
            AND details->>'name' = 'Bob'`,
        [orgA],
      );
      expect(created).toHaveLength(1);
    });

    it('links a contact to a member of the organisation only (400 naming userId)', async () => {
      const inA = await member(orgA);
      const inB = await member(orgB);
      const linked = await t.as(orgA, () =>
        contacts.create({ name: 'Linked', userId: inA, timeZone: 'UTC' }),
      );
      expect(linked.userId).toBe(inA);
      await expect(
        t.as(orgA, () => contacts.create({ name: 'Stranger', userId: inB, timeZone: 'UTC' })),
      ).rejects.toThrow(/userId/);
      await expect(
        t.as(orgA, () => contacts.create({ name: 'Twice', userId: inA, timeZone: 'UTC' })),
      ).rejects.toBeInstanceOf(ConflictException);
    });

    it('records every change in the audit log, and rolls a failed one back with its entry', async () => {
      const c = await contact(orgA, 'Carol');
      await t.as(orgA, () => contacts.update(c.id, { phone: '+33612345678' }));
      await t.as(orgA, () => contacts.rotateIcalToken(c.id));
      await t.as(orgA, () => contacts.delete(c.id));
      const actions = (await auditOf(`contact:${c.id}`, orgA)).map((e) => e.action);
      expect(actions).toEqual([
        'contact_created',
        'contact_updated',
        'ical_token_rotated',
        'contact_deleted',
      ]);
      const details = (await auditOf(`contact:${c.id}`, orgA)).map((e) => JSON.stringify(e));
      // The token itself never reaches the log.
      expect(details.join()).not.toMatch(/[A-Za-z0-9_-]{43}/);
    });

    it('lets a user edit their own notification rules, sorted by delay, but not another', async () => {
      const self = await member(orgA);
      const mine = await t.as(orgA, () =>
        contacts.create({ name: 'Self', userId: self, timeZone: 'UTC' }),
      );
      const other = await contact(orgA, 'Someone else');
      const asSelf = { type: 'user' as const, id: self, permissions: [] };

      const saved = await t.as(
        orgA,
        () =>
          contacts.updatePreferences(mine.id, {
            highUrgency: [
              { delayMinutes: 10, kind: 'sms' },
              { delayMinutes: 0, kind: 'email' },
            ],
            lowUrgency: [],
            quietHours: { from: '22:00', to: '07:00' },
          }),
        asSelf,
      );
      expect(saved.highUrgency).toEqual([
        { delayMinutes: 0, kind: 'email' },
        { delayMinutes: 10, kind: 'sms' },
      ]);
      expect(await t.as(orgA, () => contacts.getPreferences(mine.id), asSelf)).toEqual(saved);

      await expect(
        t.as(
          orgA,
          () =>
            contacts.updatePreferences(other.id, {
              highUrgency: [],
              lowUrgency: [],
              quietHours: null,
            }),
          asSelf,
        ),
      ).rejects.toBeInstanceOf(ForbiddenException);
      await expect(
        t.as(orgA, () => contacts.getPreferences(other.id), asSelf),
      ).rejects.toBeInstanceOf(ForbiddenException);
      // An administrator may.
      await t.as(
        orgA,
        () =>
          contacts.updatePreferences(other.id, {
            highUrgency: [{ delayMinutes: 5, kind: 'voice' }],
            lowUrgency: [],
            quietHours: null,
          }),
        writer,
      );
      expect((await auditOf(`contact:${mine.id}`, orgA)).map((e) => e.action)).toContain(
        'notification_rules_updated',
      );
    });
  });

  describe('teams', () => {
    it('keeps members in order, 400 naming memberIds for contacts of another organisation', async () => {
      const x = await contact(orgA, 'Xavier');
      const y = await contact(orgA, 'Yasmine');
      const foreign = await contact(orgB, 'Foreigner');

      const team = await t.as(orgA, () =>
        teams.create({ name: 'SRE', description: 'Site reliability', memberIds: [y.id, x.id] }),
      );
      expect(team.memberIds).toEqual([y.id, x.id]);
      expect((await t.as(orgA, () => teams.get(team.id))).memberIds).toEqual([y.id, x.id]);

      const refused = t.as(orgA, () => teams.update(team.id, { memberIds: [x.id, foreign.id] }));
      await expect(refused).rejects.toBeInstanceOf(BadRequestException);
      await expect(refused).rejects.toThrow(/memberIds.*not contacts/);
      expect((await t.as(orgA, () => teams.get(team.id))).memberIds).toEqual([y.id, x.id]);

      await expect(t.as(orgB, () => teams.get(team.id))).rejects.toBeInstanceOf(NotFoundException);
      await expect(t.as(orgA, () => teams.create({ name: 'SRE' }))).rejects.toBeInstanceOf(
        ConflictException,
      );
      expect((await auditOf(`team:${team.id}`, orgA)).map((e) => e.action)).toEqual([
        'team_created',
      ]);

      // Deleting a contact takes them out of the team.
      await t.as(orgA, () => contacts.delete(y.id));
      expect((await t.as(orgA, () => teams.get(team.id))).memberIds).toEqual([x.id]);
    });
  });

  describe('schedules', () => {
    it('computes who is on call with an override, isolated by organisation', async () => {
      const p = await contact(orgA, 'Pat');
      const q = await contact(orgA, 'Quinn');
      const r = await contact(orgA, 'Robin');
      const s = await t.as(orgA, () =>
        schedules.create({ name: 'Primary', timeZone: 'UTC', layers: [weekly([p.id, q.id])] }),
      );

      const at = (iso: string) => t.as(orgA, () => schedules.onCall(s.id, iso));
      expect(await at('2030-01-08T12:00:00.000Z')).toMatchObject({
        contactId: p.id,
        contactName: 'Pat',
        source: 'Primary',
      });
      expect(await at('2030-01-15T12:00:00.000Z')).toMatchObject({
        contactId: q.id,
        contactName: 'Quinn',
      });

      const override = await t.as(orgA, () =>
        schedules.createOverride(s.id, {
          contactId: r.id,
          start: '2030-01-15T10:00:00.000Z',
          end: '2030-01-15T14:00:00.000Z',
        }),
      );
      expect(await at('2030-01-15T12:00:00.000Z')).toMatchObject({
        contactId: r.id,
        contactName: 'Robin',
        source: 'override',
      });
      expect((await t.as(orgA, () => schedules.get(s.id))).overrides).toEqual([override]);

      await expect(t.as(orgB, () => schedules.onCall(s.id))).rejects.toBeInstanceOf(
        NotFoundException,
      );
      await expect(
        t.as(orgB, () => schedules.shifts(s.id, '2030-01-01T00:00:00Z', '2030-01-02T00:00:00Z')),
      ).rejects.toBeInstanceOf(NotFoundException);
      await expect(
        t.as(orgB, () => schedules.deleteOverride(s.id, override.id)),
      ).rejects.toBeInstanceOf(NotFoundException);

      const shifts = await t.as(orgA, () =>
        schedules.shifts(s.id, '2030-01-14T00:00:00.000Z', '2030-01-16T00:00:00.000Z'),
      );
      expect(shifts.map((x) => x.contactName)).toEqual(['Pat', 'Quinn', 'Robin', 'Quinn']);

      await t.as(orgA, () => schedules.deleteOverride(s.id, override.id));
      expect((await auditOf(`schedule:${s.id}`, orgA)).map((e) => e.action)).toEqual([
        'schedule_created',
        'schedule_override_created',
        'schedule_override_deleted',
      ]);
    });

    it('answers 400 naming the field for bad layers, members, overrides and windows', async () => {
      const p = await contact(orgA, 'Parker');
      const foreign = await contact(orgB, 'Outsider');

      await expect(
        t.as(orgA, () =>
          schedules.create({
            name: 'Bad hand-off',
            timeZone: 'UTC',
            layers: [{ ...weekly([p.id]), handoffTime: '25:00' }],
          }),
        ),
      ).rejects.toThrow(BadRequestException);
      const badHandoff = await t
        .as(orgA, () =>
          schedules.create({
            name: 'Bad hand-off',
            timeZone: 'UTC',
            layers: [{ ...weekly([p.id]), handoffTime: '25:00' }],
          }),
        )
        .catch((e: BadRequestException) => JSON.stringify(e.getResponse()));
      expect(badHandoff).toMatch(/layers\[0\]\.handoffTime/);

      const foreignMember = await t
        .as(orgA, () =>
          schedules.create({ name: 'Foreign', timeZone: 'UTC', layers: [weekly([foreign.id])] }),
        )
        .catch((e: BadRequestException) => JSON.stringify(e.getResponse()));
      expect(foreignMember).toMatch(/layers\[0\]\.memberIds/);

      const s = await t.as(orgA, () =>
        schedules.create({ name: 'Checked', timeZone: 'UTC', layers: [weekly([p.id])] }),
      );
      await expect(
        t.as(orgA, () =>
          schedules.createOverride(s.id, {
            contactId: p.id,
            start: '2030-01-02T00:00:00Z',
            end: '2030-01-01T00:00:00Z',
          }),
        ),
      ).rejects.toThrow(/^end/);
      await expect(
        t.as(orgA, () =>
          schedules.createOverride(s.id, {
            contactId: p.id,
            start: '2030-01-01T00:00:00Z',
            end: '2031-01-02T00:00:00Z',
          }),
        ),
      ).rejects.toThrow(/one year/);
      await expect(
        t.as(orgA, () =>
          schedules.createOverride(s.id, {
            contactId: foreign.id,
            start: '2030-01-01T00:00:00Z',
            end: '2030-01-02T00:00:00Z',
          }),
        ),
      ).rejects.toThrow(/contactId/);
      await expect(t.as(orgA, () => schedules.onCall(s.id, 'yesterday'))).rejects.toThrow(/^at/);
      await expect(
        t.as(orgA, () => schedules.shifts(s.id, '2030-01-01T00:00:00Z', '2030-04-04T00:00:00Z')),
      ).rejects.toThrow(/92 days/);
      await expect(
        t.as(orgA, () => schedules.createOverride(s.id, { contactId: p.id, start: 'x', end: 'y' })),
      ).rejects.toThrow(/^start/);

      // Nothing of the refused ones was written.
      const named = await t.ownerQuery(
        `SELECT name FROM schedule WHERE organization_id = $1 AND name IN ('Bad hand-off', 'Foreign')`,
        [orgA],
      );
      expect(named).toEqual([]);
      await expect(
        t.as(orgA, () => schedules.create({ name: 'Checked', timeZone: 'UTC', layers: [] })),
      ).rejects.toBeInstanceOf(ConflictException);
      // A contact in a rotation cannot be deleted from under it.
      await expect(t.as(orgA, () => contacts.delete(p.id))).rejects.toThrow(/Checked/);
    });

    it('serves the iCal feed by token across organisations, and forgets a rotated token', async () => {
      const p = await contact(orgB, 'Feed person');
      const s = await t.as(orgB, () =>
        schedules.create({
          name: 'Feed schedule',
          timeZone: 'UTC',
          layers: [
            { ...weekly([p.id]), startsAt: new Date(Date.now() - 86_400_000).toISOString() },
          ],
        }),
      );
      const token = s.icalUrl.replace(/^.*\/(.*)\.ics$/, '$1');

      // A public request: no organisation in the context.
      const calendar = await t.as(null as unknown as string, () => feeds.scheduleFeed(token));
      expect(calendar).toMatch(/^BEGIN:VCALENDAR/);
      expect(calendar).toContain('Feed person');

      await expect(
        t.as(null as unknown as string, () => feeds.scheduleFeed(token.replace(/.$/, '-'))),
      ).rejects.toBeInstanceOf(NotFoundException);
      const rotated = await t.as(orgB, () => schedules.rotateIcalToken(s.id));
      expect(rotated.icalUrl).not.toBe(s.icalUrl);
      await expect(
        t.as(null as unknown as string, () => feeds.scheduleFeed(token)),
      ).rejects.toBeInstanceOf(NotFoundException);

      const contactToken = (await t.as(orgB, () => contacts.get(p.id))).icalUrl?.replace(
        /^.*\/(.*)\.ics$/,
        '$1',
      );
      const personal = await t.as(null as unknown as string, () =>
        feeds.contactFeed(contactToken ?? ''),
      );
      expect(personal).toContain('Feed schedule');
    });
  });
});
