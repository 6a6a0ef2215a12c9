import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { NotificationChannelDomain, OnCallDomain } from '@hyperion/api/notifications';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
import type { EscalationLevel } from '@hyperion/contracts';
import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';

import { ServiceDomain } from '../service.domain';
import { AlertConfigChanges } from './alert-config-changes';
import { AlertConfigDomain } from './alert-config.domain';
import { AlertConfigModule } from './alert-config.module';
import { EscalationPolicyService } from './escalation-policy.service';
import { RoutingRuleService } from './routing-rule.service';
import { SilenceService } from './silence.service';

/**
 * Medium spec: the alert configuration's real module on this run's PostgreSQL (migrated,
 * connected as the application role, so row-level security applies), no HTTP.
 * `t.as(org, ...)` acts as a request would.
 */
describe('Alert configuration on PostgreSQL', () => {
  let t: MediumTest;
  let policies: EscalationPolicyService;
  let rules: RoutingRuleService;
  let silences: SilenceService;
  let changes: AlertConfigChanges;
  let orgA: string;
  let orgB: string;

  beforeAll(async () => {
    t = await startMediumTest({
      domains: [
        AuthDomain,
        AuditDomain,
        NotificationChannelDomain,
        OnCallDomain,
        ServiceDomain,
        AlertConfigDomain,
      ],
      imports: [AlertConfigModule],
    });
    policies = t.get(EscalationPolicyService);
    rules = t.get(RoutingRuleService);
    silences = t.get(SilenceService);
    changes = t.get(AlertConfigChanges);
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

  const count = async (sql: string, params: unknown[]) =>
    Number((await t.ownerQuery<{ n: string }>(sql, params))[0].n);

  const unique = (prefix: string) => `${prefix} ${randomBytes(3).toString('hex')}`;

  const levels = (...kinds: EscalationLevel['channelKinds'][]): EscalationLevel[] =>
    kinds.map((channelKinds, i) => ({
      name: `Level ${i + 1}`,
      delayMinutes: i * 10,
      targets: [],
      channelKinds,
    }));

  /** A contact of `org` (inserted as the owner). */
  async function contactOf(org: string): Promise<string> {
    const [row] = await t.ownerQuery<{ id: string }>(
      `INSERT INTO contact (organization_id, name, time_zone, ical_token)
       VALUES ($1, $2, 'Europe/Paris', $3) RETURNING id`,
      [org, unique('contact'), randomBytes(16).toString('hex')],
    );
    return row.id;
  }

  /** A service of `org` (inserted as the owner). */
  async function serviceOf(org: string): Promise<string> {
    const [row] = await t.ownerQuery<{ id: string }>(
      `INSERT INTO service (organization_id, name) VALUES ($1, $2) RETURNING id`,
      [org, unique('service')],
    );
    return row.id;
  }

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

  const inAnHour = () => new Date(Date.now() + 3_600_000).toISOString();

  describe('escalation policies', () => {
    it('creates the default policy of the documents once, however many ask at the same time', async () => {
      const org = await t.createOrganization('Fresh');
      const results = await Promise.all(
        Array.from({ length: 10 }, () => t.as(org, () => policies.defaultPolicy())),
      );

      expect(new Set(results.map((p) => p.id)).size).toBe(1);
      expect(results[0]).toMatchObject({
        name: 'Default',
        isDefault: true,
        repeat: 0,
        levels: [
          { name: 'DevOps', delayMinutes: 0, targets: [], channelKinds: ['email', 'slack'] },
          { name: 'Lead dev', delayMinutes: 15, targets: [], channelKinds: ['sms'] },
          { name: 'CTO', delayMinutes: 30, targets: [], channelKinds: ['voice'] },
          { name: 'Direction', delayMinutes: 45, targets: [], channelKinds: ['voice'] },
        ],
      });
      expect(
        await count(`SELECT count(*) AS n FROM escalation_policy WHERE organization_id = $1`, [
          org,
        ]),
      ).toBe(1);
      expect(
        (await auditOf(`escalation_policy:${results[0].id}`, org)).map((e) => e.action),
      ).toEqual(['escalation_policy_created']);
    });

    it('lists the default first, creating it for an organisation that has none', async () => {
      const org = await t.createOrganization('Lister');
      const other = await t.as(org, () =>
        policies.create({ name: 'Apps', levels: levels(['email']) }),
      );

      const listed = await t.as(org, () => policies.list());

      expect(listed.map((p) => [p.name, p.isDefault])).toEqual([
        ['Default', true],
        ['Apps', false],
      ]);
      expect(listed[1].id).toBe(other.id);
    });

    it('leaves exactly one default when two policies are made the default at once', async () => {
      const org = await t.createOrganization('Racer');
      await t.as(org, () => policies.defaultPolicy());
      const [p1, p2] = await Promise.all(
        ['One', 'Two'].map((name) =>
          t.as(org, () => policies.create({ name, levels: levels(['email']) })),
        ),
      );

      const updated = await Promise.all(
        [p1, p2].map((p) => t.as(org, () => policies.update(p.id, { isDefault: true }))),
      );

      expect(updated.every((p) => p.isDefault)).toBe(true);
      const defaults = await t.ownerQuery<{ id: string }>(
        `SELECT id FROM escalation_policy WHERE organization_id = $1 AND is_default`,
        [org],
      );
      expect(defaults).toHaveLength(1);
      expect([p1.id, p2.id]).toContain(defaults[0].id);
      expect((await t.as(org, () => policies.defaultPolicy())).id).toBe(defaults[0].id);
    });

    it('moves the default on create, and refuses to delete or unset the default (409)', async () => {
      const org = await t.createOrganization('Mover');
      const first = await t.as(org, () => policies.defaultPolicy());
      const second = await t.as(org, () =>
        policies.create({ name: 'Night', isDefault: true, levels: levels(['sms']) }),
      );

      expect(second.isDefault).toBe(true);
      expect((await t.as(org, () => policies.get(first.id))).isDefault).toBe(false);
      await expect(t.as(org, () => policies.delete(second.id))).rejects.toThrow(
        /default escalation policy and cannot be deleted/,
      );
      await expect(
        t.as(org, () => policies.update(second.id, { isDefault: false })),
      ).rejects.toBeInstanceOf(ConflictException);
      expect(await t.as(org, () => policies.get(second.id))).toMatchObject({ isDefault: true });

      // Once another is the default, the former one may go.
      await t.as(org, () => policies.delete(first.id));
      await expect(t.as(org, () => policies.get(first.id))).rejects.toBeInstanceOf(
        NotFoundException,
      );
    });

    it('accepts targets of the organisation, and refuses an unknown one naming it (400)', async () => {
      const mine = await contactOf(orgA);
      const theirs = await contactOf(orgB);
      const withTarget = (id: string): EscalationLevel[] => [
        { name: 'First', delayMinutes: 0, targets: [], channelKinds: ['email'] },
        {
          name: 'Second',
          delayMinutes: 5,
          targets: [
            { type: 'contact', id: mine },
            { type: 'contact', id },
          ],
          channelKinds: [],
        },
      ];

      const created = await t.as(orgA, () =>
        policies.create({ name: unique('targeted'), levels: withTarget(mine).slice(0, 1) }),
      );
      await expect(
        t.as(orgA, () => policies.update(created.id, { levels: withTarget(theirs) })),
      ).rejects.toThrow(`levels[1].targets[1].id: no contact ${theirs} in this organisation`);
      const unknown = randomUUID();
      await expect(
        t.as(orgA, () => policies.create({ name: unique('ghost'), levels: withTarget(unknown) })),
      ).rejects.toThrow('levels[1].targets[1].id');
      await expect(
        t.as(orgA, () =>
          policies.create({
            name: unique('team'),
            levels: [
              {
                name: 'T',
                delayMinutes: 0,
                targets: [{ type: 'team', id: unknown }],
                channelKinds: [],
              },
            ],
          }),
        ),
      ).rejects.toBeInstanceOf(BadRequestException);

      const extra = await contactOf(orgA);
      const updated = await t.as(orgA, () =>
        policies.update(created.id, { levels: withTarget(extra) }),
      );
      expect(updated.levels[1].targets).toEqual([
        { type: 'contact', id: mine },
        { type: 'contact', id: extra },
      ]);
    });

    it('refuses levels whose waits do not increase, naming the field (400)', async () => {
      await expect(
        t.as(orgA, () =>
          policies.create({
            name: unique('flat'),
            levels: [
              { name: 'A', delayMinutes: 10, targets: [], channelKinds: ['email'] },
              { name: 'B', delayMinutes: 10, targets: [], channelKinds: ['sms'] },
            ],
          }),
        ),
      ).rejects.toThrow('levels[1].delayMinutes');
    });

    it('answers 409 for a duplicate name, writing neither a row nor an audit entry', async () => {
      const name = unique('dup');
      const first = await t.as(orgA, () => policies.create({ name, levels: levels(['email']) }));

      await expect(
        t.as(orgA, () => policies.create({ name, levels: levels(['sms']) })),
      ).rejects.toBeInstanceOf(ConflictException);

      expect(
        await count(
          `SELECT count(*) AS n FROM escalation_policy WHERE organization_id = $1 AND name = $2`,
          [orgA, name],
        ),
      ).toBe(1);
      expect(
        await count(
          `SELECT count(*) AS n FROM audit_log WHERE organization_id = $1
              AND action = 'escalation_policy_created' AND details->>'name' = $2`,
          [orgA, name],
        ),
      ).toBe(1);
      expect(await auditOf(`escalation_policy:${first.id}`, orgA)).toHaveLength(1);
    });

    it('records each change in the audit log and tells the listeners after commit', async () => {
      const heard: string[] = [];
      const stop = changes.onChange((org) => heard.push(org));
      try {
        const created = await t.as(orgA, () =>
          policies.create({ name: unique('audited'), levels: levels(['email']) }),
        );
        const updated = await t.as(orgA, () =>
          policies.update(created.id, { name: `${created.name} 2`, repeat: 2 }),
        );
        await t.as(orgA, () => policies.delete(created.id));
        await expect(
          t.as(orgA, () => policies.update(randomUUID(), { repeat: 1 })),
        ).rejects.toBeInstanceOf(NotFoundException);

        expect(updated.repeat).toBe(2);
        expect(await auditOf(`escalation_policy:${created.id}`, orgA)).toEqual([
          {
            action: 'escalation_policy_created',
            result: 'success',
            details: { name: created.name, isDefault: false, levels: 1, repeat: 0 },
          },
          {
            action: 'escalation_policy_updated',
            result: 'success',
            details: {
              name: updated.name,
              previousName: created.name,
              isDefault: false,
              levels: 1,
              repeat: 2,
            },
          },
          {
            action: 'escalation_policy_deleted',
            result: 'success',
            details: { name: updated.name },
          },
        ]);
        expect(heard).toEqual([orgA, orgA, orgA]);
      } finally {
        stop();
      }
    });
  });

  describe('routing rules', () => {
    it('inserts at a position, shifting the rules from there, and keeps positions without gaps', async () => {
      const org = await t.createOrganization('Router');
      const make = (name: string, position?: number) =>
        t.as(org, () =>
          rules.create({ name, position, matchers: [{ name: 'team', op: '=', value: name }] }),
        );
      await make('first');
      await make('second');
      const third = await make('third');

      const inserted = await make('inserted', 1);
      const order = async () =>
        (await t.as(org, () => rules.list())).map((r) => [r.position, r.name]);

      expect(inserted.position).toBe(1);
      expect(await order()).toEqual([
        [0, 'first'],
        [1, 'inserted'],
        [2, 'second'],
        [3, 'third'],
      ]);

      // Past the end means last; moving and deleting renumber the others.
      expect((await make('last', 99)).position).toBe(4);
      await t.as(org, () => rules.update(third.id, { position: 0 }));
      await t.as(org, () => rules.delete(inserted.id));
      expect(await order()).toEqual([
        [0, 'third'],
        [1, 'first'],
        [2, 'second'],
        [3, 'last'],
      ]);
    });

    it('lists only the enabled rules for routing, in order', async () => {
      const org = await t.createOrganization('Enabled');
      const a = await t.as(org, () => rules.create({ name: 'a', matchers: [] }));
      await t.as(org, () => rules.create({ name: 'b', enabled: false, matchers: [] }));
      const c = await t.as(org, () => rules.create({ name: 'c', matchers: [] }));

      expect((await t.as(org, () => rules.listEnabled())).map((r) => r.id)).toEqual([a.id, c.id]);
    });

    it('refuses an invalid matcher regex naming matchers[0].value (400), writing nothing', async () => {
      const name = unique('regex');
      await expect(
        t.as(orgA, () =>
          rules.create({ name, matchers: [{ name: 'instance', op: '=~', value: '(unclosed' }] }),
        ),
      ).rejects.toThrow(/matchers\[0\]\.value/);
      expect(await count(`SELECT count(*) AS n FROM routing_rule WHERE name = $1`, [name])).toBe(0);
    });

    it('checks the service and the escalation policy exist in this organisation (400)', async () => {
      const theirService = await serviceOf(orgB);
      const theirPolicy = await t.as(orgB, () => policies.defaultPolicy());

      await expect(
        t.as(orgA, () =>
          rules.create({ name: unique('svc'), matchers: [], serviceId: theirService }),
        ),
      ).rejects.toThrow(`serviceId: no service ${theirService} in this organisation`);
      await expect(
        t.as(orgA, () =>
          rules.create({ name: unique('pol'), matchers: [], escalationPolicyId: theirPolicy.id }),
        ),
      ).rejects.toThrow('escalationPolicyId');

      const myService = await serviceOf(orgA);
      const myPolicy = await t.as(orgA, () => policies.defaultPolicy());
      const rule = await t.as(orgA, () =>
        rules.create({
          name: unique('routed'),
          matchers: [{ name: 'severity', op: '=', value: 'critical' }],
          serviceId: myService,
          escalationPolicyId: myPolicy.id,
          urgency: 'high',
          channelKinds: ['sms', 'voice'],
        }),
      );
      expect(rule).toMatchObject({
        serviceId: myService,
        escalationPolicyId: myPolicy.id,
        urgency: 'high',
        channelKinds: ['sms', 'voice'],
        suppress: false,
        enabled: true,
      });

      const cleared = await t.as(orgA, () =>
        rules.update(rule.id, { clear: ['serviceId', 'urgency'], suppress: true }),
      );
      expect(cleared).toMatchObject({
        serviceId: null,
        urgency: null,
        escalationPolicyId: myPolicy.id,
        suppress: true,
      });
      await expect(
        t.as(orgA, () => rules.update(rule.id, { clear: ['urgency'], urgency: 'low' })),
      ).rejects.toThrow('clear: urgency is both given and cleared');
    });

    it('answers 409 for a duplicate name, and audits each change', async () => {
      const name = unique('rule');
      const created = await t.as(orgA, () => rules.create({ name, matchers: [] }));
      await expect(t.as(orgA, () => rules.create({ name, matchers: [] }))).rejects.toBeInstanceOf(
        ConflictException,
      );
      await t.as(orgA, () => rules.update(created.id, { enabled: false }));
      await t.as(orgA, () => rules.delete(created.id));

      expect((await auditOf(`routing_rule:${created.id}`, orgA)).map((e) => e.action)).toEqual([
        'routing_rule_created',
        'routing_rule_updated',
        'routing_rule_deleted',
      ]);
      expect(await count(`SELECT count(*) AS n FROM routing_rule WHERE name = $1`, [name])).toBe(0);
    });
  });

  describe('silences', () => {
    it('creates a silence as the acting user, active now, and expires it on delete', async () => {
      const user = await member(orgA);
      const created = await t.as(
        orgA,
        () =>
          silences.create({
            comment: 'Database upgrade',
            matchers: [{ name: 'service', op: '=', value: 'db' }],
            endsAt: inAnHour(),
          }),
        { type: 'user', id: user, name: 'someone' },
      );
      expect(created).toMatchObject({ status: 'active', createdBy: user, recurrence: null });
      expect((await t.as(orgA, () => silences.list())).map((s) => s.id)).toContain(created.id);

      const expired = await t.as(orgA, () => silences.expire(created.id));

      expect(expired.status).toBe('expired');
      expect(await t.as(orgA, () => silences.get(created.id))).toMatchObject({
        status: 'expired',
      });
      expect((await t.as(orgA, () => silences.list())).map((s) => s.id)).not.toContain(created.id);
      expect((await t.as(orgA, () => silences.list('expired'))).map((s) => s.id)).toContain(
        created.id,
      );
      expect(
        (await t.as(orgA, () => silences.listLive(new Date()))).map((s) => s.id),
      ).not.toContain(created.id);
      // Expiring again changes nothing and records nothing more.
      await t.as(orgA, () => silences.expire(created.id));
      expect((await auditOf(`silence:${created.id}`, orgA)).map((e) => e.action)).toEqual([
        'silence_created',
        'silence_expired',
      ]);
    });

    it('tells pending from active, and filters by status', async () => {
      const org = await t.createOrganization('Silencer');
      const later = await t.as(org, () =>
        silences.create({
          comment: 'Tomorrow',
          matchers: [{ name: 'env', op: '=', value: 'staging' }],
          startsAt: new Date(Date.now() + 24 * 3_600_000).toISOString(),
          endsAt: new Date(Date.now() + 25 * 3_600_000).toISOString(),
        }),
      );
      const now = await t.as(org, () =>
        silences.create({
          comment: 'Now',
          matchers: [{ name: 'env', op: '!=', value: 'prod' }],
          endsAt: inAnHour(),
        }),
      );

      expect(later.status).toBe('pending');
      expect((await t.as(org, () => silences.list('pending'))).map((s) => s.id)).toEqual([
        later.id,
      ]);
      expect((await t.as(org, () => silences.list('active'))).map((s) => s.id)).toEqual([now.id]);
      expect((await t.as(org, () => silences.listLive(new Date()))).map((s) => s.id)).toEqual([
        now.id,
        later.id,
      ]);
    });

    it('refuses bad dates and matchers, naming the field (400)', async () => {
      const base = {
        comment: 'x',
        matchers: [{ name: 'env', op: '=' as const, value: 'prod' }],
        endsAt: inAnHour(),
      };
      const refused = (over: Record<string, unknown>) =>
        t.as(orgA, () => silences.create({ ...base, ...over }));

      await expect(
        refused({ endsAt: new Date(Date.now() - 60_000).toISOString() }),
      ).rejects.toThrow(/^endsAt/);
      await expect(
        refused({ startsAt: inAnHour(), endsAt: new Date(Date.now() + 60_000).toISOString() }),
      ).rejects.toThrow('endsAt: must be after startsAt');
      await expect(
        refused({ endsAt: new Date(Date.now() + 400 * 24 * 3_600_000).toISOString() }),
      ).rejects.toThrow('endsAt: at most a year ahead');
      await expect(refused({ startsAt: 'tomorrow' })).rejects.toThrow(/^startsAt/);
      await expect(refused({ matchers: [] })).rejects.toThrow(/^matchers/);
      await expect(refused({ matchers: [{ name: 'env', op: '=~', value: '[' }] })).rejects.toThrow(
        /matchers\[0\]\.value/,
      );
      await expect(
        refused({ recurrence: { rrule: 'FREQ=NEVER', durationMinutes: 60, timeZone: 'UTC' } }),
      ).rejects.toThrow(/recurrence/);
    });

    it('keeps recurring windows with their rule, active only during an occurrence', async () => {
      const hour = new Date().getUTCHours();
      const daily = (atHour: number, durationMinutes: number) =>
        t.as(orgA, () =>
          silences.create({
            comment: `Daily at ${atHour}:00 UTC`,
            matchers: [{ name: 'service', op: '=~', value: 'db|cache' }],
            startsAt: new Date(Date.now() - 2 * 24 * 3_600_000).toISOString(),
            endsAt: new Date(Date.now() + 30 * 24 * 3_600_000).toISOString(),
            recurrence: {
              rrule: `FREQ=DAILY;BYHOUR=${atHour};BYMINUTE=0`,
              durationMinutes,
              timeZone: 'UTC',
            },
          }),
        );

      // This hour's occurrence began less than an hour ago and lasts two.
      const now = await daily(hour, 120);
      // Twelve hours away: between two occurrences.
      const later = await daily((hour + 12) % 24, 60);

      expect(now).toMatchObject({
        status: 'active',
        recurrence: { rrule: `FREQ=DAILY;BYHOUR=${hour};BYMINUTE=0`, durationMinutes: 120 },
      });
      expect(later.status).toBe('pending');
      const live = await t.as(orgA, () => silences.listLive(new Date()));
      expect(live.find((s) => s.id === later.id)?.status).toBe('pending');
    });

    it('answers 404 for an unknown silence', async () => {
      await expect(t.as(orgA, () => silences.expire(randomUUID()))).rejects.toBeInstanceOf(
        NotFoundException,
      );
    });
  });

  it("keeps organisations apart: another organisation's ids are not found (404)", async () => {
    const policy = await t.as(orgB, () =>
      policies.create({ name: unique('b-policy'), levels: levels(['email']) }),
    );
    const rule = await t.as(orgB, () => rules.create({ name: unique('b-rule'), matchers: [] }));
    const silence = await t.as(orgB, () =>
      silences.create({
        comment: 'B only',
        matchers: [{ name: 'env', op: '=', value: 'b' }],
        endsAt: inAnHour(),
      }),
    );

    const notFound = (fn: () => Promise<unknown>) =>
      expect(t.as(orgA, fn)).rejects.toBeInstanceOf(NotFoundException);
    await notFound(() => policies.get(policy.id));
    await notFound(() => policies.update(policy.id, { name: 'taken over' }));
    await notFound(() => policies.delete(policy.id));
    await notFound(() => rules.get(rule.id));
    await notFound(() => rules.update(rule.id, { enabled: false }));
    await notFound(() => rules.delete(rule.id));
    await notFound(() => silences.get(silence.id));
    await notFound(() => silences.expire(silence.id));
    expect(await t.as(orgA, () => policies.findSummary(policy.id))).toBeNull();

    expect((await t.as(orgA, () => policies.list())).map((p) => p.id)).not.toContain(policy.id);
    expect((await t.as(orgA, () => rules.list())).map((r) => r.id)).not.toContain(rule.id);
    expect((await t.as(orgA, () => silences.list('all'))).map((s) => s.id)).not.toContain(
      silence.id,
    );
    expect(await t.as(orgB, () => policies.get(policy.id))).toMatchObject({
      name: policy.name,
    });
    expect(await t.as(orgB, () => rules.get(rule.id))).toMatchObject({ enabled: true });
    expect(await t.as(orgB, () => silences.get(silence.id))).toMatchObject({ status: 'active' });
    expect(await auditOf(`escalation_policy:${policy.id}`, orgA)).toEqual([]);
  });
});
