#!/usr/bin/env node
// bench/notifications: deliveries per second through the whole pipeline (API → unit of work →
// outbox → Bull → webhook transport → receipts) to a local webhook receiver that answers 503 to
// 10 % of first attempts (then 200). Each delivery is a `POST /notification-channels/:id/test`;
// the receiver counts every accepted request by Idempotency-Key: none lost, none twice.
//
//   npm run build && node bench/notifications.mjs          (DELIVERIES=5000 CONCURRENCY=200)
//
// Needs PostgreSQL (BENCH_DATABASE_URL, a scratch database is created and dropped) and Redis.
import { Agent, createServer, request } from 'node:http';

import { BENCH_ADMIN_PASSWORD, startBenchServer } from './lib/bench-server.mjs';

const DELIVERIES = Number(process.env.DELIVERIES ?? 5000);
const CONCURRENCY = Number(process.env.CONCURRENCY ?? 200);
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

  const states = { delivered: 0, failed: 0, pending: 0 };
  const keys = new Set();
  let next = 0;
  const started = performance.now();
  const worker = async () => {
    while (next < DELIVERIES) {
      next++;
      const d = await json('POST', `/api/v1/notification-channels/${channel.id}/test`, accessToken);
      states[d.state]++;
      keys.add(d.idempotencyKey);
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  const seconds = (performance.now() - started) / 1000;
  // Late duplicates would show up here.
  await sleep(1000);

  const twice = [...accepted.values()].filter((n) => n > 1).length;
  const lost = [...keys].filter((k) => !accepted.has(k)).length;
  const lines = [
    `deliveries: ${DELIVERIES} (concurrency ${CONCURRENCY}, NOTIFICATION_BACKOFF_MS=${BACKOFF_MS})`,
    `first attempts answered 503: ${failedFirst} (${((100 * failedFirst) / DELIVERIES).toFixed(1)} %)`,
    `states: delivered ${states.delivered}, failed ${states.failed}, pending ${states.pending}`,
    `receiver: ${[...seen.values()].reduce((a, b) => a + b, 0)} requests, ${accepted.size} distinct keys accepted`,
    `lost: ${lost}, delivered twice: ${twice}`,
    `time: ${seconds.toFixed(2)} s → ${(DELIVERIES / seconds).toFixed(0)} deliveries/s (end to end, each awaited until final)`,
  ];
  console.log(lines.join('\n'));
  if (lost > 0 || twice > 0 || states.delivered !== DELIVERIES) process.exitCode = 1;
} finally {
  await server.stop();
  agent.destroy();
  receiver.close();
}
