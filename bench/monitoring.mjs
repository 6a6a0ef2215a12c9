// Monitoring at scale (issue 11, done-means 6), against the built server (`npm run build` first):
//
//  (a) MONITORS monitors (default 5,000) at a 60 s interval against local HTTP targets, with
//      ALERTS alerts (default 100,000) stored, while console clients ask for monitor lists
//      (paged, filtered), monitor details and results, alert lists, the host list and a host's
//      dashboard range: p95 of every console request (target < 300 ms) and missed checks (a
//      monitor whose target saw a gap longer than its interval + 15 s, or no check at all).
//  (b) SOCKETS Socket.IO clients (default 1,000) following one host's live samples: sample
//      (its `at`) to client receipt, p50 / p99 (target p99 < 100 ms).
//  (c) the collector's CPU: the server's CPU time over COLLECT_SECONDS with no host, then with
//      one local host sampled every 15 s; the difference, as a share of one core (target < 2 %).
//
// ONLY=a,b,c picks phases; DURATION (seconds of measured load in (a), default 180, after a
// warm-up of one interval). Prints a Markdown table (copied into the README).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';

import { io } from 'socket.io-client';

import { BENCH_ADMIN_PASSWORD, startBenchServer } from './lib/bench-server.mjs';

const ONLY = new Set((process.env.ONLY ?? 'a,b,c').split(','));
const MONITORS = Number(process.env.MONITORS ?? 5_000);
const ALERTS = Number(process.env.ALERTS ?? 100_000);
const SOCKETS = Number(process.env.SOCKETS ?? 1_000);
const DURATION = Number(process.env.DURATION ?? 180);
const INTERVAL = 60;
const COLLECT_SECONDS = Number(process.env.COLLECT_SECONDS ?? 120);
const log = (line) => console.error(`[bench] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const rows = [];
const fmt = (n, d = 0) =>
  n === null || n === undefined || Number.isNaN(n)
    ? 'n/a'
    : Number(n).toLocaleString('en-US', { maximumFractionDigits: d });

function percentile(values, p) {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

async function json(base, method, path, token, body) {
  const res = await fetch(base + path, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

async function login(base) {
  const { accessToken } = await json(base, 'POST', '/api/v1/auth/login', null, {
    username: 'admin',
    password: BENCH_ADMIN_PASSWORD,
  });
  return accessToken;
}

/** Runs `work(i)` for i < count with `width` at a time. */
async function pool(count, width, work) {
  let next = 0;
  await Promise.all(
    Array.from({ length: width }, async () => {
      while (next < count) await work(next++);
    }),
  );
}

/** Local HTTP targets: every hit of `/m/<i>` is recorded with its time. */
async function targets(count) {
  const hits = new Map();
  const servers = [];
  for (let s = 0; s < count; s++) {
    const server = createServer((req, res) => {
      const i = Number(req.url?.split('/')[2]);
      const list = hits.get(i) ?? [];
      list.push(Date.now());
      hits.set(i, list);
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end('ok');
    });
    server.keepAliveTimeout = 65_000;
    await new Promise((r) => server.listen(0, '127.0.0.1', r));
    servers.push(server);
  }
  const url = (i) => `http://127.0.0.1:${servers[i % count].address().port}/m/${i}`;
  const close = () => Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
  return { hits, url, close };
}

/** ALERTS alerts through the Alertmanager API, 64 per request (no incident opens from them). */
async function storeAlerts(base, token) {
  await json(base, 'PUT', '/api/v1/incidents/settings', token, { openFromAlertSeverities: [] });
  const service = await json(base, 'POST', '/api/v1/services', token, { name: 'Bench' });
  const { routingKey } = await json(
    base,
    'POST',
    `/api/v1/services/${service.id}/integrations`,
    token,
    { name: 'bench am', kind: 'alertmanager', rateLimitPerMinute: 1_000_000 },
  );
  const started = Date.now();
  const batches = Math.ceil(ALERTS / 64);
  await pool(batches, 8, async (b) => {
    const body = Array.from({ length: Math.min(64, ALERTS - b * 64) }, (_, k) => ({
      labels: {
        alertname: `BenchAlert${(b * 64 + k) % 50}`,
        instance: `host-${b * 64 + k}`,
        severity: ['critical', 'warning', 'info'][k % 3],
      },
      annotations: { summary: `bench alert ${b * 64 + k}` },
      startsAt: new Date().toISOString(),
    }));
    const res = await fetch(`${base}/api/v2/alerts?routing_key=${routingKey}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`alerts batch ${b}: ${res.status} ${await res.text()}`);
  });
  log(`${fmt(ALERTS)} alerts stored in ${fmt((Date.now() - started) / 1000, 1)} s`);
}

/** Creates a host (kind local) and returns it; the shape is the hosts API's. */
async function localHost(base, token, intervalSeconds) {
  return json(base, 'POST', '/api/v1/hosts', token, {
    name: `bench local ${Date.now()}`,
    kind: 'local',
    intervalSeconds,
  });
}

async function phaseA() {
  const server = await startBenchServer({});
  const http = await targets(10);
  try {
    const token = await login(server.base);
    await storeAlerts(server.base, token);
    const started = Date.now();
    const ids = [];
    await pool(MONITORS, 16, async (i) => {
      const monitor = await json(server.base, 'POST', '/api/v1/monitors', token, {
        name: `bench monitor ${String(i).padStart(5, '0')}`,
        kind: 'http',
        target: { url: http.url(i) },
        intervalSeconds: INTERVAL,
        timeoutSeconds: 10,
        groupName: `group ${i % 20}`,
        tags: [`tag-${i % 7}`],
      });
      ids[i] = monitor.id;
    });
    log(`${fmt(MONITORS)} monitors created in ${fmt((Date.now() - started) / 1000, 1)} s`);
    const host = await localHost(server.base, token, 15);

    // Every monitor's first check falls somewhere in its first interval: measure after that.
    log(`warm-up: ${INTERVAL + 10} s`);
    await sleep((INTERVAL + 10) * 1000);
    const windowStart = Date.now();
    const latencies = new Map();
    const failures = new Map();
    const record = (name, ms, ok) => {
      if (!latencies.has(name)) latencies.set(name, []);
      latencies.get(name).push(ms);
      if (!ok) failures.set(name, (failures.get(name) ?? 0) + 1);
    };
    const requests = [
      ['monitors list, page 1', () => '/api/v1/monitors?limit=50'],
      [
        'monitors list, search',
        (i) => `/api/v1/monitors?limit=50&q=${String(i % 5000).padStart(5, '0')}`,
      ],
      [
        'monitors list, filtered',
        (i) => `/api/v1/monitors?limit=50&state=up&kind=http&offset=${(i % 40) * 50}`,
      ],
      ['monitor detail', (i) => `/api/v1/monitors/${ids[i % ids.length]}`],
      ['monitor results', (i) => `/api/v1/monitors/${ids[i % ids.length]}/results?limit=100`],
      ['monitor uptime', (i) => `/api/v1/monitors/${ids[i % ids.length]}/uptime`],
      ['alerts list', () => '/api/v1/alerts?limit=50'],
      ['hosts list', () => '/api/v1/hosts'],
      [
        'host dashboard (1 h range)',
        () =>
          `/api/v1/hosts/${host.id}/samples?from=${new Date(Date.now() - 3_600_000).toISOString()}&to=${new Date().toISOString()}`,
      ],
    ];
    const deadline = windowStart + DURATION * 1000;
    let n = 0;
    // Four consoles, each asking one thing after another, as people clicking do.
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (Date.now() < deadline) {
          const i = n++;
          const [name, path] = requests[i % requests.length];
          const t0 = performance.now();
          const res = await fetch(server.base + path(i), {
            headers: { authorization: `Bearer ${token}` },
          }).catch(() => null);
          if (res) await res.arrayBuffer();
          record(name, performance.now() - t0, res?.ok === true);
          await sleep(50);
        }
      }),
    );
    const windowEnd = Date.now();
    // Missed: a gap inside the window longer than the interval + 15 s, or no check in it.
    let missed = 0;
    let checks = 0;
    for (let i = 0; i < MONITORS; i++) {
      const times = (http.hits.get(i) ?? []).filter((t) => t >= windowStart - INTERVAL * 1000);
      const inside = times.filter((t) => t >= windowStart && t <= windowEnd);
      checks += inside.length;
      const points = [
        windowStart,
        ...times.filter((t) => t > windowStart && t < windowEnd),
        windowEnd,
      ];
      const last = times.filter((t) => t <= windowStart).at(-1);
      if (last !== undefined) points[0] = last;
      let worst = 0;
      for (let k = 1; k < points.length; k++) worst = Math.max(worst, points[k] - points[k - 1]);
      if (inside.length === 0 || worst > (INTERVAL + 15) * 1000) missed++;
    }
    const seconds = (windowEnd - windowStart) / 1000;
    rows.push([
      `(a) ${fmt(MONITORS)} HTTP monitors every ${INTERVAL} s, ${fmt(ALERTS)} alerts stored`,
      `${fmt(checks / seconds, 1)} checks/s over ${fmt(seconds)} s (due: ${fmt(MONITORS / INTERVAL, 1)}/s)`,
      `missed checks: **${missed}** monitors`,
      'target: none missed',
    ]);
    for (const [name, values] of latencies) {
      rows.push([
        `(a) console: ${name}`,
        `${values.length} requests`,
        `p50 ${fmt(percentile(values, 50), 1)} ms, **p95 ${fmt(percentile(values, 95), 1)} ms**`,
        `${failures.get(name) ?? 0} failed; target p95 < 300 ms`,
      ]);
    }
  } finally {
    await http.close();
    await server.stop();
  }
}

async function phaseB() {
  const server = await startBenchServer({});
  const sockets = [];
  try {
    const token = await login(server.base);
    const host = await localHost(server.base, token, 5);
    const delays = [];
    const topic = `host:${host.id}:samples`;
    await pool(SOCKETS, 50, async () => {
      const socket = io(server.base, {
        path: '/api/socket.io',
        transports: ['websocket'],
        reconnection: false,
        forceNew: true,
        auth: { token },
      });
      sockets.push(socket);
      await new Promise((resolve, reject) => {
        socket.once('connect', resolve);
        socket.once('connect_error', reject);
      });
      const answer = await new Promise((resolve) =>
        socket.emit('live:subscribe', { topic }, resolve),
      );
      if (!answer.ok) throw new Error(`subscribe: ${answer.error}`);
      socket.on('host:sample', (sample) => delays.push(Date.now() - Date.parse(sample.at)));
    });
    log(`${SOCKETS} sockets follow ${topic}; measuring for 60 s`);
    await sleep(60_000);
    rows.push([
      `(b) ${fmt(SOCKETS)} Socket.IO clients on one host's live samples (every 5 s)`,
      `${fmt(delays.length)} deliveries`,
      `p50 ${fmt(percentile(delays, 50), 1)} ms, **p99 ${fmt(percentile(delays, 99), 1)} ms**`,
      'from the sample being taken to the client; target p99 < 100 ms',
    ]);
  } finally {
    for (const socket of sockets) socket.close();
    await server.stop();
  }
}

/** The server's CPU seconds (user + system) from /proc. */
function cpuSeconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function phaseC() {
  const server = await startBenchServer({});
  try {
    const token = await login(server.base);
    await sleep(10_000);
    const idle0 = cpuSeconds(server.pid);
    await sleep(COLLECT_SECONDS * 1000);
    const idle = (cpuSeconds(server.pid) - idle0) / COLLECT_SECONDS;
    await localHost(server.base, token, 15);
    await sleep(5_000);
    const busy0 = cpuSeconds(server.pid);
    await sleep(COLLECT_SECONDS * 1000);
    const busy = (cpuSeconds(server.pid) - busy0) / COLLECT_SECONDS;
    rows.push([
      '(c) collector, one local host every 15 s',
      `server CPU ${fmt(idle * 100, 2)} % idle → ${fmt(busy * 100, 2)} % with it`,
      `collector **${fmt(Math.max(0, busy - idle) * 100, 2)} %** of one core`,
      `over ${COLLECT_SECONDS} s each; target < 2 %`,
    ]);
  } finally {
    await server.stop();
  }
}

if (ONLY.has('a')) await phaseA();
if (ONLY.has('b')) await phaseB();
if (ONLY.has('c')) await phaseC();

console.log(`\nmonitoring bench, ${new Date().toISOString().slice(0, 10)}\n`);
console.log('| measure | result | latency / outcome | notes |');
console.log('| --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
process.exit(0);
