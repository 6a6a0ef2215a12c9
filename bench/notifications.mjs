#!/usr/bin/env node
// bench/notifications: deliveries per second through the whole pipeline (API → unit of work →
// outbox → Bull → webhook transport → receipts and counters) to a local webhook receiver that
// answers 503 to 10 % of first attempts (then 200, after the back-off). The deliveries are sent
// as an alert storm sends them: `POST /notification-channels/:id/send` with BATCH recipients per
// request (one audited unit of work each), CONCURRENCY requests in flight. The clock runs from
// the first request until the receiver has accepted every delivery; the receiver counts every
// accepted request by Idempotency-Key (none lost, none twice) and the channel's counters must
// say DELIVERIES delivered, 0 failed.
//
//   npm run build && node bench/notifications.mjs   (DELIVERIES=20000 BATCH=500 CONCURRENCY=4)
//
// Needs PostgreSQL (BENCH_DATABASE_URL, a scratch database is created and dropped) and Redis.
import { Agent, createServer, request } from 'node:http';

import { BENCH_ADMIN_PASSWORD, startBenchServer } from './lib/bench-server.mjs';

const DELIVERIES = Number(process.env.DELIVERIES ?? 20000);
const BATCH = Number(process.env.BATCH ?? 500);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 4);
const FAIL_SHARE = 0.1;
const BACKOFF_MS = Number(process.env.NOTIFICATION_BACKOFF_MS ?? 100);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY + 10 });

// The receiver: 10 % of keys (chosen on first sight) get one 503 first.
const seen = new Map(); // key → requests
const accepted = new Map(); // key → 2xx answers
let failedFirst = 0;
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const key = String(req.headers['idempotency-key'] ?? '');
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    if (n === 1 && Math.random() < FAIL_SHARE) {
      failedFirst++;
      res.writeHead(503).end();
      return;
    }
    accepted.set(key, (accepted.get(key) ?? 0) + 1);
    res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
const receiverUrl = `http://127.0.0.1:${receiver.address().port}/hook`;

const server = await startBenchServer({
  NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1',
  NOTIFICATION_BACKOFF_MS: String(BACKOFF_MS),
});
try {
  const json = (method, path, token, body) =>
    new Promise((resolve, reject) => {
      const payload = body === undefined ? '' : JSON.stringify(body);
      const req = request(
        `${server.base}${path}`,
        {
          method,
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(payload),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
        },
        (res) => {
          const chunks = [];
          res.on('data', (c) => chunks.push(c));
          res.on('end', () => {
            const text = Buffer.concat(chunks).toString('utf8');
            if (res.statusCode >= 300) {
              reject(new Error(`${method} ${path} answered ${res.statusCode}: ${text}`));
            } else {
              resolve(text ? JSON.parse(text) : undefined);
            }
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });
  const { accessToken } = await json('POST', '/api/v1/auth/login', null, {
    username: 'admin',
    password: BENCH_ADMIN_PASSWORD,
  });
  const channel = await json('POST', '/api/v1/notification-channels', accessToken, {
    name: 'bench receiver',
    kind: 'webhook',
    config: { url: receiverUrl },
    secrets: {},
  });

  const keys = new Set();
  let next = 0;
  const started = performance.now();
  let lastAccepted = started;
  const sender = async () => {
    while (next < DELIVERIES) {
      const from = next;
      next = Math.min(DELIVERIES, next + BATCH);
      const recipients = Array.from({ length: next - from }, (_, i) => `bench-${from + i}`);
      const { deliveryIds } = await json(
        'POST',
        `/api/v1/notification-channels/${channel.id}/send`,
        accessToken,
        { title: 'Bench storm', severity: 'warning', recipients, idempotencyKey: `bench-${from}` },
      );
      for (let i = 0; i < recipients.length; i++) keys.add(`bench-${from}:${i}`);
      if (deliveryIds.length !== recipients.length) throw new Error('a delivery id is missing');
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, sender));
  const queuedSeconds = (performance.now() - started) / 1000;
  // Until every delivery is accepted (or 120 s without progress).
  let progress = accepted.size;
  while (accepted.size < DELIVERIES && performance.now() - lastAccepted < 120_000) {
    await sleep(20);
    if (accepted.size !== progress) {
      progress = accepted.size;
      lastAccepted = performance.now();
    }
  }
  const seconds = (lastAccepted - started) / 1000;
  // Late duplicates would show up here.
  await sleep(1000);
  const stored = await json('GET', `/api/v1/notification-channels/${channel.id}`, accessToken);

  const twice = [...accepted.values()].filter((n) => n > 1).length;
  const lost = [...keys].filter((k) => !accepted.has(k)).length;
  const lines = [
    `deliveries: ${DELIVERIES} (${BATCH} per request, ${CONCURRENCY} requests in flight, NOTIFICATION_BACKOFF_MS=${BACKOFF_MS})`,
    `first attempts answered 503: ${failedFirst} (${((100 * failedFirst) / DELIVERIES).toFixed(1)} %)`,
    `all queued after ${queuedSeconds.toFixed(2)} s`,
    `channel counters: delivered ${stored.counters.delivered}, failed ${stored.counters.failed}`,
    `receiver: ${[...seen.values()].reduce((a, b) => a + b, 0)} requests, ${accepted.size} distinct keys accepted`,
    `lost: ${lost}, delivered twice: ${twice}`,
    `time: ${seconds.toFixed(2)} s → ${(DELIVERIES / seconds).toFixed(0)} deliveries/s (first request to last delivery accepted)`,
  ];
  console.log(lines.join('\n'));
  if (lost > 0 || twice > 0 || stored.counters.delivered !== DELIVERIES) process.exitCode = 1;
} finally {
  await server.stop();
  agent.destroy();
  receiver.close();
}
