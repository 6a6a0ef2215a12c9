import { randomBytes } from 'node:crypto';

import type {
  AlertListResponse,
  AlertSummary,
  IntegrationSummary,
  ServiceSummary,
} from '@hyperion/contracts';
import { ALERT_ROUTES, SERVICE_ROUTES } from '@hyperion/contracts';
import request from 'supertest';

import {
  ALERTMANAGER_BINARY,
  describeExchanges,
  MetricTarget,
  Peer,
  PROMETHEUS_BINARY,
  RecordingProxy,
  startMetricTarget,
  startPeer,
  startRecordingProxy,
} from './prometheus-peers';
import { adminToken, startTestApp, TestApp } from './test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const METRIC = 'hyperion_test_condition';
const DIRECT = 'DirectPathDown';
const VIA_ALERTMANAGER = 'ViaAlertmanagerDown';

/** A Prometheus that scrapes the test's gauge every second and evaluates one rule every second. */
function prometheusFiles(o: {
  target: string;
  alertname: string;
  runId: string;
  alertmanager: string;
  credentials?: string;
}): Record<string, string> {
  const auth = o.credentials ? `      authorization:\n        credentials: ${o.credentials}\n` : '';
  return {
    'prometheus.yml': `global:
  scrape_interval: 1s
  evaluation_interval: 1s
rule_files: [rules.yml]
scrape_configs:
  - job_name: hyperion_test
    static_configs:
      - targets: ['${o.target}']
alerting:
  alertmanagers:
    - api_version: v2
      path_prefix: /
${auth}      static_configs:
        - targets: ['${o.alertmanager}']
`,
    'rules.yml': `groups:
  - name: hyperion_test
    rules:
      - alert: ${o.alertname}
        expr: ${METRIC} == 1
        for: 0s
        labels:
          severity: low
          run: '${o.runId}'
        annotations:
          summary: '${o.alertname} in run ${o.runId}'
`,
  };
}

const prometheusArgs = (dir: string, address: string) => [
  `--config.file=${dir}/prometheus.yml`,
  `--web.listen-address=${address}`,
  `--storage.tsdb.path=${dir}/data`,
  '--rules.alert.resend-delay=1s',
];

/** Alertmanager's gettable alert (`GET /api/v2/alerts`), the fields this spec reads. */
interface AlertmanagerAlert {
  fingerprint: string;
  labels: Record<string, string>;
}

describe('real Prometheus and Alertmanager deliver to Hyperion: triggered, then resolved', () => {
  const runId = randomBytes(4).toString('hex');
  let t: TestApp;
  let admin: string;
  let service: ServiceSummary;
  let target: MetricTarget;
  let proxy: RecordingProxy;
  const peers: Peer[] = [];
  let alertmanager: Peer;

  /** The run's alerts as the API lists them, by alertname. */
  const alerts = async (): Promise<Map<string, AlertSummary>> => {
    const res = await request(t.url)
      .get(ALERT_ROUTES.list)
      .query({ q: runId, limit: 50 })
      .set('Authorization', `Bearer ${admin}`)
      .expect(200);
    const list = res.body as AlertListResponse;
    return new Map(list.items.map((a) => [a.labels['alertname'] ?? '', a]));
  };

  /** What a failing wait shows: the peers' logs, what they sent, what Hyperion holds. */
  const diagnostics = async (): Promise<string> => {
    const held = await alerts().then(
      (m) => JSON.stringify([...m.values()], null, 1),
      (e: unknown) => `(listing failed: ${String(e)})`,
    );
    return [
      ...peers.map((p) => `--- ${p.name} (${p.address}) log:\n${p.log().slice(-6000)}`),
      `--- requests to Hyperion through the proxy:\n${describeExchanges(proxy.exchanges)}`,
      `--- alerts Hyperion lists for run ${runId}:\n${held}`,
    ].join('\n');
  };

  async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, ms: number) {
    const deadline = Date.now() + ms;
    for (;;) {
      const found = await probe();
      if (found !== undefined) return found;
      if (Date.now() > deadline) {
        throw new Error(`timed out after ${ms} ms waiting for ${what}\n${await diagnostics()}`);
      }
      await sleep(250);
    }
  }

  const alertIn = (alertname: string, state: AlertSummary['state']) => async () => {
    const alert = (await alerts()).get(alertname);
    return alert?.state === state ? alert : undefined;
  };

  /** Alertmanager's own view of an alert (its fingerprint is the oracle for Hyperion's key). */
  const inAlertmanager = async (alertname: string): Promise<AlertmanagerAlert | undefined> => {
    const filter = encodeURIComponent(`alertname="${alertname}"`);
    const res = await fetch(`${alertmanager.url}/api/v2/alerts?filter=${filter}`, {
      signal: AbortSignal.timeout(5000),
    });
    const list = (await res.json()) as AlertmanagerAlert[];
    return list[0];
  };

  beforeAll(async () => {
    t = await startTestApp();
    admin = await adminToken(t);
    const as = (path: string, body: object) =>
      request(t.url).post(path).set('Authorization', `Bearer ${admin}`).send(body).expect(201);
    service = (await as(SERVICE_ROUTES.collection, { name: `Prometheus peers ${runId}` }))
      .body as ServiceSummary;
    const integration = async (name: string) =>
      (
        (await as(SERVICE_ROUTES.integrations(service.id), { name, kind: 'alertmanager' }))
          .body as IntegrationSummary
      ).routingKey;
    const directKey = await integration('Prometheus, direct');
    const webhookKey = await integration('Alertmanager webhook');

    target = await startMetricTarget(METRIC, 1);
    proxy = await startRecordingProxy(t.url);

    // Alertmanager forwards to Hyperion by webhook. DirectPathDown is never Prometheus B's: it
    // reaches this Alertmanager only when the test posts it to read Alertmanager's fingerprint,
    // and goes to a receiver without integrations.
    alertmanager = await startPeer({
      name: 'alertmanager',
      binary: ALERTMANAGER_BINARY,
      files: {
        'alertmanager.yml': `route:
  receiver: hyperion
  group_by: [alertname]
  group_wait: 1s
  group_interval: 1s
  repeat_interval: 1h
  routes:
    - matchers: ['alertname="${DIRECT}"']
      receiver: nowhere
receivers:
  - name: hyperion
    webhook_configs:
      - url: 'http://${proxy.address}${ALERT_ROUTES.alertmanagerWebhook}?routing_key=${webhookKey}'
        send_resolved: true
  - name: nowhere
`,
      },
      args: (dir, address) => [
        `--config.file=${dir}/alertmanager.yml`,
        `--storage.path=${dir}/data`,
        `--web.listen-address=${address}`,
        '--cluster.listen-address=',
      ],
    });
    peers.push(alertmanager);
    // Prometheus A posts straight to Hyperion's Alertmanager API, its routing key as a Bearer.
    peers.push(
      await startPeer({
        name: 'prometheus-direct',
        binary: PROMETHEUS_BINARY,
        files: prometheusFiles({
          target: target.address,
          alertname: DIRECT,
          runId,
          alertmanager: proxy.address,
          credentials: directKey,
        }),
        args: prometheusArgs,
      }),
    );
    // Prometheus B posts to the real Alertmanager.
    peers.push(
      await startPeer({
        name: 'prometheus-via-alertmanager',
        binary: PROMETHEUS_BINARY,
        files: prometheusFiles({
          target: target.address,
          alertname: VIA_ALERTMANAGER,
          runId,
          alertmanager: alertmanager.address,
        }),
        args: prometheusArgs,
      }),
    );
  }, 90_000);

  afterAll(async () => {
    // Prometheus first (it would keep posting), then Alertmanager, the servers, the app.
    for (const peer of [...peers].reverse()) await peer.stop();
    await proxy?.close();
    await target?.close();
    await t?.close();
  }, 60_000);

  it('a Prometheus alerting rule fires and Prometheus itself delivers it to POST /api/v2/alerts', async () => {
    const alert = await waitFor(
      `${DIRECT} triggered in Hyperion`,
      alertIn(DIRECT, 'triggered'),
      45_000,
    );
    expect(alert).toMatchObject({
      origin: 'alertmanager',
      serviceId: service.id,
      summary: `${DIRECT} in run ${runId}`,
      source: target.address,
      severity: 'low',
      labels: {
        alertname: DIRECT,
        instance: target.address,
        job: 'hyperion_test',
        severity: 'low',
        run: runId,
      },
    });
    const posts = proxy.exchanges.filter(
      (e) => e.method === 'POST' && e.path === ALERT_ROUTES.alertmanagerApi,
    );
    expect(posts.length).toBeGreaterThan(0);
    expect(posts[0].userAgent).toMatch(/^Prometheus\//);
    expect(posts.every((e) => e.status === 200)).toBe(true);

    // The key is the labels' fingerprint as Alertmanager computes it: hand the same labels to
    // the real Alertmanager and compare.
    const posted = await fetch(`${alertmanager.url}/api/v2/alerts`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify([{ labels: alert.labels }]),
      signal: AbortSignal.timeout(5000),
    });
    expect(posted.status).toBe(200);
    const oracle = await waitFor(`${DIRECT} in Alertmanager`, () => inAlertmanager(DIRECT), 10_000);
    expect(oracle.labels).toEqual(alert.labels);
    expect(alert.dedupKey).toMatch(/^[0-9a-f]{16}$/);
    expect(alert.dedupKey).toBe(oracle.fingerprint);
  }, 90_000);

  it('an Alertmanager webhook receiver delivers it to POST /api/v1/alerts/alertmanager', async () => {
    const alert = await waitFor(
      `${VIA_ALERTMANAGER} triggered in Hyperion`,
      alertIn(VIA_ALERTMANAGER, 'triggered'),
      45_000,
    );
    expect(alert).toMatchObject({
      origin: 'webhook',
      serviceId: service.id,
      summary: `${VIA_ALERTMANAGER} in run ${runId}`,
      labels: { alertname: VIA_ALERTMANAGER, instance: target.address, run: runId },
    });
    const hooks = proxy.exchanges.filter(
      (e) => e.method === 'POST' && e.path.startsWith(`${ALERT_ROUTES.alertmanagerWebhook}?`),
    );
    expect(hooks.length).toBeGreaterThan(0);
    expect(hooks[0].userAgent).toMatch(/^Alertmanager\//);
    expect(hooks.every((e) => e.status === 200)).toBe(true);
    const inAm = await inAlertmanager(VIA_ALERTMANAGER);
    expect(inAm?.labels).toEqual(alert.labels);
    expect(alert.dedupKey).toBe(inAm?.fingerprint);
  }, 90_000);

  it('both show resolved once the condition clears', async () => {
    const before = await alerts();
    expect(before.get(DIRECT)?.state).toBe('triggered');
    expect(before.get(VIA_ALERTMANAGER)?.state).toBe('triggered');

    target.set(0);
    const [direct, viaAlertmanager] = await Promise.all(
      [DIRECT, VIA_ALERTMANAGER].map((name) =>
        waitFor(`${name} resolved in Hyperion`, alertIn(name, 'resolved'), 60_000),
      ),
    );
    for (const alert of [direct, viaAlertmanager]) {
      expect(alert.resolvedAt).not.toBeNull();
    }
    // The same alerts, resolved (not new ones), and each through its own path.
    expect(direct.id).toBe(before.get(DIRECT)?.id);
    expect(viaAlertmanager.id).toBe(before.get(VIA_ALERTMANAGER)?.id);
    const resolvedHook = proxy.exchanges.find(
      (e) =>
        e.path.startsWith(ALERT_ROUTES.alertmanagerWebhook) &&
        e.requestBody.includes('"status":"resolved"'),
    );
    expect(resolvedHook?.status).toBe(200);
  }, 90_000);
});
