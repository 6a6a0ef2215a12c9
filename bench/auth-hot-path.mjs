#!/usr/bin/env node
// bench/auth-hot-path: throughput of authenticated GETs (an access token on /auth/me and
// /auth/whoami, an API key on /auth/whoami) as a ratio of `GET /health/redis` measured in the
// same run against the same server. Target (organisations issue): >= 0.5 for both credentials.
//
//   npm run build && node bench/auth-hot-path.mjs        (DURATION=10 CONNECTIONS=32)
//
// Needs PostgreSQL (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres:
// a scratch database is created and dropped) and Redis (REDIS_URL, default local).
import autocannon from 'autocannon';

import { BENCH_ADMIN_PASSWORD, startBenchServer } from './lib/bench-server.mjs';

const DURATION = Number(process.env.DURATION ?? 10);
const CONNECTIONS = Number(process.env.CONNECTIONS ?? 32);

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

const { base, stop } = await startBenchServer();

try {
  const login = await fetch(`${base}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: BENCH_ADMIN_PASSWORD }),
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
  await stop();
}
