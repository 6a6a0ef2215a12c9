import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import { waitFor } from '@hyperion/api/testing';
import type {
  ContactSummary,
  DeliverySummary,
  NotificationChannelDetails,
  PageSummary,
  ScheduleSummary,
} from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_ROUTES, ON_CALL_ROUTES, QUEUES } from '@hyperion/contracts';
import { getQueueToken } from '@nestjs/bull';
import request from 'supertest';

import { auditRows, createUser, unique } from './auth-helpers';
import { adminToken, connectClient, loginAs, queryDb, startTestApp, TestApp } from './test-app';

/** One request a peer received, with when it arrived. */
interface Hit {
  peer: string;
  url: string;
  body: string;
  at: number;
}

/** Loopback peers standing for Slack, the SMS provider and the voice provider; one log for all. */
async function startPeer(
  name: string,
  log: Hit[],
): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      log.push({
        peer: name,
        url: req.url ?? '',
        body: Buffer.concat(chunks).toString(),
        at: Date.now(),
      });
      res.writeHead(name === 'slack' ? 200 : 201, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A rule "minute" lasts one second here (PAGING_MINUTE_MS), so "SMS after 2 minutes" is 2 s.
const MINUTE_MS = 1000;

describe('pages: personal notification rules step by step, until acknowledged', () => {
  let t: TestApp;
  let admin: string;
  const hits: Hit[] = [];
  const peers: { close(): Promise<void> }[] = [];
  let dana: ContactSummary;

  const as = (token: string) => ({
    get: (path: string) => request(t.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, body?: object) =>
      request(t.url)
        .post(path)
        .set('Authorization', `Bearer ${token}`)
        .send(body ?? {}),
    put: (path: string, body: object) =>
      request(t.url).put(path).set('Authorization', `Bearer ${token}`).send(body),
  });

  const channel = async (body: object): Promise<NotificationChannelDetails> =>
    (await as(admin).post(NOTIFICATION_CHANNEL_ROUTES.collection, body).expect(201))
      .body as NotificationChannelDetails;

  const contact = async (name: string, extra: object = {}): Promise<ContactSummary> =>
    (
      await as(admin)
        .post(ON_CALL_ROUTES.contacts, { name, timeZone: 'Europe/Paris', ...extra })
        .expect(201)
    ).body as ContactSummary;

  const page = async (body: object, status = 201): Promise<PageSummary> =>
    (
      await as(admin)
        .post(ON_CALL_ROUTES.pages, { urgency: 'high', severity: 'critical', ...body })
        .expect(status)
    ).body as PageSummary;

  const pageNow = async (id: string): Promise<PageSummary> =>
    (await as(admin).get(ON_CALL_ROUTES.page(id)).expect(200)).body as PageSummary;

  beforeAll(async () => {
    t = await startTestApp({
      NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1',
      NOTIFICATION_BACKOFF_MS: '50',
      PAGING_MINUTE_MS: String(MINUTE_MS),
    });
    admin = await adminToken(t);
    const slack = await startPeer('slack', hits);
    const sms = await startPeer('sms', hits);
    const voice = await startPeer('voice', hits);
    peers.push(slack, sms, voice);
    await channel({
      name: 'Ops Slack',
      kind: 'slack',
      config: {},
      secrets: { webhookUrl: `${slack.url}/hook` },
    });
    const provider = (url: string) => ({
      primary: { type: 'twilio', url, accountSid: 'AC1', from: '+15550001111' },
      voiceMessage: 'Page: {{title}}',
    });
    await channel({
      name: 'SMS',
      kind: 'sms',
      config: provider(sms.url),
      secrets: { primary: { authToken: 'sms-token' } },
    });
    await channel({
      name: 'Voice',
      kind: 'voice',
      config: provider(voice.url),
      secrets: { primary: { authToken: 'voice-token' } },
    });
    dana = await contact(unique('Dana'), {
      phone: '+33612345678',
      handles: { slack: 'U024BE7LH' },
    });
    await as(admin)
      .put(ON_CALL_ROUTES.contactPreferences(dana.id), {
        highUrgency: [
          { delayMinutes: 0, kind: 'slack' },
          { delayMinutes: 2, kind: 'sms' },
          { delayMinutes: 4, kind: 'voice' },
        ],
        lowUrgency: [{ delayMinutes: 0, kind: 'sms' }],
      })
      .expect((res) => {
        if (res.status !== 200) throw new Error(JSON.stringify(res.body));
      });
  });

  afterAll(async () => {
    await Promise.all(peers.map((p) => p.close()));
    await t?.close();
  });

  // JSON (Slack) or form-encoded (the Twilio-style providers): the title appears either way.
  const readable = (body: string) => decodeURIComponent(body.replace(/\+/g, ' '));
  const hitsFor = (title: string) => hits.filter((h) => readable(h.body).includes(title));

  it('reaches the person on Slack at once, then by SMS, then by a call, in order and on time', async () => {
    const title = unique('Database down');
    const created = await page({ contactId: dana.id, title, service: 'PostgreSQL' });
    expect(created.state).toBe('notifying');
    expect(created.steps.map((s) => [s.kind, s.state])).toEqual([
      ['slack', 'scheduled'],
      ['sms', 'scheduled'],
      ['voice', 'scheduled'],
    ]);

    await waitFor('the call', () => hitsFor(title).length === 3);
    const [slack, sms, voice] = hitsFor(title);
    expect([slack.peer, sms.peer, voice.peer]).toEqual(['slack', 'sms', 'voice']);
    const started = Date.parse(created.createdAt);
    expect(sms.at - started).toBeGreaterThanOrEqual(2 * MINUTE_MS - 50);
    expect(voice.at - started).toBeGreaterThanOrEqual(4 * MINUTE_MS - 50);
    // Slack names the person; the SMS goes to their phone; the call reads the title.
    expect(JSON.parse(slack.body).text).toBe(`<@U024BE7LH> Alert: ${title}`);
    expect(new URLSearchParams(sms.body).get('To')).toBe('+33612345678');
    expect(sms.url).toBe('/2010-04-01/Accounts/AC1/Messages.json');
    expect(voice.url).toBe('/2010-04-01/Accounts/AC1/Calls.json');
    expect(new URLSearchParams(voice.body).get('Twiml')).toContain(`Page: ${title}`);

    await waitFor('every step sent', async () => (await pageNow(created.id)).state === 'exhausted');
    const done = await pageNow(created.id);
    expect(done.steps.map((s) => s.state)).toEqual(['sent', 'sent', 'sent']);
    // Each step is a delivery with its receipt.
    for (const step of done.steps) {
      const deliveries = (
        await as(admin).get(`${NOTIFICATION_CHANNEL_ROUTES.deliveries}?limit=200`).expect(200)
      ).body as DeliverySummary[];
      const delivery = deliveries.find((d) => d.id === step.deliveryId);
      expect(delivery?.idempotencyKey).toBe(`page:${created.id}:${step.step}`);
    }
  });

  it('stops the remaining steps when acknowledged: no SMS, no call', async () => {
    const title = unique('Disk full');
    const created = await page({ contactId: dana.id, title });
    await waitFor('the Slack message', () => hitsFor(title).length === 1);

    const acked = (await as(admin).post(ON_CALL_ROUTES.pageAcknowledge(created.id)).expect(200))
      .body as PageSummary;
    expect(acked.state).toBe('acknowledged');
    expect(acked.acknowledgedAt).not.toBeNull();
    expect(acked.steps.map((s) => [s.state, s.reason])).toEqual([
      ['sent', null],
      ['cancelled', 'acknowledged'],
      ['cancelled', 'acknowledged'],
    ]);

    // Past the time of the call: nothing more was sent.
    await sleep(4 * MINUTE_MS + 500);
    expect(hitsFor(title).map((h) => h.peer)).toEqual(['slack']);
  });

  it('counts parallel acknowledgements once: one audit row, the same answer for all', async () => {
    const created = await page({ contactId: dana.id, title: unique('Race') });
    const answers = await Promise.all(
      Array.from({ length: 12 }, () => as(admin).post(ON_CALL_ROUTES.pageAcknowledge(created.id))),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(12).fill(200));
    expect(new Set(answers.map((a) => (a.body as PageSummary).acknowledgedAt)).size).toBe(1);
    const rows = await auditRows(t, { action: 'page_acknowledged', target: `page:${created.id}` });
    expect(rows).toHaveLength(1);
  });

  it('pages once per dedup key, even when the same page is sent 10 times at once', async () => {
    const dedupKey = unique('alert');
    const title = unique('Deduplicated');
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        as(admin).post(ON_CALL_ROUTES.pages, {
          contactId: dana.id,
          urgency: 'low',
          severity: 'warning',
          title,
          dedupKey,
        }),
      ),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    expect(new Set(answers.map((a) => (a.body as PageSummary).id)).size).toBe(1);
    await waitFor('the SMS', () => hitsFor(title).length === 1);
    await sleep(500);
    expect(hitsFor(title)).toHaveLength(1);
  });

  it('sends a step once even when its job runs twice at the same moment', async () => {
    // The step already ran; its job queued again, five times at once, sends nothing more.
    const title = unique('Twice');
    const created = await page({ contactId: dana.id, title, urgency: 'low' });
    await waitFor('the SMS', () => hitsFor(title).length === 1);
    const organizationId = (
      await queryDb<{ organization_id: string }>(
        t,
        'SELECT organization_id FROM page WHERE id = $1',
        [created.id],
      )
    )[0].organization_id;
    const queue = t.app.get<{ add(name: string, data: object): Promise<unknown> }>(
      getQueueToken(QUEUES.notificationPages),
      { strict: false },
    );
    await Promise.all(
      Array.from({ length: 5 }, () =>
        queue.add('page-step', { pageId: created.id, step: 0, organizationId }),
      ),
    );
    await sleep(1000);
    expect(hitsFor(title)).toHaveLength(1);
    const deliveries = await queryDb<{ n: string }>(
      t,
      `SELECT count(*)::text AS n FROM notification_delivery WHERE idempotency_key = $1`,
      [`page:${created.id}:0`],
    );
    expect(deliveries[0].n).toBe('1');
  });

  it('pages whoever is on call on a schedule now', async () => {
    const eve = await contact(unique('Eve'), { phone: '+33700000001' });
    const schedule = (
      await as(admin)
        .post(ON_CALL_ROUTES.schedules, {
          name: unique('Primary'),
          timeZone: 'Europe/Paris',
          layers: [
            {
              name: 'Everyone',
              rotation: 'weekly',
              handoffTime: '09:00',
              startsAt: '2020-01-06T08:00:00Z',
              memberIds: [eve.id],
            },
          ],
        })
        .expect(201)
    ).body as ScheduleSummary;
    const title = unique('On call');
    const created = await page({ scheduleId: schedule.id, title });
    expect(created.contactId).toBe(eve.id);
    expect(created.scheduleId).toBe(schedule.id);
    // Eve set no rules and has a phone only: an SMS at once, a call after 30 minutes.
    expect(created.steps.map((s) => [s.kind, s.delayMinutes])).toEqual([
      ['sms', 0],
      ['voice', 30],
    ]);
    await waitFor('the SMS', () => hitsFor(title).length === 1);
    expect(new URLSearchParams(hitsFor(title)[0].body).get('To')).toBe('+33700000001');
  });

  it('skips a step it cannot send, saying why, and goes on', async () => {
    const noPhone = await contact(unique('Frank'), { handles: { slack: 'U0FRANK' } });
    await as(admin)
      .put(ON_CALL_ROUTES.contactPreferences(noPhone.id), {
        highUrgency: [
          { delayMinutes: 0, kind: 'sms' },
          { delayMinutes: 0, kind: 'slack' },
        ],
        lowUrgency: [],
      })
      .expect(200);
    const title = unique('Skip');
    const created = await page({ contactId: noPhone.id, title });
    await waitFor('both steps', async () => (await pageNow(created.id)).state === 'exhausted');
    const done = await pageNow(created.id);
    expect(done.steps.map((s) => [s.kind, s.state, s.reason])).toEqual([
      ['sms', 'skipped', 'the contact has no phone number'],
      ['slack', 'sent', null],
    ]);
  });

  it('pushes page:changed live to sockets allowed to read notifications: created, step sent, acknowledged', async () => {
    const seen: PageSummary[] = [];
    const socket = await connectClient(
      t.url,
      (s) => s.on('page:changed', (p) => seen.push(p)),
      admin,
    );
    try {
      const title = unique('Live');
      const created = await page({ contactId: dana.id, title });
      const mine = () => seen.filter((p) => p.id === created.id);
      await waitFor('the first step sent', () => mine().some((p) => p.steps[0].state === 'sent'));
      await as(admin).post(ON_CALL_ROUTES.pageAcknowledge(created.id)).expect(200);
      await waitFor('the acknowledgement', () => mine().some((p) => p.state === 'acknowledged'));
      expect(mine()[0].state).toBe('notifying');
      expect(
        mine()
          .at(-1)
          ?.steps.map((s) => s.state),
      ).toEqual(['sent', 'cancelled', 'cancelled']);
    } finally {
      socket.disconnect();
    }
  });

  it('refuses bad pages with a 4xx naming the field, and a contact who cannot be reached', async () => {
    const bad = async (body: object, status: number, message: RegExp) => {
      const res = await as(admin).post(ON_CALL_ROUTES.pages, body);
      expect(res.status).toBe(status);
      expect(JSON.stringify(res.body)).toMatch(message);
    };
    const base = { contactId: dana.id, urgency: 'high', severity: 'critical', title: 'x' };
    await bad({ ...base, urgency: 'urgent' }, 400, /urgency: one of high, low/);
    await bad({ ...base, severity: 'bad' }, 400, /severity: one of/);
    await bad({ ...base, title: '' }, 400, /title: 1 to 512 characters/);
    await bad({ ...base, contactId: 'nope' }, 400, /contactId: a contact id/);
    await bad(
      { ...base, scheduleId: dana.id },
      400,
      /contactId: give either contactId or scheduleId/,
    );
    await bad({ urgency: 'high', severity: 'critical', title: 'x' }, 400, /contactId: give either/);
    await bad(
      { ...base, details: { nested: { a: 1 } } },
      400,
      /details: an object of at most 50 keys/,
    );
    await bad({ ...base, dedupKey: 'a b' }, 400, /dedupKey: 1 to 255 printable ASCII/);
    await bad(
      { ...base, contactId: '00000000-0000-4000-8000-000000000000' },
      404,
      /no such contact/,
    );
    const unreachable = await contact(unique('Ghost'));
    await bad({ ...base, contactId: unreachable.id }, 409, /no way to reach them/);
  });

  it('lets the paged person acknowledge their own page, and nobody else without notifications:write', async () => {
    const viewer = await createUser(t, admin, ['viewer']);
    const viewerToken = (await loginAs(t, viewer.username, viewer.password)).accessToken;
    const self = await contact(unique('Viewer'), { userId: viewer.id, phone: '+33700000002' });
    const other = await page({ contactId: dana.id, title: unique('Not yours') });
    const own = await page({ contactId: self.id, title: unique('Yours') });

    const refused = await as(viewerToken).post(ON_CALL_ROUTES.pageAcknowledge(other.id));
    expect(refused.status).toBe(403);
    expect(refused.body.message).toMatch(/only acknowledge your own pages/);
    expect((await pageNow(other.id)).state).not.toBe('acknowledged');
    const paging = await as(viewerToken).post(ON_CALL_ROUTES.pages, {
      contactId: dana.id,
      urgency: 'high',
      severity: 'critical',
      title: 'not allowed',
    });
    expect(paging.status).toBe(403);

    const acked = await as(viewerToken).post(ON_CALL_ROUTES.pageAcknowledge(own.id)).expect(200);
    expect((acked.body as PageSummary).acknowledgedBy).toBe(viewer.id);
  });
});
