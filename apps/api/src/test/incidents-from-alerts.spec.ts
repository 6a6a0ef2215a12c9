import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { waitFor } from '@hyperion/api/testing';
import type {
  IncidentDetail,
  IncidentTimelineEntry,
  IntegrationSummary,
  NotificationChannelDetails,
  ServiceSummary,
} from '@hyperion/contracts';
import {
  ALERT_ROUTES,
  INCIDENT_ROUTES,
  JOBS,
  NOTIFICATION_CHANNEL_ROUTES,
  QUEUES,
  SERVICE_ROUTES,
} from '@hyperion/contracts';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import request from 'supertest';

import { adminToken, queryDb, startTestApp, TestApp } from './test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Hit {
  receiver: string;
  body: string;
}

/** Loopback webhook receivers, one log for all. */
async function startReceivers(names: string[], log: Hit[]) {
  const servers = await Promise.all(
    names.map(async (name) => {
      const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          log.push({ receiver: name, body: Buffer.concat(chunks).toString() });
          res.writeHead(200).end('{}');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      return { name, server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
    }),
  );
  return {
    urls: Object.fromEntries(servers.map((s) => [s.name, s.url])),
    close: () =>
      Promise.all(servers.map((s) => new Promise<void>((r) => s.server.close(() => r())))),
  };
}

describe('alerts open incidents: the contacts of the severity told, the same key joins the open incident', () => {
  let t: TestApp;
  let admin: string;
  let receivers: Awaited<ReturnType<typeof startReceivers>>;
  const hits: Hit[] = [];
  let service: ServiceSummary;
  let routingKey: string;

  const api = () => ({
    post: (path: string, body: object) =>
      request(t.url).post(path).set('Authorization', `Bearer ${admin}`).send(body),
    put: (path: string, body: object) =>
      request(t.url).put(path).set('Authorization', `Bearer ${admin}`).send(body),
    get: (path: string) => request(t.url).get(path).set('Authorization', `Bearer ${admin}`),
  });

  const trigger = (key: string, summary: string, severity: string) =>
    request(t.url)
      .post(ALERT_ROUTES.events)
      .send({
        routing_key: routingKey,
        event_action: 'trigger',
        dedup_key: key,
        payload: { summary, source: 'db-1', severity },
      })
      .expect(202);

  /** The incidents of the test's service holding an alert of `key`. */
  const incidentsOf = async (key: string) =>
    queryDb<{ id: string }>(
      t,
      `SELECT DISTINCT ia.incident_id AS id FROM incident_alert ia JOIN alert a ON a.id = ia.alert_id
        WHERE a.dedup_key = $1`,
      [key],
    );

  const timeline = async (id: string) =>
    (await api().get(INCIDENT_ROUTES.timeline(id)).expect(200)).body as IncidentTimelineEntry[];

  const reached = (text: string) =>
    hits
      .filter((h) => h.body.includes(text))
      .map((h) => h.receiver)
      .sort();

  beforeAll(async () => {
    t = await startTestApp({
      NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1',
      NOTIFICATION_BACKOFF_MS: '50',
      // A trigger of the same key one second later is emitted again (not deduplicated).
      ALERT_DEDUP_WINDOW_SECONDS: '1',
    });
    admin = await adminToken(t);
    receivers = await startReceivers(['cto', 'lead', 'devops'], hits);
    const channel: Record<string, string> = {};
    for (const [name, url] of Object.entries(receivers.urls)) {
      channel[name] = (
        (
          await api()
            .post(NOTIFICATION_CHANNEL_ROUTES.collection, {
              name: `Incident webhook ${name} ${Date.now()}`,
              kind: 'webhook',
              config: { url },
              secrets: {},
            })
            .expect(201)
        ).body as NotificationChannelDetails
      ).id;
    }
    // The document's contacts: critical → CTO + Lead Dev + DevOps; high → Lead Dev + DevOps.
    await api()
      .put(INCIDENT_ROUTES.settings, {
        contacts: {
          critical: {
            label: 'CTO + Lead Dev + DevOps',
            targets: ['cto', 'lead', 'devops'].map((n) => ({ type: 'channel', id: channel[n] })),
            channelKinds: [],
          },
          high: {
            label: 'Lead Dev + DevOps',
            targets: ['lead', 'devops'].map((n) => ({ type: 'channel', id: channel[n] })),
            channelKinds: [],
          },
        },
      })
      .expect(200);
    service = (
      await api()
        .post(SERVICE_ROUTES.collection, { name: `Payments ${Date.now()}` })
        .expect(201)
    ).body as ServiceSummary;
    routingKey = (
      (
        await api()
          .post(SERVICE_ROUTES.integrations(service.id), { name: 'events', kind: 'events' })
          .expect(201)
      ).body as IntegrationSummary
    ).routingKey as string;
  });

  afterAll(async () => {
    await t?.close();
    await receivers?.close();
  });

  it('a critical alert opens an incident with the alert on its timeline, and its contacts are told', async () => {
    const key = `db-down-${Date.now()}`;
    const summary = `Database db-1 unreachable ${key}`;
    expect((await trigger(key, summary, 'critical')).body.outcome).toBe('emitted');
    const [{ id }] = await waitFor('the incident', async () => {
      const rows = await incidentsOf(key);
      return rows.length > 0 ? rows : null;
    });
    const incident = (await api().get(INCIDENT_ROUTES.item(id)).expect(200)).body as IncidentDetail;
    expect(incident).toMatchObject({
      title: summary,
      severity: 'critical',
      status: 'open',
      serviceId: service.id,
      alertCount: 1,
      reportedBy: { kind: 'system' },
    });
    expect(incident.alerts.map((a) => a.dedupKey)).toEqual([key]);
    // The contacts of "critical": all three receivers, once each.
    await waitFor('the contacts', async () => reached(summary).length >= 3);
    expect(reached(summary)).toEqual(['cto', 'devops', 'lead']);
    const lines = await waitFor('the notification line', async () => {
      const entries = await timeline(id);
      return entries.some((e) => e.kind === 'notification_sent') ? entries : null;
    });
    expect(lines.map((e) => e.kind)).toEqual(
      expect.arrayContaining(['created', 'alert_linked', 'notification_sent']),
    );
    const linked = lines.find((e) => e.kind === 'alert_linked') as IncidentTimelineEntry;
    expect(linked.actor.type).toBe('system');
    expect(linked.summary).toContain(summary);
    const detail = (await api().get(INCIDENT_ROUTES.item(id)).expect(200)).body as IncidentDetail;
    expect(detail.phases.notification).toBeDefined();

    // The same key fires again (after the dedup window): it joins the open incident.
    await sleep(1_100);
    expect((await trigger(key, summary, 'critical')).body.outcome).toBe('emitted');
    await waitFor('the second line', async () => {
      const entries = await timeline(id);
      return entries.filter((e) => e.kind === 'alert_linked').length === 2;
    });
    expect(await incidentsOf(key)).toHaveLength(1);
    // The job retried (a crash after its commit) takes nothing in twice.
    const [alert] = await queryDb<{ id: string }>(t, `SELECT id FROM alert WHERE dedup_key = $1`, [
      key,
    ]);
    const queue = t.app.get<Queue>(getQueueToken(QUEUES.incidents), { strict: false });
    await queue.add(JOBS.alertsEmitted, {
      alertIds: [alert.id],
      organizationId: await orgOf(t, id),
    });
    await sleep(1_000);
    expect((await timeline(id)).filter((e) => e.kind === 'alert_linked')).toHaveLength(2);
    // Nobody was told twice.
    expect(reached(summary)).toEqual(['cto', 'devops', 'lead']);
  });

  it('high alerts open incidents only once the settings say so; then the high contacts are told', async () => {
    const key = `latency-${Date.now()}`;
    const summary = `Checkout latency above 2 s ${key}`;
    expect((await trigger(key, summary, 'high')).body.outcome).toBe('emitted');
    await sleep(1_500);
    expect(await incidentsOf(key)).toHaveLength(0);

    await api()
      .put(INCIDENT_ROUTES.settings, { openFromAlertSeverities: ['critical', 'high'] })
      .expect(200);
    const other = `${key}-b`;
    const otherSummary = `Checkout errors above 1 % ${other}`;
    expect((await trigger(other, otherSummary, 'high')).body.outcome).toBe('emitted');
    const [{ id }] = await waitFor('the incident', async () => {
      const rows = await incidentsOf(other);
      return rows.length > 0 ? rows : null;
    });
    await waitFor('the contacts', async () => reached(otherSummary).length >= 2);
    await sleep(300);
    expect(reached(otherSummary)).toEqual(['devops', 'lead']);
    const incident = (await api().get(INCIDENT_ROUTES.item(id)).expect(200)).body as IncidentDetail;
    expect(incident.severity).toBe('high');
  });

  it('an incident opened by hand tells the contacts of its severity too', async () => {
    const title = `Manual incident ${Date.now()}`;
    const created = (
      await api().post(INCIDENT_ROUTES.collection, { title, severity: 'critical' }).expect(201)
    ).body as IncidentDetail;
    await waitFor('the contacts', async () => reached(title).length >= 3);
    expect(reached(title)).toEqual(['cto', 'devops', 'lead']);
    const lines = await timeline(created.id);
    expect(lines.filter((e) => e.kind === 'notification_sent')).toHaveLength(1);
  });
});

async function orgOf(t: TestApp, incidentId: string): Promise<string> {
  const [row] = await queryDb<{ organization_id: string }>(
    t,
    `SELECT organization_id FROM incident WHERE id = $1`,
    [incidentId],
  );
  return row.organization_id;
}
