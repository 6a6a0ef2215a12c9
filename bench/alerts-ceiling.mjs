#!/usr/bin/env node
// bench/alerts-ceiling: what this machine allows an ingest endpoint at all, with the same kit and
// load as bench/alerts.mjs phase (a) (PagerDuty-shaped events, 10 % new keys, 50 connections,
// then paced at 1,000/s), against two servers that do almost nothing:
//   bare    Node's HTTP server: read the body, JSON.parse it, answer 202 (no validation, no
//           authentication, no storage);
//   commit  the same, plus the least a durable de-duplicating ingest does: each event upserts
//           its key's row (a count) in PostgreSQL, requests waiting while a transaction commits
//           share the next one (group commit, two lanes by key), 202 once committed.
// Hyperion's figures (bench/alerts.mjs) are read against these: what is left between "commit"
// and Hyperion is validation, authentication, routing, folding, activity, live events, groups
// and incidents.
//
//   node bench/alerts-ceiling.mjs                 # DURATION=10 per phase (the kit's knob)
//
// Needs PostgreSQL (BENCH_DATABASE_URL; a scratch database is created and dropped) and the kit
// (BENCH_KIT, default ../shared/bench).
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import pg from 'pg';

const KIT = resolve(process.env.BENCH_KIT ?? '../shared/bench');
const DURATION = process.env.DURATION ?? '10';
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const log = (line) => console.error(`[ceiling] ${line}`);

// ---- the two servers (this file, run as a child with `serve <mode> <port> [databaseUrl]`) ----

async function serve(mode, port, databaseUrl) {
  const http = await import('node:http');
  let apply = async () => undefined;
  if (mode === 'commit') {
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    const lanes = [0, 1].map(() => ({ queue: [], running: false }));
    const pump = (lane) => {
      if (lane.running || lane.queue.length === 0) return;
      lane.running = true;
      const taken = lane.queue.splice(0, 1000);
      (async () => {
        const client = await pool.connect();
        try {
          await client.query('BEGIN');
          await client.query(
            `INSERT INTO ceiling_alert (key, n) SELECT k, 1 FROM unnest($1::text[]) AS k
             ON CONFLICT (key) DO UPDATE SET n = ceiling_alert.n + 1, seen = now()`,
            [[...new Set(taken.map((t) => t.key))].sort()],
          );
          await client.query('COMMIT');
          for (const t of taken) t.resolve();
        } catch (error) {
          await client.query('ROLLBACK').catch(() => undefined);
          for (const t of taken) t.reject(error);
        } finally {
          client.release();
          lane.running = false;
          pump(lane);
        }
      })();
    };
    apply = (key) =>
      new Promise((resolve, reject) => {
        let h = 0;
        for (let i = 0; i < key.length; i++) h = (h * 31 + key.charCodeAt(i)) | 0;
        const lane = lanes[(h >>> 0) % 2];
        lane.queue.push({ key, resolve, reject });
        pump(lane);
      });
  }
  http
    .createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        let body;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
        } catch {
          res.writeHead(400).end();
          return;
        }
        const key = String(body?.dedup_key ?? '');
        apply(key).then(
          () => {
            const text = JSON.stringify({ status: 'success', dedup_key: key });
            res.writeHead(202, {
              'content-type': 'application/json',
              'content-length': Buffer.byteLength(text),
            });
            res.end(text);
          },
          () => res.writeHead(500).end(),
        );
      });
    })
    .listen(port, '127.0.0.1', () => process.send?.('ready'));
}

if (process.argv[2] === 'serve') {
  await serve(process.argv[3], Number(process.argv[4]), process.argv[5]);
} else {
  await main();
}

// ---- the driver ----

function freePort() {
  return new Promise((done, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => done(port));
    });
  });
}

function kit() {
  if (!existsSync(join(KIT, 'load.mjs'))) throw new Error(`no load kit at ${KIT} (set BENCH_KIT)`);
  const dir = join(tmpdir(), 'hyperion-bench-kit');
  if (!existsSync(join(dir, 'node_modules', 'autocannon'))) {
    rmSync(dir, { recursive: true, force: true });
    cpSync(KIT, dir, { recursive: true });
    spawnSync('chmod', ['-R', 'u+w', dir]);
    const ci = spawnSync('npm', ['ci', '--no-audit', '--no-fund'], { cwd: dir, stdio: 'inherit' });
    if (ci.status !== 0) throw new Error('npm ci in the load kit failed');
  }
  return dir;
}

async function onServer(sql) {
  const client = new pg.Client({ connectionString: ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

async function measure(dir, mode, databaseUrl) {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    [fileURLToPath(import.meta.url), 'serve', mode, String(port), databaseUrl ?? ''],
    { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] },
  );
  await new Promise((done, fail) => {
    child.once('message', done);
    child.once('exit', () => fail(new Error(`${mode} server exited`)));
  });
  try {
    const out = join(tmpdir(), `hyperion-ceiling-${mode}-${Date.now()}`);
    const run = spawnSync(
      'bash',
      [
        join(dir, 'ingest-phases.sh'),
        '--label',
        `ceiling-${mode}`,
        '--url',
        `http://127.0.0.1:${port}/`,
        '--body-template',
        'pdv2',
        '--pid',
        String(child.pid),
        '--out',
        out,
      ],
      { env: { ...process.env, DURATION, BATCH: '1' }, stdio: ['ignore', 'inherit', 'inherit'] },
    );
    if (run.status !== 0) throw new Error(`ingest-phases ${mode} failed`);
    return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

async function main() {
  const dir = kit();
  const database = `hyperion_ceiling_${process.pid}`;
  await onServer(`CREATE DATABASE "${database}"`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${database}`;
  const rows = [];
  try {
    const client = new pg.Client({ connectionString: url.toString() });
    await client.connect();
    await client.query(
      `CREATE TABLE ceiling_alert (key text PRIMARY KEY, n integer NOT NULL,
                                   seen timestamptz NOT NULL DEFAULT now())`,
    );
    await client.end();
    for (const mode of ['bare', 'commit']) {
      log(`${mode} …`);
      const s = await measure(dir, mode, url.toString());
      const f = (n, d = 0) => Number(n).toLocaleString('en-US', { maximumFractionDigits: d });
      rows.push([
        mode,
        `${f(s.max.alerts_per_s)} events/s (p99 ${f(s.max.p99_ms, 1)} ms)`,
        `p50 ${f(s.rate.p50_ms, 2)} ms, p99 ${f(s.rate.p99_ms, 2)} ms`,
      ]);
    }
  } finally {
    await onServer(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`);
  }
  console.log(
    `\ningest ceiling of this machine, ${new Date().toISOString().slice(0, 10)}, DURATION ${DURATION} s\n`,
  );
  console.log('| server | max (50 conns) | paced 1,000/s |');
  console.log('| --- | --- | --- |');
  for (const r of rows) console.log(`| ${r.join(' | ')} |`);
}
