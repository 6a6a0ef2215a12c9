import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

import type {
  AlertEventResponse,
  IncidentDetail,
  IntegrationSummary,
  MonitorSummary,
  ServiceSummary,
  TokenPair,
} from '@hyperion/contracts';
import {
  ALERT_ROUTES,
  INCIDENT_ROUTES,
  MONITOR_ROUTES,
  NOTIFICATION_CHANNEL_ROUTES,
  ORGANIZATION_ROUTES,
  SERVICE_ROUTES,
} from '@hyperion/contracts';
import parsePrometheusTextFormat, { MetricFamily } from 'parse-prometheus-text-format';
import request from 'supertest';

import { Peer, PROMETHEUS_BINARY, startPeer } from './prometheus-peers';
import { adminToken, startTestApp, TestApp } from './test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The stored gauges' cache (STORED_METRICS_TTL_MS in the metrics lib), and a little more. */
const CACHE_MS = 5000;

async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms = 20_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await sleep(200);
  }
}

/** One scrape, as a Prometheus text-format parser reads it. */
interface Scrape {
  /** Every family by name, with its type. */
  families: Map<string, MetricFamily>;
  /** Every series by its own name (`x_bucket`, `x_sum`, `x_count` for a histogram `x`). */
  series: Map<string, MetricFamily['metrics']>;
}

/**
 * `GET /metrics` with a bearer token, parsed by parse-prometheus-text-format. That parser folds
 * all the series of a histogram into one and drops their labels, so the text is parsed a second
 * time with the histograms' TYPE lines left out: each `_bucket`, `_sum` and `_count` line then
 * stands as a series of its own, labels included.
 */
async function scrape(t: TestApp, token: string): Promise<Scrape> {
  const res = await request(t.url).get('/metrics').set('Authorization', `Bearer ${token}`);
  expect({ status: res.status, type: res.headers['content-type'] }).toEqual({
    status: 200,
    type: expect.stringMatching(/^text\/plain;(?=.*\bversion=0\.0\.4\b)(?=.*\bcharset=utf-8\b)/),
  });
  const series = new Map<string, MetricFamily['metrics']>();
  // A histogram's lines alternate (`_bucket`s, `_sum`, `_count` per series): gather them.
  for (const f of parsePrometheusTextFormat(res.text.replace(/^# TYPE \S+ histogram$/gm, ''))) {
    series.set(f.name, [...(series.get(f.name) ?? []), ...f.metrics]);
  }
  return {
    families: new Map(parsePrometheusTextFormat(res.text).map((f) => [f.name, f])),
    series,
  };
}

/** The value of the first series `name` whose labels include `labels` (undefined: none). */
function valueOf(
  scraped: Scrape,
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const sample = scraped.series
    .get(name)
    ?.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v));
  return sample ? Number(sample.value) : undefined;
}

/** A loopback HTTP server: a monitor's target and a webhook channel's receiver. */
async function startServer(): Promise<{ url: string; bodies: string[]; close(): Promise<void> }> {
  const bodies: string[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString());
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    bodies,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Every family /metrics declares, whatever has happened yet (done-means 3 of issue 11). */
const EXPORTED = {
  process_cpu_user_seconds_total: 'COUNTER',
  process_resident_memory_bytes: 'GAUGE',
  nodejs_heap_size_used_bytes: 'GAUGE',
  nodejs_eventloop_lag_p99_seconds: 'GAUGE',
  http_request_duration_seconds: 'HISTOGRAM',
  incidents_total: 'GAUGE',
  incidents_by_severity: 'GAUGE',
  incidents_created_total: 'COUNTER',
  response_time_seconds: 'HISTOGRAM',
  automation_success_rate: 'GAUGE',
  alerts_received_total: 'COUNTER',
  alerts_emitted_total: 'COUNTER',
  alerts_deduplicated_total: 'COUNTER',
  alerts_silenced_total: 'COUNTER',
  alerts_inhibited_total: 'COUNTER',
  notifications_sent_total: 'COUNTER',
  notifications_failed_total: 'COUNTER',
  monitor_up: 'GAUGE',
  monitor_response_time_seconds: 'GAUGE',
  stored_metrics_up: 'GAUGE',
} as const;

describe('GET /metrics: what it exports, and to whom', () => {
  const token = randomBytes(24).toString('base64url');
  const slug = `metrics-${randomBytes(3).toString('hex')}`;
  let t: TestApp;
  let admin: string;
  let server: Awaited<ReturnType<typeof startServer>>;
  let routingKey: string;

  const api = () => ({
    get: (path: string) => request(t.url).get(path).set('Authorization', `Bearer ${admin}`),
    post: (path: string, body: object = {}) =>
      request(t.url).post(path).set('Authorization', `Bearer ${admin}`).send(body),
  });
  const created = async <T>(path: string, body: object): Promise<T> => {
    const res = await api().post(path, body);
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as T;
  };

  beforeAll(async () => {
    t = await startTestApp({
      METRICS_TOKEN: token,
      NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1',
      NOTIFICATION_BACKOFF_MS: '50',
    });
    server = await startServer();
    // An organisation of this spec's own: its incidents and monitors are the only ones with its
    // slug, whatever other specs do in the run's database.
    const platform = await adminToken(t);
    const organization = await request(t.url)
      .post(ORGANIZATION_ROUTES.platformOrganizations)
      .set('Authorization', `Bearer ${platform}`)
      .send({ name: `Metrics ${slug}`, slug })
      .expect(201);
    const switched = await request(t.url)
      .post(ORGANIZATION_ROUTES.switch)
      .set('Authorization', `Bearer ${platform}`)
      .send({ organizationId: organization.body.id })
      .expect(200);
    admin = (switched.body as TokenPair).accessToken;
    await created(NOTIFICATION_CHANNEL_ROUTES.collection, {
      name: 'Ops webhook',
      kind: 'webhook',
      config: { url: `${server.url}/hook` },
      secrets: {},
    });
    const service = await created<ServiceSummary>(SERVICE_ROUTES.collection, {
      name: 'Checkout',
      groupWaitSeconds: 0,
    });
    routingKey = (
      await created<IntegrationSummary>(SERVICE_ROUTES.integrations(service.id), {
        name: 'Checkout probes',
        kind: 'events',
      })
    ).routingKey;
  });

  afterAll(async () => {
    await t?.close();
    await server?.close();
  });

  it('answers the Prometheus text format with every family: process, HTTP, incidents, alerts, notifications, automation, monitors', async () => {
    const scraped = await scrape(t, token);
    const types = Object.fromEntries(
      Object.keys(EXPORTED).map((name) => [name, scraped.families.get(name)?.type]),
    );
    expect(types).toEqual(EXPORTED);
    // Automation comes with a later issue: declared, with no made-up value.
    expect(scraped.families.get('automation_success_rate')?.metrics).toEqual([]);
    // Counted per kind from the start, so rate() has a zero to start from.
    expect(valueOf(scraped, 'notifications_sent_total', { kind: 'webhook' })).toBe(0);
    expect(valueOf(scraped, 'stored_metrics_up')).toBe(1);
  });

  it('refuses a scrape without the token, with another one or with a console session (401), and says how to authenticate', async () => {
    const none = await request(t.url).get('/metrics');
    expect(none.status).toBe(401);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="metrics"');
    expect(none.text).not.toContain('process_cpu');
    const wrong = await request(t.url)
      .get('/metrics')
      .set('Authorization', `Bearer ${randomBytes(24).toString('base64url')}`);
    expect(wrong.status).toBe(401);
    // The same length, one character off.
    const almost = `${token.slice(0, -1)}${token.endsWith('A') ? 'B' : 'A'}`;
    expect(
      (await request(t.url).get('/metrics').set('Authorization', `Bearer ${almost}`)).status,
    ).toBe(401);
    // A signed-in administrator's token is not the metrics token.
    expect((await api().get('/metrics')).status).toBe(401);
    expect(
      (await request(t.url).get('/metrics').set('Authorization', `Basic ${token}`)).status,
    ).toBe(401);
    // Not under the API prefix.
    expect(
      (await request(t.url).get('/api/v1/metrics').set('Authorization', `Bearer ${token}`)).status,
    ).toBe(404);
  });

  it('an ingested alert moves the received and emitted counters, its repeat the deduplicated one, and its webhook the sent notifications', async () => {
    const before = await scrape(t, token);
    const trigger = async () =>
      (
        await request(t.url)
          .post(ALERT_ROUTES.events)
          .send({
            routing_key: routingKey,
            event_action: 'trigger',
            dedup_key: `metrics:${slug}`,
            payload: { summary: `Checkout down ${slug}`, source: 'web-1', severity: 'critical' },
          })
          .expect(202)
      ).body as AlertEventResponse;
    expect((await trigger()).outcome).toBe('emitted');
    expect((await trigger()).outcome).toBe('deduplicated');
    const after = await scrape(t, token);
    const moved = (name: string) => (valueOf(after, name) ?? 0) - (valueOf(before, name) ?? 0);
    expect({
      received: moved('alerts_received_total'),
      emitted: moved('alerts_emitted_total'),
      deduplicated: moved('alerts_deduplicated_total'),
      silenced: moved('alerts_silenced_total'),
    }).toEqual({ received: 2, emitted: 1, deduplicated: 1, silenced: 0 });

    await waitFor('the webhook to receive the alert', async () =>
      server.bodies.some((b) => b.includes(`Checkout down ${slug}`)) ? true : undefined,
    );
    const sent = await waitFor('the delivery counted as sent', async () => {
      const value = valueOf(await scrape(t, token), 'notifications_sent_total', {
        kind: 'webhook',
      });
      return value && value >= 1 ? value : undefined;
    });
    expect(sent).toBe(1);
    expect(valueOf(await scrape(t, token), 'notifications_failed_total', { kind: 'webhook' })).toBe(
      0,
    );
  });

  it('incidents are counted by organisation, severity and status from PostgreSQL; an acknowledgement feeds response_time_seconds', async () => {
    const before = await scrape(t, token);
    const responses = valueOf(before, 'response_time_seconds_count') ?? 0;
    const first = await created<IncidentDetail>(INCIDENT_ROUTES.collection, {
      title: 'Checkout answers 500',
      severity: 'high',
    });
    await created<IncidentDetail>(INCIDENT_ROUTES.collection, {
      title: 'Slow search',
      severity: 'high',
    });
    const third = await created<IncidentDetail>(INCIDENT_ROUTES.collection, {
      title: 'Logo missing',
      severity: 'high',
    });
    expect((await api().post(INCIDENT_ROUTES.action(first.id, 'acknowledge'))).status).toBe(200);
    // Resolved: still stored (incidents_total), no longer open (incidents_by_severity).
    expect((await api().post(INCIDENT_ROUTES.action(third.id, 'resolve'))).status).toBe(200);

    const of = { organization: slug, severity: 'high' };
    const scraped = await waitFor('the incidents in the stored gauges', async () => {
      const f = await scrape(t, token);
      return valueOf(f, 'incidents_by_severity', of) === 2 ? f : undefined;
    });
    expect({
      open: valueOf(scraped, 'incidents_total', { ...of, status: 'open' }),
      acknowledged: valueOf(scraped, 'incidents_total', { ...of, status: 'acknowledged' }),
      resolved: valueOf(scraped, 'incidents_total', { ...of, status: 'resolved' }),
      medium: valueOf(scraped, 'incidents_by_severity', { ...of, severity: 'medium' }),
    }).toEqual({ open: 1, acknowledged: 1, resolved: 1, medium: 0 });
    // Counted as they happen, on this instance.
    expect(valueOf(scraped, 'response_time_seconds_count')).toBe(responses + 1);
    expect(
      valueOf(scraped, 'incidents_created_total', { severity: 'high' }),
    ).toBeGreaterThanOrEqual(3);
  });

  it("each monitor's verdict and latency are gauges; HTTP requests are timed per route template, never per URL", async () => {
    const monitor = await created<MonitorSummary>(MONITOR_ROUTES.collection, {
      name: 'checkout health',
      kind: 'http',
      target: { url: `${server.url}/health` },
      retries: 0,
    });
    const checked = await api().post(MONITOR_ROUTES.check(monitor.id));
    expect(checked.body).toMatchObject({ state: 'up' });
    await api().get(MONITOR_ROUTES.item(monitor.id)).expect(200);
    await api().get(`/api/v1/no-such-thing/${monitor.id}`).expect(404);

    const labels = { organization: slug, monitor: 'checkout health', kind: 'http' };
    const scraped = await waitFor('the monitor in the stored gauges', async () => {
      const f = await scrape(t, token);
      return valueOf(f, 'monitor_up', labels) === 1 ? f : undefined;
    });
    const latency = valueOf(scraped, 'monitor_response_time_seconds', labels);
    expect(latency).toBeGreaterThanOrEqual(0);
    expect(latency).toBeLessThan(10);

    const item = valueOf(scraped, 'http_request_duration_seconds_count', {
      route: '/api/v1/monitors/:id',
      method: 'GET',
      status_class: '2xx',
    });
    expect(item).toBeGreaterThanOrEqual(1);
    // Ids never become label values (one series per request would follow).
    const http = scraped.series.get('http_request_duration_seconds_count') ?? [];
    expect(JSON.stringify(http)).not.toContain(monitor.id);
    const routes = new Set(http.map((m) => m.labels?.['route']));
    expect(routes.has('/api/v1/monitors/:id/check')).toBe(true);
    // A path no route serves is one series, whatever the path.
    expect(
      valueOf(scraped, 'http_request_duration_seconds_count', {
        route: 'unmatched',
        status_class: '4xx',
      }),
    ).toBeGreaterThanOrEqual(1);
    expect([...routes].filter((r) => r?.includes('{'))).toEqual([]);
  });

  it('PostgreSQL stopped: the stored gauges are served from their cache for a few seconds, then left out, and the process metrics still answer', async () => {
    // This organisation's incident counts exist (zero or more) whenever PostgreSQL was read.
    const stored = (s: Scrape) => valueOf(s, 'incidents_total', { organization: slug });
    // A scrape that reads PostgreSQL afresh (the cache has expired), then PostgreSQL goes away.
    await sleep(CACHE_MS + 200);
    const fresh = await scrape(t, token);
    expect({ up: valueOf(fresh, 'stored_metrics_up'), stored: stored(fresh) }).toEqual({
      up: 1,
      stored: expect.any(Number),
    });
    await t.database.stop();
    try {
      const cached = await scrape(t, token);
      expect({ up: valueOf(cached, 'stored_metrics_up'), stored: stored(cached) }).toEqual({
        up: 1,
        stored: stored(fresh),
      });

      const started = Date.now();
      const down = await waitFor(
        'the stored gauges to be left out',
        async () => {
          const f = await scrape(t, token);
          return valueOf(f, 'stored_metrics_up') === 0 ? f : undefined;
        },
        CACHE_MS + 5000,
      );
      expect(Date.now() - started).toBeLessThan(CACHE_MS + 4000);
      expect(stored(down)).toBeUndefined();
      expect(down.series.get('monitor_up') ?? []).toEqual([]);
      expect(valueOf(down, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
      expect(valueOf(down, 'alerts_received_total')).toEqual(expect.any(Number));
      // A scrape during the outage does not wait for PostgreSQL.
      const at = Date.now();
      await scrape(t, token);
      expect(Date.now() - at).toBeLessThan(3000);
    } finally {
      await t.database.start();
    }
    await waitFor(
      'the stored gauges back',
      async () => {
        const f = await scrape(t, token);
        return valueOf(f, 'stored_metrics_up') === 1 && stored(f) !== undefined ? true : undefined;
      },
      CACHE_MS + 15_000,
    );
  });
});

describe('GET /metrics without METRICS_TOKEN: a token generated under DATA_DIR, scraped by a real Prometheus', () => {
  let t: TestApp;
  let prometheus: Peer | undefined;

  beforeAll(async () => {
    t = await startTestApp();
  });

  afterAll(async () => {
    await prometheus?.stop();
    await t?.close();
  });

  it('generates the token once, readable by its owner only, and answers 200 with it, 401 without', async () => {
    const file = join(t.config.dataDir, 'metrics-token');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const token = readFileSync(file, 'utf8').trim();
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(valueOf(await scrape(t, token), 'stored_metrics_up')).toBe(1);
    expect((await request(t.url).get('/metrics')).status).toBe(401);
  });

  it('Prometheus (the Debian binary) scrapes it with the token file: up == 1; with a wrong token, up == 0', async () => {
    const target = new URL(t.url).host;
    const file = join(t.config.dataDir, 'metrics-token');
    prometheus = await startPeer({
      name: 'prometheus-metrics',
      binary: PROMETHEUS_BINARY,
      files: {
        'wrong-token': 'not-the-metrics-token-at-all\n',
        'prometheus.yml': `global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: hyperion
    metrics_path: /metrics
    authorization:
      credentials_file: ${file}
    static_configs:
      - targets: ['${target}']
  - job_name: hyperion_wrong_token
    metrics_path: /metrics
    authorization:
      credentials_file: wrong-token
    static_configs:
      - targets: ['${target}']
`,
      },
      args: (dir, address) => [
        `--config.file=${dir}/prometheus.yml`,
        `--web.listen-address=${address}`,
        `--storage.tsdb.path=${dir}/data`,
      ],
    });
    const peer = prometheus;
    const query = async (promql: string) => {
      const res = await fetch(`${peer.url}/api/v1/query?query=${encodeURIComponent(promql)}`, {
        signal: AbortSignal.timeout(5000),
      });
      const body = (await res.json()) as {
        data: { result: { metric: Record<string, string>; value: [number, string] }[] };
      };
      return body.data.result;
    };
    const up = await waitFor(
      'Prometheus to scrape both jobs',
      async () => {
        const result = await query('up');
        const byJob = Object.fromEntries(result.map((r) => [r.metric['job'], r.value[1]]));
        return byJob['hyperion'] === '1' && byJob['hyperion_wrong_token'] !== undefined
          ? byJob
          : undefined;
      },
      30_000,
    ).catch((error: unknown) => {
      throw new Error(`${String(error)}\n--- Prometheus log:\n${peer.log().slice(-4000)}`);
    });
    expect(up).toEqual({ hyperion: '1', hyperion_wrong_token: '0' });
    // Prometheus read the exposition itself: Hyperion's own families are stored.
    const stored = await query('stored_metrics_up{job="hyperion"}');
    expect(stored.map((r) => r.value[1])).toEqual(['1']);
  });
});

describe('GET /metrics with METRICS_ENABLED=false', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ METRICS_ENABLED: 'false' });
  });

  afterAll(() => t?.close());

  it('answers 404, with or without a token, and generates no token', async () => {
    expect((await request(t.url).get('/metrics')).status).toBe(404);
    const res = await request(t.url)
      .get('/metrics')
      .set('Authorization', 'Bearer anything-at-all-here');
    expect(res.status).toBe(404);
    expect(res.text).not.toContain('process_cpu');
    expect(existsSync(join(t.config.dataDir, 'metrics-token'))).toBe(false);
  });
});
