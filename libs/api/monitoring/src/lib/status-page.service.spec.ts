import { AlertConfigDomain, AlertsDomain, ServiceDomain } from '@hyperion/api/alerts';
import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import {
  NotificationChannelDomain,
  NotificationChannelService,
  OnCallDomain,
  PagingDomain,
} from '@hyperion/api/notifications';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
import type { CreateStatusPageRequest } from '@hyperion/contracts';
import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';

import { MonitorDomain } from './monitor.domain';
import { MonitorModule } from './monitor.module';
import { MonitorService } from './monitor.service';
import { StatusPageDomain } from './status-page.domain';
import { StatusPageModule } from './status-page.module';
import { StatusPageService } from './status-page.service';
import { PublicStatusBuilder } from './status/public-status.builder';
import { StatusContentService } from './status/status-content.service';
import { StatusSubscriptions } from './status/status-subscriptions.service';

/**
 * Medium spec: the real module on this run's PostgreSQL (migrated, connected as the application
 * role, so row-level security applies), no HTTP. `t.as(org, ...)` acts as a request would.
 */
describe('StatusPageService on PostgreSQL', () => {
  let t: MediumTest;
  let pages: StatusPageService;
  let content: StatusContentService;
  let orgA: string;
  let orgB: string;
  let counter = 0;

  beforeAll(async () => {
    t = await startMediumTest({
      domains: [
        AuthDomain,
        AuditDomain,
        NotificationChannelDomain,
        OnCallDomain,
        PagingDomain,
        ServiceDomain,
        AlertConfigDomain,
        AlertsDomain,
        MonitorDomain,
        StatusPageDomain,
      ],
      imports: [AuditDomain.module, AuthDomain.module, MonitorModule, StatusPageModule],
      // The webhook channel below points at loopback.
      env: { NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1' },
    });
    pages = t.get(StatusPageService);
    content = t.get(StatusContentService);
    orgA = await t.createOrganization('Organisation A');
    orgB = await t.createOrganization('Organisation B');
  });

  afterAll(async () => {
    await t?.close();
  });

  /** A slug no other test (nor another run on this database) uses. */
  const slug = (base: string) => `${base}-${process.pid}-${Date.now().toString(36)}-${counter++}`;
  const page = (name: string, extra: Partial<CreateStatusPageRequest> = {}) => ({
    name,
    slug: slug(name.toLowerCase().replace(/[^a-z0-9]+/g, '-')),
    ...extra,
  });

  /** A paused TCP monitor (never checked here). */
  const monitor = (org: string, name: string) =>
    t.as(org, () =>
      t.get(MonitorService).create({
        name: `${name} ${counter++}`,
        kind: 'tcp',
        target: { host: '127.0.0.1', port: 9 },
        enabled: false,
      }),
    );

  const auditOf = (target: string, organizationId: string) =>
    t.ownerQuery<{ action: string; details: Record<string, unknown> }>(
      `SELECT action, details FROM audit_log
        WHERE target = $1 AND organization_id = $2 ORDER BY id`,
      [target, organizationId],
    );

  it('shows each organisation only its own status pages', async () => {
    const a = await t.as(orgA, () => pages.create(page('Alpha')));
    const b = await t.as(orgB, () => pages.create(page('Alpha')));

    expect(a).toEqual({
      id: expect.any(String),
      slug: expect.stringMatching(/^alpha-/),
      name: 'Alpha',
      description: '',
      published: false,
      showPostmortems: false,
      publicUrl: null,
      emailChannelId: null,
      subscriptions: false,
      groups: [],
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await t.as(orgA, () => pages.list())).map((r) => r.id)).toContain(a.id);
    expect((await t.as(orgA, () => pages.list())).map((r) => r.id)).not.toContain(b.id);
    expect(await t.as(orgA, () => pages.get(a.id))).toEqual(a);
  });

  it("answers 404 for another organisation's page and everything of it, and leaves it alone", async () => {
    const b = await t.as(orgB, () => pages.create(page('Beta', { published: true })));
    const notFound = expect.any(NotFoundException);

    await expect(t.as(orgA, () => pages.get(b.id))).rejects.toEqual(notFound);
    await expect(t.as(orgA, () => pages.update(b.id, { name: 'taken over' }))).rejects.toEqual(
      notFound,
    );
    await expect(t.as(orgA, () => pages.replaceComponents(b.id, { groups: [] }))).rejects.toEqual(
      notFound,
    );
    await expect(
      t.as(orgA, () =>
        content.createMaintenance(b.id, {
          title: 'x',
          startsAt: '2030-01-01T00:00:00Z',
          durationMinutes: 5,
        }),
      ),
    ).rejects.toEqual(notFound);
    await expect(t.as(orgA, () => t.get(StatusSubscriptions).list(b.id))).rejects.toEqual(notFound);
    await expect(t.as(orgA, () => pages.delete(b.id))).rejects.toEqual(notFound);

    expect(await t.as(orgB, () => pages.get(b.id))).toMatchObject({ name: 'Beta' });
    expect(await auditOf(`status_page:${b.id}`, orgA)).toEqual([]);
  });

  it('records every change in the audit log of its organisation', async () => {
    const created = await t.as(orgA, () => pages.create(page('Gamma')));
    await t.as(orgA, () => pages.update(created.id, { name: 'Gamma 2', published: true }));
    await t.as(orgA, () => pages.delete(created.id));

    await expect(t.as(orgA, () => pages.get(created.id))).rejects.toBeInstanceOf(NotFoundException);
    expect(await auditOf(`status_page:${created.id}`, orgA)).toEqual([
      {
        action: 'status_page_created',
        details: { name: 'Gamma', slug: created.slug, published: false },
      },
      {
        action: 'status_page_updated',
        details: { name: 'Gamma 2', changed: ['name', 'published'], previousName: 'Gamma' },
      },
      { action: 'status_page_deleted', details: { name: 'Gamma 2', slug: created.slug } },
    ]);
  });

  it('keeps a slug unique across organisations: 409 naming the slug, nothing written', async () => {
    const taken = await t.as(orgA, () => pages.create(page('Delta')));
    const other = await t.as(orgB, () => pages.create(page('Epsilon')));

    await expect(
      t.as(orgB, () => pages.create({ name: 'Delta elsewhere', slug: taken.slug })),
    ).rejects.toThrow(
      new ConflictException(`slug: "${taken.slug}" is already the address of a status page`),
    );
    await expect(
      t.as(orgB, () => pages.update(other.id, { slug: taken.slug })),
    ).rejects.toBeInstanceOf(ConflictException);

    const rows = await t.ownerQuery(`SELECT organization_id FROM status_page WHERE slug = $1`, [
      taken.slug,
    ]);
    expect(rows).toEqual([{ organization_id: orgA }]);
    expect(await t.as(orgB, () => pages.get(other.id))).toMatchObject({ slug: other.slug });
  });

  it('lets only one of two organisations claiming a slug at the same time have it', async () => {
    const contested = slug('contested');
    const outcomes = await Promise.allSettled([
      t.as(orgA, () => pages.create({ name: `Contested ${counter++}`, slug: contested })),
      t.as(orgB, () => pages.create({ name: `Contested ${counter++}`, slug: contested })),
    ]);

    expect(outcomes.map((o) => o.status).sort()).toEqual(['fulfilled', 'rejected']);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ConflictException);
    const rows = await t.ownerQuery(`SELECT 1 FROM status_page WHERE slug = $1`, [contested]);
    expect(rows).toHaveLength(1);
  });

  it('lays out components in named groups, in order, only monitors of this organisation, each once', async () => {
    const p = await t.as(orgA, () => pages.create(page('Layout')));
    const api = await monitor(orgA, 'API');
    const web = await monitor(orgA, 'Web');
    const foreign = await monitor(orgB, 'Theirs');

    const laid = await t.as(orgA, () =>
      pages.replaceComponents(p.id, {
        groups: [
          { name: 'Front', components: [{ kind: 'monitor', id: web.id, displayName: 'Website' }] },
          { name: 'Back', components: [{ kind: 'monitor', id: api.id }] },
        ],
      }),
    );
    expect(laid.groups).toEqual([
      {
        name: 'Front',
        components: [{ kind: 'monitor', id: web.id, name: 'Website', displayName: 'Website' }],
      },
      {
        name: 'Back',
        components: [{ kind: 'monitor', id: api.id, name: api.name, displayName: null }],
      },
    ]);

    await expect(
      t.as(orgA, () =>
        pages.replaceComponents(p.id, {
          groups: [{ name: 'G', components: [{ kind: 'monitor', id: foreign.id }] }],
        }),
      ),
    ).rejects.toThrow(
      new BadRequestException(
        'groups[0].components[0].id: no monitor of this organisation has this id',
      ),
    );
    await expect(
      t.as(orgA, () =>
        pages.replaceComponents(p.id, {
          groups: [
            { name: 'G', components: [{ kind: 'monitor', id: api.id }] },
            { name: 'H', components: [{ kind: 'monitor', id: api.id }] },
          ],
        }),
      ),
    ).rejects.toThrow('groups[1].components[0]: this monitor is already on the page');
    // Refused layouts changed nothing.
    expect((await t.as(orgA, () => pages.get(p.id))).groups).toEqual(laid.groups);
  });

  it('takes as email channel only an email channel of this organisation, and clears it', async () => {
    const channels = t.get(NotificationChannelService);
    const emailConfig = {
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      from: 'status@example.com',
      to: ['ops@example.com'],
    };
    const mine = await t.as(orgA, () =>
      channels.create({
        name: `mail ${counter++}`,
        kind: 'email',
        config: emailConfig,
        secrets: {},
      } as never),
    );
    const theirs = await t.as(orgB, () =>
      channels.create({
        name: `mail ${counter++}`,
        kind: 'email',
        config: emailConfig,
        secrets: {},
      } as never),
    );
    const hook = await t.as(orgA, () =>
      channels.create({
        name: `hook ${counter++}`,
        kind: 'webhook',
        config: { url: 'http://127.0.0.1:9/status' },
        secrets: {},
      } as never),
    );
    const p = await t.as(orgA, () => pages.create(page('Mail')));

    await expect(
      t.as(orgA, () => pages.update(p.id, { emailChannelId: theirs.id })),
    ).rejects.toThrow('emailChannelId: no notification channel has this id');
    await expect(t.as(orgA, () => pages.update(p.id, { emailChannelId: hook.id }))).rejects.toThrow(
      /^emailChannelId: ".*" is a webhook channel, not an email one$/,
    );
    const mailing = await t.as(orgA, () =>
      pages.update(p.id, { emailChannelId: mine.id, publicUrl: 'https://status.example.com/s' }),
    );
    expect(mailing).toMatchObject({ emailChannelId: mine.id, subscriptions: true });
    const cleared = await t.as(orgA, () => pages.update(p.id, { clear: ['emailChannelId'] }));
    expect(cleared).toMatchObject({ emailChannelId: null, subscriptions: false });
  });

  it('keeps maintenance rules it can evaluate, normalised, on components of the page', async () => {
    const p = await t.as(orgA, () => pages.create(page('Maint')));
    const db = await monitor(orgA, 'DB');
    await t.as(orgA, () =>
      pages.replaceComponents(p.id, {
        groups: [{ name: 'Data', components: [{ kind: 'monitor', id: db.id }] }],
      }),
    );
    const base = { title: 'Patching', startsAt: '2030-01-06T02:00:00Z', durationMinutes: 60 };

    const weekly = await t.as(orgA, () =>
      content.createMaintenance(p.id, {
        ...base,
        rrule: 'rrule:freq=weekly;byday=su',
        affects: [{ kind: 'monitor', id: db.id }],
      }),
    );
    expect(weekly).toMatchObject({
      rrule: 'FREQ=WEEKLY;BYDAY=SU',
      affects: [{ kind: 'monitor', id: db.id }],
      nextWindow: { start: '2030-01-06T02:00:00.000Z', end: '2030-01-06T03:00:00.000Z' },
    });

    const refusals: [string, string][] = [
      ['FREQ=HOURLY', 'rrule: FREQ must be one of DAILY, WEEKLY, MONTHLY, YEARLY'],
      ['FREQ=DAILY;BYMONTH=2;BYMONTHDAY=30', 'rrule: FREQ=DAILY may not use BYMONTH'],
      ['FREQ=WEEKLY;BYDAY=XX', 'rrule: BYDAY must list days as MO, TU … SU'],
      ['FREQ=WEEKLY;COUNT=abc', 'rrule: COUNT must be a whole number from 1 to 1000'],
      ['FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'rrule: it gives no window at all'],
      ['FREQ=DAILY\r\nATTENDEE:x', 'rrule: only letters, digits and = ; , + - : on one line'],
    ];
    for (const [rrule, message] of refusals) {
      const started = Date.now();
      await expect(
        t.as(orgA, () => content.createMaintenance(p.id, { ...base, rrule })),
      ).rejects.toThrow(new BadRequestException(message));
      // Never a rule the library would walk for seconds.
      expect(Date.now() - started).toBeLessThan(2000);
    }
    const other = await monitor(orgA, 'Elsewhere');
    await expect(
      t.as(orgA, () =>
        content.createMaintenance(p.id, { ...base, affects: [{ kind: 'monitor', id: other.id }] }),
      ),
    ).rejects.toThrow('affects[0]: this monitor is not a component of the page');
    expect(await t.as(orgA, () => content.listMaintenance(p.id))).toHaveLength(1);
  });

  it("builds a published page's public model: 90 UTC days of checks, days without any shown empty", async () => {
    const p = await t.as(orgA, () => pages.create(page('Public', { published: true })));
    const api = await monitor(orgA, 'Public API');
    await t.as(orgA, () =>
      pages.replaceComponents(p.id, {
        groups: [
          { name: 'Core', components: [{ kind: 'monitor', id: api.id, displayName: 'API' }] },
        ],
      }),
    );
    const now = Date.now();
    const results: [number, boolean][] = [
      [0, true],
      [0, true],
      [0, false],
      [5 * 86_400_000, true],
      [5 * 86_400_000, true],
      // Older than the bars: not counted.
      [120 * 86_400_000, false],
    ];
    for (const [ago, up] of results) {
      await t.ownerQuery(
        `INSERT INTO monitor_result (organization_id, monitor_id, checked_at, up, latency_ms, message)
         VALUES ($1, $2, $3, $4, 20, 'seeded')`,
        [orgA, api.id, new Date(now - ago), up],
      );
    }
    const builder = t.get(PublicStatusBuilder);

    const model = await builder.build(p.slug);
    const days = model?.groups[0].components[0].days ?? [];
    expect(model?.groups[0]).toMatchObject({
      name: 'Core',
      components: [{ name: 'API', kind: 'monitor', targetId: api.id, state: 'unknown' }],
    });
    expect(days).toHaveLength(90);
    expect(days[89]).toEqual({ date: new Date(now).toISOString().slice(0, 10), up: 2, total: 3 });
    expect(days[84]).toEqual({
      date: new Date(now - 5 * 86_400_000).toISOString().slice(0, 10),
      up: 2,
      total: 2,
    });
    expect(days.filter((d) => d.total > 0)).toHaveLength(2);

    await t.as(orgA, () => pages.update(p.id, { published: false }));
    expect(await builder.build(p.slug)).toBeNull();
    expect(await builder.build('no-such-page')).toBeNull();
  });
});
