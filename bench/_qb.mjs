import { startBenchServer, BENCH_ADMIN_PASSWORD } from './lib/bench-server.mjs';
import { spawn, execSync } from 'node:child_process';
import pg from 'pg';
const srv = await startBenchServer({});
const j = async (path, body, token) => {
  const r = await fetch(srv.base + path, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify(body) });
  const t = await r.text(); if (!r.ok) throw new Error(path + ' ' + r.status + ' ' + t); return JSON.parse(t);
};
const login = await j('/api/v1/auth/login', { username: 'admin', password: BENCH_ADMIN_PASSWORD });
const svc = await j('/api/v1/services', { name: 'Bench' }, login.accessToken);
const integ = await j(`/api/v1/services/${svc.id}/integrations`, { name: 'bench', kind: 'events' }, login.accessToken);
const args = ['/tmp/benchkit/load.mjs', '--url', srv.base + '/api/v1/alerts/events', '--body-template', 'pdv2', '--header', `Authorization: Bearer ${integ.routingKey}`, '--duration', process.env.D ?? '8', '--connections', process.env.C ?? '50', '--distinct-ratio', process.env.R ?? '0.1'];
const child = spawn('node', args);
let out = ''; child.stdout.on('data', (d) => (out += d));
await new Promise((r) => setTimeout(r, 3000));
const c = new pg.Client({ connectionString: srv.databaseUrl }); await c.connect();
const counts = new Map(); const end = Date.now() + 3000;
const cpu0 = execSync(`ps -o times= -p ${srv.pid}`).toString().trim();
while (Date.now() < end) {
  const { rows } = await c.query(`SELECT state, wait_event_type, wait_event, left(regexp_replace(query, '\\s+', ' ', 'g'), 70) q FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid() AND state <> 'idle'`);
  for (const r of rows) { const k = `${r.state}|${r.wait_event_type}|${r.wait_event}|${r.q}`; counts.set(k, (counts.get(k) || 0) + 1); }
  await new Promise(r => setTimeout(r, 10));
}
const cpu1 = execSync(`ps -o times= -p ${srv.pid}`).toString().trim();
await c.end();
await new Promise((r) => child.on('exit', r));
const o = JSON.parse(out);
console.log('ok_rps', o.ok_rps, 'p50', o.latency_ms.p50, 'p99', o.latency_ms.p99, 'server cpu s over 3s:', cpu1 - cpu0);
for (const [k, n] of [...counts].sort((a, b) => b[1] - a[1]).slice(0, 14)) console.log(String(n).padStart(5), k);
await srv.stop();
