#!/usr/bin/env node
// bench/auth-hot-path: throughput of authenticated GETs (an access token on /auth/me and
// /auth/whoami, an API key on /auth/whoami) as a ratio of `GET /health/redis` measured in the
// same run against the same server. Target (organisations issue): >= 0.5 for both credentials.
//
//   npm run build && node bench/auth-hot-path.mjs        (DURATION=10 CONNECTIONS=32)
//
// Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres:
// a scratch database is created and dropped) and Redis (REDIS_URL, default local).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import autocannon from 'autocannon';
import pg from 'pg';

const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const PASSWORD = 'bench-admin-password-2026';

const freePort = () =>
  new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

async function onServer(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

const run = (url, headers) =>
  new Promise((resolve, reject) => {
    autocannon({ url, headers, connections: CONNECTIONS, duration: DURATION }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });

function figures(name, r) {
  const ok = r['2xx'];
  if (r.non2xx > 0 || r.errors > 0) {
    throw new Error(`${name}: ${r.non2xx} non-2xx answers and ${r.errors} errors`);
  }
  return { name, rps: Math.round(r.requests.average), p50: r.latency.p50, p99: r.latency.p99, ok };
}

const id = randomBytes(3).toString('hex');
const database = `hyperion_bench_${id}`;
const dataDir = mkdtempSync(join(tmpdir(), 'hyperion-bench-'));
await onServer(`CREATE DATABASE "${database}"`);
const port = await freePort();
const base = `http://127.0.0.1:${port}`;
const dbUrl = new URL(ADMIN_URL);
dbUrl.pathname = `/${database}`;
const server = spawn(process.execPath, ['dist/apps/api/main.js'], {
  env: {
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
  },
  stdio: ['ignore', 'inherit', 'inherit'],
});

try {
  for (let i = 0; ; i++) {
    const ok = await fetch(`${base}/health`).then(
      (r) => r.status === 200,
      () => false,
    );
    if (ok) break;
    if (i > 120) throw new Error('the server did not become healthy in 60 s');
    await new Promise((r) => setTimeout(r, 500));
  }
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: PASSWORD }),
  }).then((r) => r.json());
  const bearer = { authorization: `Bearer ${login.accessToken}` };
  const key = await fetch(`${base}/api/v1/api-keys`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...bearer },
    body: JSON.stringify({ name: 'bench', permissions: ['monitoring:read'] }),
  }).then((r) => r.json());
  const apiKey = { 'x-api-key': key.key };

  // Warm-up, then the anchor before and after the authenticated runs (the mean is the anchor).
  await run(`${base}/health/redis`, {});
  const results = [];
  results.push(
    figures('GET /health/redis (anchor, before)', await run(`${base}/health/redis`, {})),
  );
  results.push(figures('GET /api/v1/auth/me (JWT)', await run(`${base}/api/v1/auth/me`, bearer)));
  results.push(
    figures('GET /api/v1/auth/whoami (JWT)', await run(`${base}/api/v1/auth/whoami`, bearer)),
  );
  results.push(
    figures('GET /api/v1/auth/whoami (API key)', await run(`${base}/api/v1/auth/whoami`, apiKey)),
  );
  results.push(figures('GET /health/redis (anchor, after)', await run(`${base}/health/redis`, {})));
  const anchor = (results[0].rps + results[4].rps) / 2;
  console.log(
    `\nauth-hot-path: ${CONNECTIONS} connections, ${DURATION} s each, anchor ${Math.round(anchor)} req/s`,
  );
  console.log('| request | req/s | p50 ms | p99 ms | ratio to /health/redis |');
  console.log('| --- | ---: | ---: | ---: | ---: |');
  for (const r of results) {
    console.log(`| ${r.name} | ${r.rps} | ${r.p50} | ${r.p99} | ${(r.rps / anchor).toFixed(2)} |`);
  }
  const jwt = results[1].rps / anchor;
  const keyRatio = results[3].rps / anchor;
  const pass = jwt >= 0.5 && keyRatio >= 0.5;
  console.log(
    `\nJWT (/auth/me) ${jwt.toFixed(2)}, API key ${keyRatio.toFixed(2)}: target >= 0.5 ${pass ? 'met' : 'NOT met'}`,
  );
  process.exitCode = pass ? 0 : 1;
} finally {
  server.kill('SIGTERM');
  await new Promise((r) => server.once('exit', r));
  await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  await onServer(`DROP ROLE IF EXISTS "${database}_app"`);
  rmSync(dataDir, { recursive: true, force: true });
}
