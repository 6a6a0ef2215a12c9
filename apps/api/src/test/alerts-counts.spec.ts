import { AlertSweep } from '@hyperion/api/alerts';
import { createScratchDatabase } from '@hyperion/api/testing';
import type { AlertListResponse, IntegrationSummary, ServiceSummary } from '@hyperion/contracts';
import { ALERT_ROUTES, ALERT_RULES, SERVICE_ROUTES } from '@hyperion/contracts';
import request from 'supertest';

import { adminToken, queryDb, startTestApp, TestApp } from './test-app';

const SEVERITIES = ['critical', 'error', 'warning', 'info'];

/**
 * The alerts page's counts (the total of each filter, the open alerts by severity) come from
 * `alert_tally`, deltas a trigger writes with every change of alerts, not from counting the
 * alerts. They must stay exactly the alerts' own counts under parallel ingest, repeats,
 * acknowledgements and resolutions, bulk inserts by any writer, and the sweep's folding — on a
 * database of its own, so no other spec's alerts are counted.
 */
describe('alert counts: the tally equals the alerts under concurrency (real PostgreSQL)', () => {
  let t: TestApp;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>>;
  let admin: string;
  const routingKeys: Record<string, string> = {};
  const services: Record<string, ServiceSummary> = {};

  const get = (query: string) =>
    request(t.url)
      .get(`${ALERT_ROUTES.list}?limit=1${query}`)
      .set('Authorization', `Bearer ${admin}`)
      .expect(200)
      .then((res) => res.body as AlertListResponse);

  const trigger = (service: string, key: string, severity: string, action = 'trigger') =>
    request(t.url)
      .post(ALERT_ROUTES.events)
      .send({
        routing_key: routingKeys[service],
        event_action: action,
        dedup_key: key,
        payload: { summary: `probe ${key} failed`, source: 'probe-1', severity },
      });

  /** What counting the alerts themselves says (as the owner: every row, no policy). */
  const truth = async (where = 'TRUE') =>
    (
      await queryDb<{ n: number }>(
        t,
        `SELECT count(*)::int AS n FROM alert a JOIN organization o ON o.id = a.organization_id
          WHERE o.slug = 'default' AND ${where}`,
      )
    )[0].n;

  const truthBySeverity = async () =>
    Object.fromEntries(
      (
        await queryDb<{ severity: string; n: number }>(
          t,
          `SELECT severity, count(*)::int AS n FROM alert
            WHERE state IN ('triggered', 'acknowledged', 'snoozed') GROUP BY severity`,
        )
      ).map((r) => [r.severity, r.n]),
    );

  /** Every filter the page offers gives the alerts' own count, and the counters match. */
  async function expectCountsExact(): Promise<void> {
    const a = services['Checkout'].id;
    const cases: [string, string][] = [
      ['', 'TRUE'],
      ['&state=open', `a.state IN ('triggered', 'acknowledged', 'snoozed')`],
      ['&state=acknowledged', `a.state = 'acknowledged'`],
      ['&state=resolved', `a.state = 'resolved'`],
      ['&severity=critical', `a.severity = 'critical'`],
      [`&serviceId=${a}`, `a.service_id = '${a}'`],
      [
        `&serviceId=${a}&state=open&severity=high`,
        `a.service_id = '${a}' AND a.state IN ('triggered', 'acknowledged', 'snoozed') AND a.severity = 'high'`,
      ],
      ['&suppressed=false', 'a.suppressed IS NULL'],
    ];
    for (const [query, where] of cases) {
      const list = await get(query);
      expect({ query, total: list.total, lowerBound: list.totalIsLowerBound }).toEqual({
        query,
        total: await truth(where),
        lowerBound: false,
      });
    }
    expect((await get('')).openBySeverity).toEqual(await truthBySeverity());
  }

  beforeAll(async () => {
    scratch = await createScratchDatabase();
    t = await startTestApp({}, { proxiedDatabaseUrl: scratch.url });
    admin = await adminToken(t);
    const as = (path: string, body: object) =>
      request(t.url).post(path).set('Authorization', `Bearer ${admin}`).send(body).expect(201);
    for (const name of ['Checkout', 'Search']) {
      services[name] = (await as(SERVICE_ROUTES.collection, { name })).body as ServiceSummary;
      routingKeys[name] = (
        (
          await as(SERVICE_ROUTES.integrations(services[name].id), {
            name: `${name} probes`,
            kind: 'events',
          })
        ).body as IntegrationSummary
      ).routingKey;
    }
  });

  afterAll(async () => {
    await t?.close();
    await scratch?.drop();
  });

  it('counts parallel triggers, repeats of the same keys, acknowledgements and resolutions exactly', async () => {
    // 60 distinct alerts and 60 repeats of them, all at once, over two services.
    const first = await Promise.all(
      Array.from({ length: 120 }, (_, i) =>
        trigger(i % 3 === 0 ? 'Search' : 'Checkout', `k-${i % 60}`, SEVERITIES[i % 4]),
      ),
    );
    expect(first.map((r) => r.status)).toEqual(Array(120).fill(202));
    expect(await truth()).toBe(60);
    await expectCountsExact();

    // Acknowledge and resolve some through the API while the same keys trigger again and others
    // resolve through the events API — every change at once.
    const ids = (
      await queryDb<{ id: string; dedup_key: string }>(
        t,
        `SELECT id, dedup_key FROM alert ORDER BY dedup_key`,
      )
    ).map((r) => r.id);
    const act = (action: string, chosen: string[]) =>
      request(t.url)
        .post(ALERT_ROUTES.bulk)
        .set('Authorization', `Bearer ${admin}`)
        .send({ ids: chosen, action });
    const mixed = await Promise.all([
      act('acknowledge', ids.slice(0, 20)),
      act('resolve', ids.slice(10, 30)),
      ...Array.from({ length: 30 }, (_, i) => trigger('Checkout', `k-${i + 30}`, 'critical')),
      ...Array.from({ length: 10 }, (_, i) => trigger('Search', `k-${i * 3}`, 'info', 'resolve')),
      ...Array.from({ length: 20 }, (_, i) => trigger('Search', `new-${i}`, 'warning')),
    ]);
    expect(mixed.filter((r) => r.status >= 400)).toEqual([]);
    expect(await truth()).toBe(80);
    expect(await truth(`a.state = 'acknowledged'`)).toBeGreaterThan(0);
    expect(await truth(`a.state = 'resolved'`)).toBeGreaterThan(0);
    await expectCountsExact();
  });

  it('counts alerts written by any statement (a bulk insert, a delete), and the sweep folds the deltas without changing a count', async () => {
    const before = await get('');
    await queryDb(
      t,
      `INSERT INTO alert (organization_id, dedup_key, summary, source, severity, urgency, event_type,
                          state, labels, annotations, custom_details, links, origin, occurrences,
                          first_seen_at, last_seen_at, changed_at)
       SELECT o.id, 'bulk-' || g, 'bulk ' || g, 'import', 'low', 'low', 'trigger', 'triggered',
              '{}', '{}', '{}', '[]', 'api', 1, now(), now(), now()
         FROM organization o, generate_series(1, 500) g WHERE o.slug = 'default'`,
    );
    await queryDb(t, `DELETE FROM alert WHERE dedup_key IN ('bulk-1', 'bulk-2')`);
    expect((await get('')).total).toBe(before.total + 498);
    await expectCountsExact();

    const deltas = async () =>
      (await queryDb<{ n: number }>(t, `SELECT count(*)::int AS n FROM alert_tally`))[0].n;
    const keys = async () =>
      (
        await queryDb<{ n: number }>(
          t,
          `SELECT count(*)::int AS n FROM (SELECT DISTINCT organization_id, service_id, state, severity, suppressed
             FROM alert_tally) k`,
        )
      )[0].n;
    expect(await deltas()).toBeGreaterThan(await keys());
    const swept = await t.app.get(AlertSweep).run();
    expect(swept.folded).toBeGreaterThan(0);
    // One row per key is left, and every count reads the same.
    expect(await deltas()).toBe(await keys());
    await expectCountsExact();
  });

  it('an organisation deleted with its alerts takes its counts with it (the delete is not refused)', async () => {
    const [{ id }] = await queryDb<{ id: string }>(
      t,
      `INSERT INTO organization (name, slug) VALUES ('Gone', 'gone') RETURNING id`,
    );
    await queryDb(
      t,
      `INSERT INTO alert (organization_id, dedup_key, summary, source, severity, urgency, event_type,
                          state, labels, annotations, custom_details, links, origin, occurrences,
                          first_seen_at, last_seen_at, changed_at)
       SELECT $1, 'gone-' || g, 'gone ' || g, 'import', 'low', 'low', 'trigger', 'triggered',
              '{}', '{}', '{}', '[]', 'api', 1, now(), now(), now() FROM generate_series(1, 5) g`,
      [id],
    );
    const tallied = async () =>
      (
        await queryDb<{ n: number }>(
          t,
          `SELECT coalesce(sum(n), 0)::int AS n FROM alert_tally WHERE organization_id = $1`,
          [id],
        )
      )[0].n;
    expect(await tallied()).toBe(5);
    await queryDb(t, `DELETE FROM organization WHERE id = $1`, [id]);
    expect(await tallied()).toBe(0);
    await expectCountsExact();
  });

  it('folds while alerts change, and nothing is counted twice or lost', async () => {
    const sweep = t.app.get(AlertSweep);
    await Promise.all([
      sweep.run(),
      sweep.run(),
      ...Array.from({ length: 40 }, (_, i) => trigger('Checkout', `fold-${i % 20}`, 'error')),
      sweep.run(),
    ]);
    await sweep.run();
    await expectCountsExact();
  });

  it('a text search counts up to its bound, then says the total is a lower bound', async () => {
    const max = ALERT_RULES.searchCountMax;
    await queryDb(
      t,
      `INSERT INTO alert (organization_id, dedup_key, summary, source, severity, urgency, event_type,
                          state, labels, annotations, custom_details, links, origin, occurrences,
                          first_seen_at, last_seen_at, changed_at)
       SELECT o.id, 'many-' || g, 'disk nearly full ' || g, 'import', 'low', 'low', 'trigger',
              'triggered', '{}', '{}', '{}', '[]', 'api', 1, now(), now(), now()
         FROM organization o, generate_series(1, $1::int) g WHERE o.slug = 'default'`,
      [max + 5],
    );
    const many = await get('&q=nearly%20full');
    expect(many).toMatchObject({ total: max, totalIsLowerBound: true });
    const few = await get('&q=probe%20k-1%20');
    expect(few).toMatchObject({
      total: await truth(`a.summary ILIKE '%probe k-1 %'`),
      totalIsLowerBound: false,
    });
    expect(few.total).toBe(1);
    await expectCountsExact();
  });
});
