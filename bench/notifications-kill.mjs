#!/usr/bin/env node
// bench/notifications-kill: nothing is lost when the server dies between two attempts of a
// delivery. Starts the built server, creates a webhook channel to a local receiver that answers
// 503 to the first request of each key and 200 after, sends a test notification, SIGKILLs the
// server while the retry waits in Bull (delayed, in Redis), restarts it on the same database,
// data directory and Redis prefix, and shows the receiver accepted the message exactly once.
//
//   npm run build && node bench/notifications-kill.mjs
//
// Needs PostgreSQL (BENCH_DATABASE_URL, a scratch database is created and dropped) and Redis.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import pg from 'pg';

const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'bench-admin-password-2026';
const BACKOFF_MS = 4000;
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const log = (line) => console.log(`[${new Date().toISOString().slice(11, 23)}] ${line}`);

async function sql(url, text, params = []) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, params)).rows;
  } finally {
    await client.end();
  }
}

async function until(what, check, ms) {
  const deadline = Date.now() + ms;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

if (!existsSync('dist/apps/api/main.js')) {
  throw new Error('dist/apps/api/main.js is missing: run `npm run build` first');
}

// The receiver: per Idempotency-Key, 503 first, 200 after; counts what it accepted.
const requests = [];
const accepted = new Map();
const receiver = createServer((req, res) => {
  req.resume();
  req.on('end', () => {
    const key = String(req.headers['idempotency-key'] ?? '');
    const nth = requests.filter((r) => r.key === key).length + 1;
    const status = nth === 1 ? 503 : 200;
    requests.push({ key, status, at: Date.now() });
    if (status === 200) accepted.set(key, (accepted.get(key) ?? 0) + 1);
    log(`receiver: request ${nth} for key ${key} → ${status}`);
    res.writeHead(status).end();
  });
});
await new Promise((r) => receiver.listen(0, '127.0.0.1', r));

const id = randomBytes(3).toString('hex');
const database = `hyperion_bench_${id}`;
const dataDir = mkdtempSync(join(tmpdir(), 'hyperion-bench-'));
const port = await new Promise((resolve) => {
  const s = createNetServer().listen(0, '127.0.0.1', () => {
    const p = s.address().port;
    s.close(() => resolve(p));
  });
});
const base = `http://127.0.0.1:${port}`;
const dbUrl = new URL(ADMIN_URL);
dbUrl.pathname = `/${database}`;
await sql(ADMIN_URL, `CREATE DATABASE "${database}"`);

// The same environment for both lives of the server: database, data directory, Redis prefix.
const env = {
  ...process.env,
  NODE_ENV: 'production',
  PORT: String(port),
  DATABASE_URL: dbUrl.toString(),
  REDIS_URL,
  REDIS_PREFIX: `bench:${id}`,
  DATA_DIR: dataDir,
  ADMIN_PASSWORD: PASSWORD,
  LOG_LEVEL: 'warn',
  AUTH_RATE_LIMIT: '10000',
  NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1',
  NOTIFICATION_BACKOFF_MS: String(BACKOFF_MS),
};

let server;
async function start(life) {
  server = spawn(process.execPath, ['dist/apps/api/main.js'], {
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  await until(
    'the server to answer /health',
    () =>
      fetch(`${base}/health`).then(
        (r) => r.status === 200,
        () => false,
      ),
    60_000,
  );
  log(`server ${life} up (pid ${server.pid})`);
}

let failed = false;
try {
  await start('1');
  const post = async (path, token, body) => {
    const res = await fetch(`${base}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (res.status >= 300)
      throw new Error(`POST ${path} answered ${res.status}: ${await res.text()}`);
    return res.json();
  };
  const { accessToken } = await post('/api/v1/auth/login', null, {
    username: 'admin',
    password: PASSWORD,
  });
  const channel = await post('/api/v1/notification-channels', accessToken, {
    name: 'kill receiver',
    kind: 'webhook',
    config: { url: `http://127.0.0.1:${receiver.address().port}/hook` },
    secrets: {},
  });
  log(`channel ${channel.id} created; sending a test notification`);
  // Its answer never comes: the server dies while it waits.
  post(`/api/v1/notification-channels/${channel.id}/test`, accessToken).catch(() => undefined);

  await until('the first attempt', () => requests.length >= 1, 15_000);
  // The attempt row commits and Bull moves the job to its delayed set.
  await until(
    'the first attempt to be recorded',
    async () =>
      (await sql(dbUrl.toString(), `SELECT attempts_made FROM notification_delivery`))[0]
        ?.attempts_made === 1,
    5000,
  );
  await sleep(300);
  server.kill('SIGKILL');
  await new Promise((r) => server.once('exit', r));
  const [pending] = await sql(
    dbUrl.toString(),
    `SELECT id, state, attempts_made, idempotency_key FROM notification_delivery`,
  );
  log(`SIGKILL sent; the delivery is ${pending.state} after ${pending.attempts_made} attempt(s)`);

  await start('2 (same database, data directory and Redis prefix)');
  await until('the retry to be accepted', () => accepted.size >= 1, BACKOFF_MS * 4 + 30_000);
  // Anything sent twice would arrive now.
  await sleep(3000);

  const [final] = await sql(
    dbUrl.toString(),
    `SELECT state, attempts_made, finished_at IS NOT NULL AS finished FROM notification_delivery`,
  );
  const attempts = await sql(
    dbUrl.toString(),
    `SELECT attempt, status, http_status FROM notification_delivery_attempt ORDER BY attempt, id`,
  );
  const key = pending.idempotency_key;
  const summary = [
    `idempotency key: ${key}`,
    `receiver requests: ${requests.map((r) => `${r.status}`).join(', ')} (all with this key: ${requests.every((r) => r.key === key)})`,
    `receiver accepted it: ${accepted.get(key) ?? 0} time(s)`,
    `delivery: ${final.state}, ${final.attempts_made} attempts, finished: ${final.finished}`,
    `attempt rows: ${attempts.map((a) => `#${a.attempt} ${a.status} ${a.http_status}`).join('; ')}`,
  ];
  console.log(summary.join('\n'));
  failed = accepted.get(key) !== 1 || accepted.size !== 1 || final.state !== 'delivered';
  console.log(failed ? 'FAILED: not exactly once' : 'OK: delivered exactly once across a SIGKILL');
} catch (error) {
  failed = true;
  console.error(error);
} finally {
  if (server && server.exitCode === null && server.signalCode === null) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  receiver.close();
  await sql(ADMIN_URL, `DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await sql(ADMIN_URL, `DROP ROLE IF EXISTS "${database}_app"`);
  rmSync(dataDir, { recursive: true, force: true });
  process.exitCode = failed ? 1 : 0;
}
