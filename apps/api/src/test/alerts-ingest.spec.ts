import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { waitFor } from '@hyperion/api/testing';
import type {
  AlertEventResponse,
  IngestOutcome,
  IntegrationSummary,
  ServiceSummary,
} from '@hyperion/contracts';
import { ALERT_ROUTES, NOTIFICATION_CHANNEL_ROUTES, SERVICE_ROUTES } from '@hyperion/contracts';
import request from 'supertest';

import { adminToken, queryDb, startTestApp, TestApp } from './test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A loopback webhook receiver: what the organisation's webhook channel posts. */
async function startReceiver(): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString());
      res.writeHead(200).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    bodies,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

// The de-duplication window is 2 s here (ALERT_DEDUP_WINDOW_SECONDS), an escalation "minute" 1 s.
const WINDOW_MS = 2000;

describe('alert ingest: de-duplication, critical alert events, exactly once (real PostgreSQL and Redis)', () => {
  let t: TestApp;
  // A second instance of the same deployment (same database): triggers are spread over both.
  let t2: TestApp;
  let admin: string;
  let receiver: Awaited<ReturnType<typeof startReceiver>>;
  let routingKey: string;

  const trigger = (body: object, key = routingKey, url = t.url) =>
    request(url)
      .post(ALERT_ROUTES.events)
      .send({
        routing_key: key,
        event_action: 'trigger',
        ...body,
        payload: {
          summary: 'PostgreSQL is down',
          source: 'db-1',
          severity: 'critical',
          ...((body as { payload?: object }).payload ?? {}),
        },
      });

  const events = async (fingerprint: string) =>
    (
      await queryDb<{ n: number }>(
        t,
        `SELECT count(*)::int AS n FROM critical_alert_event WHERE fingerprint = $1`,
        [fingerprint],
      )
    )[0].n;

  const received = (text: string) => receiver.bodies.filter((b) => b.includes(text)).length;

  beforeAll(async () => {
    const env = {
      NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1',
      NOTIFICATION_BACKOFF_MS: '50',
      PAGING_MINUTE_MS: '1000',
      ALERT_DEDUP_WINDOW_SECONDS: String(WINDOW_MS / 1000),
    };
    t = await startTestApp(env);
    t2 = await startTestApp(env);
    admin = await adminToken(t);
    receiver = await startReceiver();
    const as = (path: string, body: object) =>
      request(t.url).post(path).set('Authorization', `Bearer ${admin}`).send(body).expect(201);
    await as(NOTIFICATION_CHANNEL_ROUTES.collection, {
      name: 'Ops webhook',
      kind: 'webhook',
      config: { url: receiver.url },
      secrets: {},
    });
    const service = (
      await as(SERVICE_ROUTES.collection, {
        name: 'Checkout',
        groupWaitSeconds: 0,
        groupIntervalSeconds: 1,
      })
    ).body as ServiceSummary;
    const integration = (
      await as(SERVICE_ROUTES.integrations(service.id), { name: 'Checkout probes', kind: 'events' })
    ).body as IntegrationSummary;
    routingKey = integration.routingKey;
  });

  afterAll(async () => {
    await t?.close();
    await t2?.close();
    await receiver?.close();
  });

  it('follows the document: emitted once and recorded, deduplicated within the window, every keyless trigger emitted, emitted again after the window', async () => {
    const first = await trigger({ dedup_key: 'test:123' }).expect(202);
    expect(first.body).toMatchObject({
      status: 'success',
      dedup_key: 'test:123',
      outcome: 'emitted',
    });
    await waitFor(
      'the first event recorded and delivered',
      async () => (await events('test:123')) === 1,
    );
    await waitFor('the webhook to receive it', () => received('PostgreSQL is down') >= 1);
    const deliveredOnce = received('PostgreSQL is down');

    const second = await trigger({ dedup_key: 'test:123' }).expect(202);
    expect((second.body as AlertEventResponse).outcome).toBe('deduplicated');
    await sleep(700);
    expect(await events('test:123')).toBe(1);
    expect(received('PostgreSQL is down')).toBe(deliveredOnce);
    const [alert] = await queryDb<{ occurrences: number; state: string }>(
      t,
      `SELECT occurrences, state FROM alert WHERE dedup_key = 'test:123'`,
    );
    expect(alert).toEqual({ occurrences: 2, state: 'triggered' });

    const keyless = await Promise.all([
      trigger({ payload: { summary: 'Disk full on web-1' } }).expect(202),
      trigger({ payload: { summary: 'Disk full on web-1' } }).expect(202),
    ]);
    expect(keyless.map((r) => (r.body as AlertEventResponse).outcome)).toEqual([
      'emitted',
      'emitted',
    ]);
    const keys = keyless.map((r) => (r.body as AlertEventResponse).dedup_key);
    expect(new Set(keys).size).toBe(2);
    await waitFor('both keyless triggers recorded', async () =>
      (await Promise.all(keys.map(events))).every((n) => n === 1),
    );

    await sleep(WINDOW_MS + 100);
    const later = await trigger({ dedup_key: 'test:123' }).expect(202);
    expect((later.body as AlertEventResponse).outcome).toBe('emitted');
    await waitFor('the second emission recorded', async () => (await events('test:123')) === 2);
  });

  const burst = async (key: string): Promise<Record<string, number>> => {
    const responses = await Promise.all(
      Array.from({ length: 100 }, (_, i) =>
        trigger({ dedup_key: key }, routingKey, i % 2 === 0 ? t.url : t2.url),
      ),
    );
    const outcomes: Record<string, number> = {};
    for (const r of responses) {
      expect(r.status).toBe(202);
      const outcome = (r.body as AlertEventResponse).outcome as IngestOutcome;
      outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    }
    return outcomes;
  };

  it('emits 100 simultaneous identical triggers exactly once, with one event, across two instances', async () => {
    expect(await burst('burst:redis-up')).toEqual({ emitted: 1, deduplicated: 99 });
    await waitFor('the event', async () => (await events('burst:redis-up')) === 1);
    await sleep(500);
    expect(await events('burst:redis-up')).toBe(1);
    const [alert] = await queryDb<{ occurrences: number }>(
      t,
      `SELECT occurrences FROM alert WHERE dedup_key = 'burst:redis-up'`,
    );
    expect(alert.occurrences).toBe(100);
  });

  it('still emits exactly once with Redis unreachable (PostgreSQL decides), and notifies once it is back', async () => {
    await t.redis.stop();
    await t2.redis.stop();
    try {
      expect(await burst('burst:redis-down')).toEqual({ emitted: 1, deduplicated: 99 });
    } finally {
      await t.redis.start();
      await t2.redis.start();
    }
    await waitFor(
      'the event once Redis is back',
      async () => (await events('burst:redis-down')) === 1,
      30_000,
    );
    await sleep(500);
    expect(await events('burst:redis-down')).toBe(1);
  });

  it('acknowledges and resolves by key, and ignores what it does not know', async () => {
    await trigger({ dedup_key: 'ack:1' }).expect(202);
    const send = (event_action: string, dedup_key: string) =>
      request(t.url)
        .post(ALERT_ROUTES.events)
        .send({ routing_key: routingKey, event_action, dedup_key })
        .expect(202);
    expect((await send('acknowledge', 'ack:1')).body.outcome).toBe('acknowledged');
    expect((await send('acknowledge', 'ack:1')).body.outcome).toBe('ignored');
    expect((await trigger({ dedup_key: 'ack:1' }).expect(202)).body.outcome).toBe('deduplicated');
    expect((await send('resolve', 'ack:1')).body.outcome).toBe('resolved');
    expect((await send('resolve', 'no-such-key')).body.outcome).toBe('ignored');
  });

  it('refuses bad payloads with a 400 naming the field, unknown keys with 401, and never answers 5xx', async () => {
    const bad = await request(t.url)
      .post(ALERT_ROUTES.events)
      .send({
        routing_key: routingKey,
        event_action: 'trigger',
        payload: { source: 'x', severity: 'critical' },
      })
      .expect(400);
    expect(JSON.stringify(bad.body.message)).toContain('payload.summary');
    const severity = await trigger({ payload: { severity: 'apocalyptic' } }).expect(400);
    expect(JSON.stringify(severity.body.message)).toContain('payload.severity');
    await request(t.url)
      .post(ALERT_ROUTES.events)
      .set('content-type', 'application/json')
      .send('{"routing_key": ')
      .expect(400);
    await trigger({ dedup_key: 'x' }, '0'.repeat(32)).expect(401);
    await request(t.url).post(ALERT_ROUTES.events).send({ event_action: 'trigger' }).expect(400);
    await request(t.url)
      .post(ALERT_ROUTES.alertmanagerApi)
      .send([{ labels: {} }])
      .expect(400);
    await request(t.url).post(ALERT_ROUTES.alertmanagerApi).send([]).expect(401);
  });

  it('audits a refused API key on the ingest endpoints as auth_failed, as the rest of the API does', async () => {
    const before = await queryDb<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM audit_log
        WHERE action = 'auth_failed' AND details->>'credential' = 'api_key'`,
    );
    await request(t.url)
      .post(ALERT_ROUTES.alertmanagerApi)
      .set('Authorization', 'Bearer hyp_notakey_0123456789abcdef0123456789abcdef')
      .send([{ labels: { alertname: 'X' } }])
      .expect(401);
    const after = await queryDb<{ n: number }>(
      t,
      `SELECT count(*)::int AS n FROM audit_log
        WHERE action = 'auth_failed' AND details->>'credential' = 'api_key'`,
    );
    expect(after[0].n).toBeGreaterThan(before[0].n);
  });
});
