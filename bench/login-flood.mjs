#!/usr/bin/env node
// bench/login-flood: 100 parallel bogus logins (unknown usernames, from ten loopback source
// addresses 127.0.0.2-11, each far under the per-IP rate limit) against the built server, while
// `GET /health` is probed every 20 ms and a real login (the admin, retrying on 503 after
// Retry-After) is made during the flood. Target (hardening issue): /health under 100 ms and the
// real login succeeds; beyond HASH_CONCURRENCY + HASH_QUEUE the logins are refused with 503 at once.
//
//   npm run build && node bench/login-flood.mjs        (FLOOD=100 ROUNDS=3)
//
// Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres:
// a scratch database is created and dropped) and Redis (REDIS_URL, default local).
import { request } from 'node:http';

import { BENCH_ADMIN_PASSWORD, startBenchServer } from './lib/bench-server.mjs';

const FLOOD = Number(process.env.FLOOD ?? 100);
const ROUNDS = Number(process.env.ROUNDS ?? 3);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** One request on a connection of its own, from `localAddress`; resolves { status, headers, ms }. */
function send(base, method, path, body, localAddress) {
  const url = new URL(path, base);
  const payload = body === undefined ? undefined : JSON.stringify(body);
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method,
        localAddress,
        agent: false,
        timeout: 30_000,
        headers: payload
          ? { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }
          : {},
      },
      (res) => {
        res.resume();
        res.on('end', () =>
          resolve({
            status: res.statusCode,
            headers: res.headers,
            ms: performance.now() - started,
          }),
        );
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${method} ${path} timed out`)));
    req.on('error', reject);
    req.end(payload);
  });
}

const percentile = (sorted, p) =>
  sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

async function round(base, n) {
  const health = [];
  let flooding = true;
  const probe = (async () => {
    for (let i = 0; i < 5000 && flooding; i++) {
      const r = await send(base, 'GET', '/health');
      if (r.status !== 200) throw new Error(`/health answered ${r.status} during the flood`);
      health.push(r.ms);
      await sleep(20);
    }
  })();
  await sleep(100);
  const started = performance.now();
  const flood = Promise.all(
    Array.from({ length: FLOOD }, (_, i) =>
      send(
        base,
        'POST',
        '/api/v1/auth/login',
        {
          username: `flood-${n}-${i}-${Math.random().toString(36).slice(2)}`,
          password: `nope-${i}`,
        },
        `127.0.0.${(i % 10) + 2}`,
      ),
    ),
  );
  const real = (async () => {
    await sleep(20);
    for (let attempt = 1; attempt <= 50; attempt++) {
      const r = await send(base, 'POST', '/api/v1/auth/login', {
        username: 'admin',
        password: BENCH_ADMIN_PASSWORD,
      });
      if (r.status !== 503) return { ...r, attempt, sinceStart: performance.now() - started };
      await sleep(Number(r.headers['retry-after'] ?? 1) * 250);
    }
    throw new Error('the real login got 503 fifty times');
  })();
  const answers = await flood;
  const floodMs = performance.now() - started;
  const login = await real;
  await sleep(200);
  flooding = false;
  await probe;

  const statuses = {};
  for (const a of answers) statuses[a.status] = (statuses[a.status] ?? 0) + 1;
  const refused = answers
    .filter((a) => a.status === 503)
    .map((a) => a.ms)
    .sort((x, y) => x - y);
  const sorted = [...health].sort((x, y) => x - y);
  return {
    statuses,
    floodMs,
    refusedP50: refused.length ? percentile(refused, 0.5) : NaN,
    healthProbes: sorted.length,
    healthP50: percentile(sorted, 0.5),
    healthP99: percentile(sorted, 0.99),
    healthMax: sorted[sorted.length - 1],
    loginStatus: login.status,
    loginAttempts: login.attempt,
    loginMs: login.sinceStart,
  };
}

const { base, stop } = await startBenchServer();

try {
  // Warm-up: one real login (the dummy hash, the pools).
  await send(base, 'POST', '/api/v1/auth/login', {
    username: 'admin',
    password: BENCH_ADMIN_PASSWORD,
  });
  const results = [];
  for (let n = 1; n <= ROUNDS; n++) results.push(await round(base, n));

  console.log(`\nlogin-flood: ${FLOOD} parallel bogus logins from 127.0.0.2-11, ${ROUNDS} rounds`);
  console.log(
    '| round | answers | flood ms | 503 p50 ms | /health probes | p50 ms | p99 ms | max ms | real login |',
  );
  console.log('| ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |');
  results.forEach((r, i) => {
    const answers = Object.entries(r.statuses)
      .map(([s, c]) => `${c}× ${s}`)
      .join(', ');
    console.log(
      `| ${i + 1} | ${answers} | ${r.floodMs.toFixed(0)} | ${r.refusedP50.toFixed(0)} | ${r.healthProbes} | ` +
        `${r.healthP50.toFixed(1)} | ${r.healthP99.toFixed(1)} | ${r.healthMax.toFixed(1)} | ` +
        `${r.loginStatus} after ${r.loginAttempts} attempt(s), ${r.loginMs.toFixed(0)} ms |`,
    );
  });
  const worst = Math.max(...results.map((r) => r.healthMax));
  const loggedIn = results.every((r) => r.loginStatus === 200);
  const pass = worst < 100 && loggedIn;
  console.log(
    `\n/health max ${worst.toFixed(1)} ms, real login ${loggedIn ? 'succeeded' : 'FAILED'}: target (< 100 ms, login succeeds) ${pass ? 'met' : 'NOT met'}`,
  );
  process.exitCode = pass ? 0 : 1;
} finally {
  await stop();
}
