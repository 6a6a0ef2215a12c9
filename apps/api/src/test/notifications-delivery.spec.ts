import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { DeliverySummary, NotificationChannelDetails } from '@hyperion/contracts';
import { JOBS, NOTIFICATION_CHANNEL_ROUTES, QUEUES, WEBHOOK_HEADERS } from '@hyperion/contracts';
import { getQueueToken } from '@nestjs/bull';
import request from 'supertest';

import { adminToken, queryDb, startTestApp, TestApp } from './test-app';

/** What the receiver saw: every request's key, and the keys it processed (answered 2xx). */
interface Receiver {
  url: string;
  /** Idempotency keys in arrival order (one per request). */
  seen: string[];
  /** key → how many of its requests were accepted (2xx): 1 means delivered exactly once. */
  processed: Map<string, number>;
  close(): Promise<void>;
}

/**
 * A webhook peer on loopback. `answer(key, nth)` gives the status of the nth (1-based) request
 * carrying `key`.
 */
async function startReceiver(
  host: string,
  answer: (key: string, nth: number) => number,
): Promise<Receiver> {
  const seen: string[] = [];
  const processed = new Map<string, number>();
  const perKey = new Map<string, number>();
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const key = String(req.headers[WEBHOOK_HEADERS.idempotencyKey.toLowerCase()] ?? '');
      seen.push(key);
      const nth = (perKey.get(key) ?? 0) + 1;
      perKey.set(key, nth);
      const status = answer(key, nth);
      // Every accepted request counts: a key accepted twice would be a duplicate delivery.
      if (status >= 200 && status < 300) processed.set(key, (processed.get(key) ?? 0) + 1);
      res.writeHead(status, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${host}:${port}`,
    seen,
    processed,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const waitFor = async (what: string, check: () => boolean, ms = 15_000) => {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
};

describe('notification deliveries through the real app, to a real webhook receiver', () => {
  let t: TestApp;
  let auth: string;
  let privateReceiver: Receiver;

  beforeAll(async () => {
    t = await startTestApp({
      NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1',
      NOTIFICATION_ATTEMPTS: '3',
      NOTIFICATION_BACKOFF_MS: '50',
      NOTIFICATION_TIMEOUT_MS: '5000',
    });
    auth = `Bearer ${await adminToken(t)}`;
    privateReceiver = await startReceiver('127.0.0.2', () => 200);
  });

  afterAll(async () => {
    await privateReceiver?.close();
    await t?.close();
  });

  const createWebhook = (name: string, url: string) =>
    request(t.url)
      .post(NOTIFICATION_CHANNEL_ROUTES.collection)
      .set('Authorization', auth)
      .send({ name, kind: 'webhook', config: { url }, secrets: {} });

  const testSend = async (channelId: string): Promise<DeliverySummary> => {
    const res = await request(t.url)
      .post(NOTIFICATION_CHANNEL_ROUTES.test(channelId))
      .set('Authorization', auth)
      .expect(200);
    return res.body as DeliverySummary;
  };

  const attemptRows = (deliveryId: string) =>
    queryDb<{ attempt: number; status: string; http_status: number | null }>(
      t,
      `SELECT attempt, status, http_status FROM notification_delivery_attempt
        WHERE delivery_id = $1 ORDER BY attempt, id`,
      [deliveryId],
    );

  it('retries a peer answering 503 twice, then delivers once, with the same Idempotency-Key', async () => {
    const peer = await startReceiver('127.0.0.1', (_key, nth) => (nth <= 2 ? 503 : 200));
    try {
      const channel = (await createWebhook('flaky peer', `${peer.url}/hook`).expect(201))
        .body as NotificationChannelDetails;
      const delivery = await testSend(channel.id);

      expect(delivery.state).toBe('delivered');
      expect(peer.seen).toEqual([
        delivery.idempotencyKey,
        delivery.idempotencyKey,
        delivery.idempotencyKey,
      ]);
      expect([...peer.processed]).toEqual([[delivery.idempotencyKey, 1]]);
      expect(delivery.attempts.map((a) => [a.attempt, a.status, a.httpStatus])).toEqual([
        [1, 'failed', 503],
        [2, 'failed', 503],
        [3, 'delivered', 200],
      ]);
      expect(await attemptRows(delivery.id)).toEqual([
        { attempt: 1, status: 'failed', http_status: 503 },
        { attempt: 2, status: 'failed', http_status: 503 },
        { attempt: 3, status: 'delivered', http_status: 200 },
      ]);
      const stored = (
        await request(t.url)
          .get(NOTIFICATION_CHANNEL_ROUTES.item(channel.id))
          .set('Authorization', auth)
          .expect(200)
      ).body as NotificationChannelDetails;
      expect(stored.counters).toEqual({ delivered: 1, failed: 0 });
    } finally {
      await peer.close();
    }
  });

  it('fails a delivery after NOTIFICATION_ATTEMPTS attempts when the peer always answers 500', async () => {
    const peer = await startReceiver('127.0.0.1', () => 500);
    try {
      const channel = (await createWebhook('broken peer', `${peer.url}/hook`).expect(201))
        .body as NotificationChannelDetails;
      const delivery = await testSend(channel.id);

      expect(delivery.state).toBe('failed');
      expect(delivery.finishedAt).toEqual(expect.any(String));
      expect(delivery.attempts.map((a) => [a.attempt, a.status, a.httpStatus])).toEqual([
        [1, 'failed', 500],
        [2, 'failed', 500],
        [3, 'failed', 500],
      ]);
      expect(peer.seen).toHaveLength(3);
      // Nothing more arrives once it failed.
      await new Promise((r) => setTimeout(r, 400));
      expect(peer.seen).toHaveLength(3);
      const failed = (
        await request(t.url)
          .get(NOTIFICATION_CHANNEL_ROUTES.deliveries)
          .query({ state: 'failed', channelId: channel.id })
          .set('Authorization', auth)
          .expect(200)
      ).body as DeliverySummary[];
      expect(failed.map((d) => d.id)).toEqual([delivery.id]);
    } finally {
      await peer.close();
    }
  });

  it('refuses at creation a webhook to 127.0.0.2, which is not allowlisted, and sends nothing', async () => {
    const res = await createWebhook('private peer', `${privateReceiver.url}/hook`).expect(400);

    expect(JSON.stringify(res.body.message)).toContain('config.url');
    const channels = (
      await request(t.url)
        .get(NOTIFICATION_CHANNEL_ROUTES.collection)
        .set('Authorization', auth)
        .expect(200)
    ).body as NotificationChannelDetails[];
    expect(channels.map((c) => c.name)).not.toContain('private peer');
    await new Promise((r) => setTimeout(r, 200));
    expect(privateReceiver.seen).toEqual([]);
  });

  it('answers a test send with the delivered receipt, and lists it newest first', async () => {
    const peer = await startReceiver('127.0.0.1', () => 200);
    try {
      const channel = (await createWebhook('healthy peer', `${peer.url}/hook`).expect(201))
        .body as NotificationChannelDetails;
      const first = await testSend(channel.id);
      const second = await testSend(channel.id);

      expect(second).toEqual({
        id: expect.any(String),
        channelId: channel.id,
        channelName: 'healthy peer',
        kind: 'webhook',
        recipient: new URL(peer.url).host,
        title: 'Test notification from Hyperion (healthy peer)',
        state: 'delivered',
        idempotencyKey: expect.any(String),
        attempts: [
          {
            attempt: 1,
            status: 'delivered',
            provider: 'webhook',
            httpStatus: 200,
            latencyMs: expect.any(Number),
            at: expect.any(String),
          },
        ],
        createdAt: expect.any(String),
        finishedAt: expect.any(String),
      });
      const listed = (
        await request(t.url)
          .get(NOTIFICATION_CHANNEL_ROUTES.deliveries)
          .query({ channelId: channel.id, limit: 10 })
          .set('Authorization', auth)
          .expect(200)
      ).body as DeliverySummary[];
      expect(listed.map((d) => d.id)).toEqual([second.id, first.id]);
      await request(t.url)
        .get(NOTIFICATION_CHANNEL_ROUTES.deliveries)
        .query({ limit: 201 })
        .set('Authorization', auth)
        .expect(400)
        .expect((r) =>
          expect(JSON.stringify(r.body.message)).toContain(
            'limit must be an integer between 1 and 200',
          ),
        );
      const audit = await queryDb<{ action: string }>(
        t,
        `SELECT action FROM audit_log WHERE target = $1 ORDER BY id`,
        [`notification_channel:${channel.id}`],
      );
      expect(audit.map((a) => a.action)).toEqual([
        'notification_channel_created',
        'notification_channel_tested',
        'notification_channel_tested',
      ]);
    } finally {
      await peer.close();
    }
  });

  it('answers one delivery by id with its attempts, and 404 for an unknown one', async () => {
    const peer = await startReceiver('127.0.0.1', () => 200);
    try {
      const channel = (await createWebhook('by id', `${peer.url}/hook`).expect(201))
        .body as NotificationChannelDetails;
      const sent = await testSend(channel.id);
      const one = await request(t.url)
        .get(NOTIFICATION_CHANNEL_ROUTES.delivery(sent.id))
        .set('Authorization', auth)
        .expect(200);
      expect(one.body).toEqual(sent);
      await request(t.url)
        .get(NOTIFICATION_CHANNEL_ROUTES.delivery('00000000-0000-4000-8000-000000000000'))
        .set('Authorization', auth)
        .expect(404);
      await request(t.url)
        .get(NOTIFICATION_CHANNEL_ROUTES.delivery('nope'))
        .set('Authorization', auth)
        .expect(400);
    } finally {
      await peer.close();
    }
  });

  it('delivers 50 parallel test sends, each received exactly once', async () => {
    const peer = await startReceiver('127.0.0.1', () => 200);
    try {
      const channel = (await createWebhook('busy peer', `${peer.url}/hook`).expect(201))
        .body as NotificationChannelDetails;
      const deliveries = await Promise.all(Array.from({ length: 50 }, () => testSend(channel.id)));

      expect(new Set(deliveries.map((d) => d.id)).size).toBe(50);
      expect(deliveries.every((d) => d.state === 'delivered')).toBe(true);
      await waitFor('50 requests', () => peer.seen.length >= 50);
      await new Promise((r) => setTimeout(r, 300));
      expect(peer.seen).toHaveLength(50);
      expect(new Set(peer.seen)).toEqual(new Set(deliveries.map((d) => d.idempotencyKey)));
      expect([...peer.processed.values()].every((n) => n === 1)).toBe(true);
      expect(peer.processed.size).toBe(50);
    } finally {
      await peer.close();
    }
  });

  it('sends one message to 300 recipients in batches: each once, retried ones too, one audit row', async () => {
    // A tenth of the keys are refused once (503), then accepted.
    const peer = await startReceiver('127.0.0.1', (key, nth) =>
      nth === 1 && Number.parseInt(key.slice(-1), 10) === 7 ? 503 : 200,
    );
    try {
      const channel = (await createWebhook('announcements', `${peer.url}/hook`).expect(201))
        .body as NotificationChannelDetails;
      const recipients = Array.from({ length: 300 }, (_, i) => `team-${i}@example.com`);
      const body = {
        title: 'Maintenance at 22:00',
        severity: 'info',
        recipients,
        idempotencyKey: 'maintenance-2026-12-07',
      };
      const sent = await request(t.url)
        .post(NOTIFICATION_CHANNEL_ROUTES.send(channel.id))
        .set('Authorization', auth)
        .send(body)
        .expect(202);
      const ids = sent.body.deliveryIds as string[];
      expect(new Set(ids).size).toBe(300);

      await waitFor('300 accepted', () => peer.processed.size === 300, 30_000);
      await new Promise((r) => setTimeout(r, 300));
      expect([...peer.processed.values()].every((n) => n === 1)).toBe(true);
      const retried = peer.seen.length - 300;
      expect(retried).toBeGreaterThan(0);
      expect(new Set(peer.seen).size).toBe(300);

      // The same request again sends nothing and answers the same deliveries.
      const again = await request(t.url)
        .post(NOTIFICATION_CHANNEL_ROUTES.send(channel.id))
        .set('Authorization', auth)
        .send(body)
        .expect(202);
      expect(again.body.deliveryIds).toEqual(ids);
      const rows = await queryDb<{ state: string; n: string }>(
        t,
        `SELECT state, count(*)::text AS n FROM notification_delivery
          WHERE channel_id = $1 GROUP BY state`,
        [channel.id],
      );
      expect(rows).toEqual([{ state: 'delivered', n: '300' }]);
      const attempts = await queryDb<{ n: string }>(
        t,
        `SELECT count(*)::text AS n FROM notification_delivery_attempt a
           JOIN notification_delivery d ON d.id = a.delivery_id WHERE d.channel_id = $1`,
        [channel.id],
      );
      expect(Number(attempts[0].n)).toBe(300 + retried);
      const stored = (
        await request(t.url)
          .get(NOTIFICATION_CHANNEL_ROUTES.item(channel.id))
          .set('Authorization', auth)
          .expect(200)
      ).body as NotificationChannelDetails;
      expect(stored.counters).toEqual({ delivered: 300, failed: 0 });
      const audit = await queryDb<{ details: { deliveries: number } }>(
        t,
        `SELECT details FROM audit_log WHERE action = 'notification_sent' AND target = $1`,
        [`notification_channel:${channel.id}`],
      );
      expect(audit.map((a) => a.details.deliveries)).toEqual([300]);
    } finally {
      await peer.close();
    }
  });

  it('still runs a job queued before deliveries were batched ({ deliveryId })', async () => {
    const peer = await startReceiver('127.0.0.1', () => 200);
    try {
      const channel = (await createWebhook('upgraded', `${peer.url}/hook`).expect(201))
        .body as NotificationChannelDetails;
      const [row] = await queryDb<{ id: string; organization_id: string }>(
        t,
        `INSERT INTO notification_delivery
           (organization_id, channel_id, recipient, title, message, idempotency_key)
         SELECT organization_id, id, NULL, 'Old job', $2::jsonb, 'old-job-1'
           FROM notification_channel WHERE id = $1
         RETURNING id, organization_id`,
        [
          channel.id,
          JSON.stringify({
            title: 'Old job',
            summary: '',
            severity: 'info',
            service: 'x',
            status: 'test',
            timestamp: new Date().toISOString(),
          }),
        ],
      );
      const queue = t.app.get<{ add(name: string, data: object): Promise<unknown> }>(
        getQueueToken(QUEUES.notificationDelivery),
        { strict: false },
      );
      await queue.add(JOBS.deliverNotification, {
        deliveryId: row.id,
        organizationId: row.organization_id,
      });
      await waitFor('the old job', () => peer.processed.get('old-job-1') === 1);
    } finally {
      await peer.close();
    }
  });

  it('refuses a send with bad recipients or no title, naming the field', async () => {
    const peer = await startReceiver('127.0.0.1', () => 200);
    try {
      const channel = (await createWebhook('strict', `${peer.url}/hook`).expect(201))
        .body as NotificationChannelDetails;
      const send = (body: object) =>
        request(t.url)
          .post(NOTIFICATION_CHANNEL_ROUTES.send(channel.id))
          .set('Authorization', auth)
          .send(body);
      const tooMany = await send({
        title: 'x',
        severity: 'info',
        recipients: Array.from({ length: 1001 }, (_, i) => `r${i}`),
      });
      expect(tooMany.status).toBe(400);
      expect(JSON.stringify(tooMany.body)).toContain('recipients: a list of at most 1000');
      const empty = await send({ title: 'x', severity: 'info', recipients: [''] });
      expect(empty.status).toBe(400);
      const untitled = await send({ severity: 'info' });
      expect(untitled.status).toBe(400);
      expect(JSON.stringify(untitled.body)).toContain('title: 1 to 512 characters');
      expect(peer.seen).toHaveLength(0);
    } finally {
      await peer.close();
    }
  });
});
