#!/usr/bin/env node
// bench/alerts: alert ingest against the Alertmanager anchor, in one run, with the shared kit
// (../shared/bench: load.mjs, ingest-phases.sh, alertmanager-ingest.sh; same alert stream for
// both). Prints one table (copied into the README):
//   (a) PagerDuty-shaped single events, 10 % new keys: max events/s, then p50/p99 paced at 1,000/s
//   (b) the Alertmanager API with 64 alerts per request: Hyperion vs a real Alertmanager
//   (c) SIGKILL of Hyperion during 1,000 events/s: acknowledged (202) events missing afterwards
//   (d) the monthly report over 10,000,000 critical alert events
//
//   npm run build && node bench/alerts.mjs            # DURATION=20 per phase (the kit's knob)
//   ONLY=a,d node bench/alerts.mjs                     # some phases only
//
// Needs PostgreSQL (BENCH_DATABASE_URL; scratch databases are created and dropped), Redis,
// jq, curl and prometheus-alertmanager (Debian), and the kit beside this repository
// (BENCH_KIT, default ../shared/bench), which is copied to a temporary folder to install its
// pinned autocannon.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

import pg from 'pg';

import { BENCH_ADMIN_PASSWORD, startBenchServer } from './lib/bench-server.mjs';

const KIT = resolve(process.env.BENCH_KIT ?? '../shared/bench');
const ONLY = new Set((process.env.ONLY ?? 'a,b,c,d').split(','));
const DURATION = process.env.DURATION ?? '20';
const REPORT_EVENTS = Number(process.env.REPORT_EVENTS ?? 10_000_000);
const log = (line) => console.error(`[bench] ${line}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/** The kit in a writable folder with its node_modules (kept between runs). */
function kit() {
  if (!existsSync(join(KIT, 'load.mjs'))) throw new Error(`no load kit at ${KIT} (set BENCH_KIT)`);
  const dir = join(tmpdir(), 'hyperion-bench-kit');
  if (!existsSync(join(dir, 'node_modules', 'autocannon'))) {
    rmSync(dir, { recursive: true, force: true });
    cpSync(KIT, dir, { recursive: true });
    spawnSync('chmod', ['-R', 'u+w', dir]);
    const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
    if (ci.status !== 0) throw new Error('npm ci in the load kit failed');
  } else {
    // Scripts may have changed; node_modules stays.
    for (const f of ['load.mjs', 'ingest-phases.sh', 'alertmanager-ingest.sh']) {
      cpSync(join(KIT, f), join(dir, f));
    }
  }
  return dir;
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
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : null;
}

/** A service with one integration of each kind; answers its routing keys. */
async function setUp(base) {
  const { accessToken } = await json(base, 'POST', '/api/v1/auth/login', null, {
    username: 'admin',
    password: BENCH_ADMIN_PASSWORD,
  });
  const service = await json(base, 'POST', '/api/v1/services', accessToken, { name: 'Bench' });
  // BENCH_INCIDENTS=off: no alert opens an incident (to measure what incidents cost the ingest).
  if (process.env.BENCH_INCIDENTS === 'off') {
    await json(base, 'PUT', '/api/v1/incidents/settings', accessToken, {
      openFromAlertSeverities: [],
    });
  }
  const key = async (kind) =>
    (
      await json(base, 'POST', `/api/v1/services/${service.id}/integrations`, accessToken, {
        name: `bench ${kind}`,
        kind,
        rateLimitPerMinute: 1_000_000,
      })
    ).routingKey;
  return { accessToken, events: await key('events'), alertmanager: await key('alertmanager') };
}

/** ingest-phases.sh against `url`; its summary.json. */
function phases(dir, label, url, extra, env) {
  const out = join(tmpdir(), `hyperion-bench-${label}-${Date.now()}`);
  const run = spawnSync(
    'bash',
    [join(dir, 'ingest-phases.sh'), '--label', label, '--url', url, '--out', out, ...extra],
    { env: { ...process.env, DURATION, ...env }, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (run.status !== 0) throw new Error(`ingest-phases ${label} failed`);
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
}

function anchor(dir, batch) {
  const out = join(tmpdir(), `hyperion-bench-am-${Date.now()}`);
  mkdirSync(out, { recursive: true });
  const run = spawnSync('bash', [join(dir, 'alertmanager-ingest.sh')], {
    env: { ...process.env, DURATION, BATCH: String(batch), RESULTS_DIR: out },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (run.status !== 0) throw new Error('alertmanager-ingest failed');
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
}

const rows = [];
const fmt = (n, d = 0) =>
  n === null || n === undefined
    ? 'n/a'
    : Number(n).toLocaleString('en-US', { maximumFractionDigits: d });

async function phaseAB(dir) {
  const server = await startBenchServer({});
  let ours;
  try {
    const keys = await setUp(server.base);
    if (ONLY.has('a')) {
      const pd = phases(
        dir,
        'hyperion-pd',
        `${server.base}/api/v1/alerts/events`,
        [
          '--body-template',
          'pdv2',
          '--header',
          `Authorization: Bearer ${keys.events}`,
          '--pid',
          String(server.pid),
        ],
        { BATCH: '1' },
      );
      rows.push([
        '(a) PagerDuty events, max (50 conns)',
        `${fmt(pd.max.alerts_per_s)} events/s`,
        `p50 ${fmt(pd.max.p50_ms, 1)} ms, p99 ${fmt(pd.max.p99_ms, 1)} ms`,
        `non-2xx ${pd.max.non2xx}, errors ${pd.max.errors}`,
      ]);
      rows.push([
        '(a) PagerDuty events, paced 1,000/s',
        `${fmt(pd.rate.achieved)} events/s`,
        `p50 ${fmt(pd.rate.p50_ms, 2)} ms, p99 ${fmt(pd.rate.p99_ms, 2)} ms`,
        `non-2xx ${pd.rate.non2xx}, RSS ${fmt((pd.server_rss_kb ?? 0) / 1024)} MiB`,
      ]);
    }
    if (ONLY.has('b')) {
      ours = phases(
        dir,
        'hyperion-am64',
        `${server.base}/api/v2/alerts?routing_key=${keys.alertmanager}`,
        ['--body-template', 'alertmanager', '--pid', String(server.pid)],
        { BATCH: '64' },
      );
    }
  } finally {
    await server.stop();
  }
  if (ours) {
    // The anchor runs once Hyperion has stopped: its background work (incidents, pages) must
    // not take the CPU the anchor is measured with.
    const theirs = anchor(dir, 64);
    rows.push([
      '(b) Alertmanager API, 64/request: Hyperion',
      `${fmt(ours.max.alerts_per_s)} alerts/s`,
      `p99 ${fmt(ours.max.p99_ms, 1)} ms/request`,
      `ratio **${(ours.max.alerts_per_s / theirs.max.alerts_per_s).toFixed(2)}×** Alertmanager`,
    ]);
    rows.push([
      `(b) Alertmanager API, 64/request: ${theirs.version ?? 'Alertmanager'}`,
      `${fmt(theirs.max.alerts_per_s)} alerts/s`,
      `p99 ${fmt(theirs.max.p99_ms, 1)} ms/request`,
      'anchor (same machine, same run)',
    ]);
  }
}

/**
 * (c) 1,000 events/s, every one a new key, from 20 keep-alive connections; SIGKILL after 5 s;
 * then every key answered 202 must be an alert in the database.
 */
async function phaseC() {
  const server = await startBenchServer({});
  const keys = await setUp(server.base);
  const url = new URL(`${server.base}/api/v1/alerts/events`);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 20 });
  const acknowledged = [];
  let sent = 0;
  let failed = 0;
  const send = (i) =>
    new Promise((done) => {
      const key = `kill-${i}`;
      const body = JSON.stringify({
        routing_key: keys.events,
        event_action: 'trigger',
        dedup_key: key,
        payload: { summary: `kill test ${i}`, source: 'bench', severity: 'low' },
      });
      const req = http.request(
        url,
        {
          method: 'POST',
          agent,
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(body),
          },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            if (res.statusCode === 202) acknowledged.push(key);
            done();
          });
        },
      );
      req.on('error', () => {
        failed++;
        done();
      });
      req.end(body);
    });
  const started = Date.now();
  const inflight = [];
  let killedAt = 0;
  while (Date.now() - started < 8000) {
    const due = Math.floor(((Date.now() - started) / 1000) * 1000);
    while (sent < due) inflight.push(send(sent++));
    if (!killedAt && Date.now() - started > 5000) {
      killedAt = Date.now();
      void server.kill();
    }
    await sleep(1);
  }
  await Promise.all(inflight);
  agent.destroy();
  const client = new pg.Client({ connectionString: server.databaseUrl });
  await client.connect();
  const { rows: found } = await client.query(
    `SELECT count(*)::int AS n FROM alert WHERE dedup_key = ANY($1)`,
    [acknowledged],
  );
  await client.end();
  await server.stop();
  const lost = acknowledged.length - found[0].n;
  rows.push([
    '(c) SIGKILL during 1,000 events/s',
    `${fmt(acknowledged.length)} acknowledged (202)`,
    `${fmt(sent - acknowledged.length)} not acknowledged (${fmt(failed)} cut by the kill)`,
    `**${lost} acknowledged events lost**`,
  ]);
  return lost;
}

/** (d) 10 million critical alert events over 12 months; the monthly report's time. */
async function phaseD() {
  const server = await startBenchServer({});
  try {
    const { accessToken } = await setUp(server.base);
    const client = new pg.Client({ connectionString: server.databaseUrl });
    await client.connect();
    const [{ id }] = (await client.query(`SELECT id FROM organization WHERE slug = 'default'`))
      .rows;
    log(`inserting ${fmt(REPORT_EVENTS)} critical alert events (the roll-up trigger counts them)`);
    const t0 = Date.now();
    const chunk = 1_000_000;
    for (let done = 0; done < REPORT_EVENTS; done += chunk) {
      await client.query(
        `INSERT INTO critical_alert_event (organization_id, created_at, severity, event_type, channel, fingerprint, payload_excerpt)
         SELECT $1, timestamptz '2025-01-01' + (i % 365) * interval '1 day' + (i % 86400) * interval '1 second',
                (ARRAY['critical','high','medium','low'])[1 + i % 4],
                'EVENT TYPE ' || (i % 25), (ARRAY['email','webhook','both','slack','sms'])[1 + i % 5],
                'fp-' || i, '{}'
           FROM generate_series($2::bigint, $3::bigint) AS i`,
        [id, done, Math.min(done + chunk, REPORT_EVENTS) - 1],
      );
    }
    await client.query('ANALYZE critical_alert_event_daily');
    await client.end();
    log(`inserted in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
    const times = [];
    let report;
    for (let i = 0; i < 21; i++) {
      const s = performance.now();
      report = await json(
        server.base,
        'GET',
        '/api/v1/alerts/reports/monthly?month=2025-03',
        accessToken,
      );
      times.push(performance.now() - s);
    }
    times.sort((a, b) => a - b);
    rows.push([
      `(d) monthly report over ${fmt(REPORT_EVENTS)} events`,
      `${fmt(report.total)} events in 2025-03`,
      `median ${fmt(times[10], 1)} ms, worst ${fmt(times[20], 1)} ms (21 requests, HTTP included)`,
      'target < 50 ms',
    ]);
  } finally {
    await server.stop();
  }
}

const dir = kit();
if (ONLY.has('a') || ONLY.has('b')) await phaseAB(dir);
let lost = 0;
if (ONLY.has('c')) lost = await phaseC();
if (ONLY.has('d')) await phaseD();

console.log(
  `\nalerts bench, ${new Date().toISOString().slice(0, 10)}, DURATION ${DURATION} s per phase\n`,
);
console.log('| measure | result | latency | notes |');
console.log('| --- | --- | --- | --- |');
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
process.exit(lost > 0 ? 1 : 0);
