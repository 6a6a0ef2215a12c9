import { freePort, httpTarget, startMailbox, waitFor } from '@hyperion/api/testing';
import type {
  IncidentDetail,
  MonitorSummary,
  NotificationChannelDetails,
  StatusPageDetail,
  StatusPageIncident,
  StatusPageSubscriberList,
  TokenPair,
} from '@hyperion/contracts';
import {
  INCIDENT_ROUTES,
  JOBS,
  MONITOR_ROUTES,
  NOTIFICATION_CHANNEL_ROUTES,
  ORGANIZATION_ROUTES,
  QUEUES,
  STATUS_PAGE_ROUTES,
  STATUS_PUBLIC_ROUTES,
} from '@hyperion/contracts';
import { getQueueToken } from '@nestjs/bull';
import type { Queue } from 'bull';
import ICAL from 'ical.js';
import type { ParsedMail } from 'mailparser';
import request from 'supertest';

import { createUser, unique } from './auth-helpers';
import { adminToken, bearer, loginAs, queryDb, startTestApp, TestApp } from './test-app';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * A page's markup with its whitespace folded and none around tags, so assertions do not depend
 * on how the templates are laid out.
 */
const squash = (html: string) => html.replace(/\s+/g, ' ').replace(/\s*([<>])\s*/g, '$1');

/** The first link in a mail's text that contains `part`. */
function linkIn(mail: ParsedMail, part: string): string {
  const link = (mail.text ?? '').match(/https?:\/\/\S+/g)?.find((url) => url.includes(part));
  if (!link) throw new Error(`no ${part} link in: ${mail.text}`);
  return link;
}

/**
 * Done-means of the status pages (issue 11): a published page at /status/<slug> shows a real HTTP
 * monitor UP, then DOWN; public incident updates (page and Atom feed), maintenance (iCalendar
 * with its RRULE); email subscriptions through a real SMTP server, double opt-in, one email per
 * update, unsubscribe; the page answers from its cache when the database cannot be read; hostile
 * names come out escaped; other organisations and viewers are kept out of the admin API.
 */
describe('public status pages', () => {
  let t: TestApp;
  let admin: string;
  let viewer: string;
  let otherOrg: string;
  let mailbox: Awaited<ReturnType<typeof startMailbox>>;
  let target: ReturnType<typeof httpTarget>;
  let monitor: MonitorSummary;
  let page: StatusPageDetail;
  let incident: IncidentDetail;
  const hostile = '<script>alert("pwned")</script>';

  const api = (token = admin) => bearer(t, token);

  /** The public page, without any session. */
  const publicPage = (slug = page.slug) => request(t.url).get(STATUS_PUBLIC_ROUTES.page(slug));

  const ok = async <T>(res: request.Test | Promise<request.Response>, status = 200): Promise<T> => {
    const answer = await res;
    expect({ status: answer.status, body: answer.body }).toMatchObject({ status });
    return answer.body as T;
  };

  const check = (id: string) => ok<MonitorSummary>(api().post(MONITOR_ROUTES.check(id)));

  const postUpdate = (status: string, message: string, extra: object = {}) =>
    ok<StatusPageIncident>(
      api().post(STATUS_PAGE_ROUTES.incidentUpdates(page.id, incident.id), {
        status,
        message,
        ...extra,
      }),
      201,
    );

  beforeAll(async () => {
    mailbox = await startMailbox();
    t = await startTestApp({
      // The SMTP server and the monitored target are on loopback.
      NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1',
      NOTIFICATION_BACKOFF_MS: '50',
      NOTIFICATION_TIMEOUT_MS: '5000',
    });
    admin = await adminToken(t);
    const user = await createUser(t, admin, ['viewer']);
    viewer = (await loginAs(t, user.username, user.password)).accessToken;
    // A session of its own for the other organisation (switching changes the session's).
    const elsewhere = await adminToken(t);
    const created = await api(elsewhere).post(ORGANIZATION_ROUTES.platformOrganizations, {
      name: 'Status elsewhere',
      slug: unique('status-b').toLowerCase(),
    });
    expect(created.status).toBe(201);
    const switched = await api(elsewhere).post(ORGANIZATION_ROUTES.switch, {
      organizationId: created.body.id,
    });
    otherOrg = (switched.body as TokenPair).accessToken;

    target = httpTarget(await freePort());
    await target.start();
    monitor = await ok<MonitorSummary>(
      api().post(MONITOR_ROUTES.collection, {
        name: `checkout api ${unique('m')}`,
        kind: 'http',
        target: { url: target.url },
        retries: 0,
      }),
      201,
    );
    page = await ok<StatusPageDetail>(
      api().post(STATUS_PAGE_ROUTES.collection, {
        name: `Acme ${hostile}`,
        slug: unique('acme').toLowerCase(),
        description: 'Live status of Acme & co. <b>not bold</b>',
        published: true,
      }),
      201,
    );
    page = await ok<StatusPageDetail>(
      api().put(STATUS_PAGE_ROUTES.components(page.id), {
        groups: [
          {
            name: `Core ${hostile}`,
            components: [{ kind: 'monitor', id: monitor.id, displayName: 'Checkout <img src=x>' }],
          },
        ],
      }),
    );
    incident = await ok<IncidentDetail>(
      api().post(INCIDENT_ROUTES.collection, {
        title: `Checkout errors ${hostile}`,
        severity: 'high',
      }),
      201,
    );
  });

  afterAll(async () => {
    await target?.stop();
    await mailbox?.close();
    await t?.close();
  });

  it('shows a real HTTP monitor UP without a login, then DOWN once it stops and is checked', async () => {
    expect(await check(monitor.id)).toMatchObject({ state: 'up' });
    // The layout change above refreshed the page; the check is shown within the cache's TTL.
    const up = await waitFor('the page to show the monitor up', async () => {
      const res = await publicPage();
      return res.status === 200 && squash(res.text).includes('All systems operational')
        ? res
        : null;
    });
    expect(up.headers['content-type']).toMatch(/^text\/html; charset=utf-8/);
    expect(up.headers['content-security-policy']).toContain("script-src 'self'");
    expect(squash(up.text)).toContain('<meta http-equiv="refresh" content="60">');
    expect(squash(up.text)).toMatch(
      /Checkout &lt;img src=x&gt;<\/span><span class="state operational">/,
    );
    expect(squash(up.text)).toContain('% uptime over the last 90 days');
    expect(squash(up.text)).toContain('Response time over the last 24 hours');

    await target.stop();
    expect(await check(monitor.id)).toMatchObject({ state: 'down' });
    const started = Date.now();
    const down = await waitFor(
      'the page to show the monitor down',
      async () => {
        const res = await publicPage();
        return squash(res.text).includes('Major outage') ? res : null;
      },
      45_000,
    );
    // Refreshed by the cache's TTL (30 s), not later.
    expect(Date.now() - started).toBeLessThan(40_000);
    expect(down.status).toBe(200);
    expect(squash(down.text)).toMatch(
      /Checkout &lt;img src=x&gt;<\/span><span class="state outage"><span aria-hidden="true">✕<\/span>Outage/,
    );
    await target.start();
    expect(await check(monitor.id)).toMatchObject({ state: 'up' });
  }, 90_000);

  it('escapes hostile names everywhere on the page', async () => {
    const res = await publicPage();
    const html = squash(res.text);

    expect(res.status).toBe(200);
    // No script element at all: the page has none of its own, and names stay text.
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toContain('<img src=x>');
    expect(html).not.toContain('<b>not bold</b>');
    expect(html).toContain(
      '<title>Acme &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; status</title>',
    );
    expect(html).toContain('<h1>Acme &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;</h1>');
    expect(html).toContain('Core &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;');
    expect(html).toContain('Live status of Acme &amp; co. &lt;b&gt;not bold&lt;/b&gt;');
  });

  it('shows a public incident update on the page and in the Atom feed, newest first', async () => {
    await postUpdate('investigating', 'Payments fail for some <customers> & "retries" help.');
    await postUpdate('identified', 'A bad deploy; rolling back.', { title: `Checkout ${hostile}` });

    const html = squash((await publicPage()).text);
    expect(html).toContain('Current incidents');
    expect(html).toContain(
      '<h3>Checkout &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;</h3>',
    );
    expect(html).toContain(
      'Payments fail for some &lt;customers&gt; &amp; &quot;retries&quot; help.',
    );
    expect(html.indexOf('A bad deploy')).toBeLessThan(html.indexOf('Payments fail'));
    expect(html).toContain('Degraded performance');

    const feed = await request(t.url).get(STATUS_PUBLIC_ROUTES.feed(page.slug));
    expect(feed.status).toBe(200);
    expect(feed.headers['content-type']).toMatch(/^application\/atom\+xml/);
    expect(feed.text).toMatch(
      /^<\?xml version="1.0" encoding="utf-8"\?>\n<feed xmlns="http:\/\/www.w3.org\/2005\/Atom">/,
    );
    const titles = [
      ...feed.text.matchAll(/<entry>\n<id>[^<]+<\/id>\n<title>([^<]*)<\/title>/g),
    ].map((m) => m[1]);
    expect(titles).toEqual([
      'Checkout &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;: Identified',
      'Checkout &lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;: Investigating',
    ]);
    expect(feed.text).toContain(
      '<content type="text">Payments fail for some &lt;customers&gt; &amp; &quot;retries&quot; help.</content>',
    );
    expect(feed.text).not.toContain('<script');
  });

  it('publishes maintenance in the iCalendar feed with its RRULE, and on the page', async () => {
    const sunday = new Date();
    sunday.setUTCDate(sunday.getUTCDate() + ((7 - sunday.getUTCDay()) % 7 || 7));
    sunday.setUTCHours(2, 0, 0, 0);
    await ok(
      api().post(STATUS_PAGE_ROUTES.maintenance(page.id), {
        title: 'Database patching; weekly, "Sunday"',
        description: 'Short read-only windows.\nNothing to do on your side.',
        startsAt: sunday.toISOString(),
        durationMinutes: 90,
        rrule: 'FREQ=WEEKLY;BYDAY=SU',
        affects: [{ kind: 'monitor', id: monitor.id }],
        notifySubscribers: false,
      }),
      201,
    );

    const res = await request(t.url).get(STATUS_PUBLIC_ROUTES.calendar(page.slug));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/calendar; charset=utf-8/);
    expect(res.text.split('\r\n').every((line) => Buffer.byteLength(line) <= 75)).toBe(true);
    expect(res.text).toContain('\r\nRRULE:FREQ=WEEKLY;BYDAY=SU\r\n');
    const calendar = new ICAL.Component(ICAL.parse(res.text) as unknown[]);
    const [event] = calendar.getAllSubcomponents('vevent').map((v) => new ICAL.Event(v));
    expect(event.summary).toBe('Database patching; weekly, "Sunday"');
    expect(event.startDate.toJSDate().toISOString()).toBe(sunday.toISOString());
    expect(event.endDate.toJSDate().getTime() - sunday.getTime()).toBe(90 * 60_000);
    expect(event.isRecurring()).toBe(true);
    const next = event.iterator();
    next.next();
    expect(next.next().toJSDate().toISOString()).toBe(
      new Date(sunday.getTime() + 7 * 86_400_000).toISOString(),
    );
    expect(event.description).toContain('Affects: Checkout <img src=x>.');

    const html = squash((await publicPage()).text);
    expect(html).toContain('<h3>Database patching; weekly, &quot;Sunday&quot;</h3>');
    expect(html).toContain('Repeats every week on Sunday (UTC)');
  });

  it('subscribes by email with a double opt-in, mails each update once, and unsubscribes', async () => {
    const channel = await ok<NotificationChannelDetails>(
      api().post(NOTIFICATION_CHANNEL_ROUTES.collection, {
        name: unique('status mail'),
        kind: 'email',
        config: {
          host: '127.0.0.1',
          port: mailbox.port,
          security: 'none',
          from: 'status@example.com',
          to: ['ops@example.com'],
        },
        secrets: {},
      }),
      201,
    );
    await ok(
      api().patch(STATUS_PAGE_ROUTES.item(page.id), {
        emailChannelId: channel.id,
        publicUrl: `${t.url}${STATUS_PUBLIC_ROUTES.page(page.slug)}`,
      }),
    );
    const subscribe = (email: string) =>
      request(t.url).post(STATUS_PUBLIC_ROUTES.subscribe(page.slug)).send({ email });
    const reader = 'Reader@Example.com';

    const first = await subscribe(reader);
    expect(first.status).toBe(202);
    const confirmation = await waitFor(
      'the confirmation email',
      async () => mailbox.to('reader@example.com')[0],
    );
    expect(confirmation.subject).toContain('Confirm your subscription');
    const confirm = linkIn(confirmation, '/confirm?token=');
    expect(linkIn(confirmation, '/unsubscribe?token=')).toMatch(/token=[A-Za-z0-9_-]{43}$/);
    // Only the token's hash is stored.
    const token = new URL(confirm).searchParams.get('token') as string;
    const stored = await queryDb(t, `SELECT * FROM status_page_subscriber WHERE email = $1`, [
      'reader@example.com',
    ]);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(token);

    // A form post (a browser without script) gets a page; a bad address a 400 naming it.
    const form = await request(t.url)
      .post(STATUS_PUBLIC_ROUTES.subscribe(page.slug))
      .type('form')
      .send({ email: 'not an address' });
    expect(form.status).toBe(400);
    expect(squash(form.text)).toContain('email: an email address of at most 254 characters');

    // Opening the link (as a mail scanner does) only offers the button; nothing is confirmed.
    const confirmPath = new URL(confirm).pathname + new URL(confirm).search;
    const offered = await request(t.url).get(confirmPath);
    expect(offered.status).toBe(200);
    expect(offered.text).toContain(`<form method="post" action="${confirmPath}">`);
    expect(squash(offered.text)).toContain('Confirm subscription');
    const pending = async () =>
      (
        await queryDb<{ confirmed_at: Date | null }>(
          t,
          `SELECT confirmed_at FROM status_page_subscriber WHERE email = $1`,
          ['reader@example.com'],
        )
      )[0].confirmed_at === null;
    expect(await pending()).toBe(true);
    const confirmed = await request(t.url).post(confirmPath);
    expect(confirmed.status).toBe(200);
    expect(squash(confirmed.text)).toContain('Subscription confirmed');
    expect(await pending()).toBe(false);
    // Single use.
    const again = await request(t.url).post(confirmPath);
    expect(again.status).toBe(404);

    // Subscribing a confirmed address answers exactly as for a new one, and mails nothing.
    const repeat = await subscribe(reader);
    expect({ status: repeat.status, body: repeat.body }).toEqual({
      status: first.status,
      body: first.body,
    });

    const published = await postUpdate(
      'monitoring',
      'The rollback is out; watching the error rate.',
    );
    const update = await waitFor(
      'the update email',
      async () => mailbox.to('reader@example.com')[1],
    );
    expect(update.subject).toContain('Monitoring');
    expect(update.text).toContain('The rollback is out; watching the error rate.');
    const unsubscribe = linkIn(update, '/unsubscribe?token=');
    // Once, even when its job runs again (a retry, a relay that queued it twice).
    const [{ organization_id: organizationId }] = await queryDb<{ organization_id: string }>(
      t,
      `SELECT organization_id FROM status_page WHERE id = $1`,
      [page.id],
    );
    const updateId = published.updates[0].id;
    const rerun = await t.app
      .get<Queue>(getQueueToken(QUEUES.statusPages))
      .add(JOBS.statusPageNotify, {
        pageId: page.id,
        subject: 'incident-update',
        id: updateId,
        organizationId,
      });
    await rerun.finished();
    const deliveries = await queryDb(
      t,
      `SELECT 1 FROM notification_delivery WHERE recipient = $1 AND title LIKE '%: Monitoring'`,
      ['reader@example.com'],
    );
    expect(deliveries).toHaveLength(1);
    await sleep(1500);
    expect(mailbox.to('reader@example.com')).toHaveLength(2);

    // The link offers the button; the post (the button, or a mail client's one-click) leaves.
    const unsubscribePath = new URL(unsubscribe).pathname + new URL(unsubscribe).search;
    const asked = await request(t.url).get(unsubscribePath);
    expect(asked.status).toBe(200);
    expect(asked.text).toContain(`<form method="post" action="${unsubscribePath}">`);
    expect(await pending()).toBe(false);
    const left = await request(t.url).post(unsubscribePath);
    expect(left.status).toBe(200);
    expect(squash(left.text)).toContain('Unsubscribed');
    // Another confirmed subscriber shows when the next update has gone out.
    await subscribe('witness@example.com');
    const witnessConfirm = await waitFor(
      'the witness confirmation',
      async () => mailbox.to('witness@example.com')[0],
    );
    const link = linkIn(witnessConfirm, '/confirm?token=');
    expect((await request(t.url).post(new URL(link).pathname + new URL(link).search)).status).toBe(
      200,
    );
    await postUpdate('resolved', 'Payments are back to normal.');
    await waitFor('the witness update email', async () => mailbox.to('witness@example.com')[1]);
    await sleep(500);
    expect(mailbox.to('reader@example.com')).toHaveLength(2);

    const list = await ok<StatusPageSubscriberList>(
      api().get(STATUS_PAGE_ROUTES.subscribers(page.id)),
    );
    expect(list).toMatchObject({ confirmed: 1, pending: 0 });
    expect(list.items.map((s) => s.email)).toEqual(['w•••@example.com']);
  }, 90_000);

  it('mails one address at most three confirmations a day, and refuses a flood from one client', async () => {
    const victim = 'victim@example.com';
    const answers = [];
    // The previous test made 5 requests from this address; the limit is 10 an hour.
    for (let i = 0; i < 5; i++) {
      const res = await request(t.url)
        .post(STATUS_PUBLIC_ROUTES.subscribe(page.slug))
        .send({ email: victim });
      answers.push({ status: res.status, body: res.body });
    }
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    expect(answers[0].status).toBe(202);
    await waitFor('three confirmations', async () => mailbox.to(victim).length >= 3);
    await sleep(1500);
    expect(mailbox.to(victim)).toHaveLength(3);

    // Whatever the previous tests used of this client's 10 requests an hour, a flood ends in 429.
    const statuses: number[] = [];
    for (let i = 0; i < 12 && !statuses.includes(429); i++) {
      const res = await request(t.url)
        .post(STATUS_PUBLIC_ROUTES.subscribe(page.slug))
        .send({ email: `someone-${i}@example.com` });
      statuses.push(res.status);
    }
    expect(statuses[statuses.length - 1]).toBe(429);
    expect(statuses.slice(0, -1).every((s) => s === 202)).toBe(true);
  });

  it('still answers from its cache when the database cannot be read, marked stale; back when it is', async () => {
    const before = await publicPage();
    expect(before.status).toBe(200);
    // A change commits (the next request reads the database again), then the database goes away.
    await ok(api().patch(STATUS_PAGE_ROUTES.item(page.id), { description: 'Changed just now' }));
    await t.database.stop();
    try {
      const res = await publicPage();
      expect(res.status).toBe(200);
      expect(squash(res.text)).toContain('Live data cannot be read right now');
      expect(squash(res.text)).toContain('Checkout &lt;img src=x&gt;');
      expect(res.headers['cache-control']).toBe('no-cache');
      expect((await request(t.url).get(STATUS_PUBLIC_ROUTES.feed(page.slug))).status).toBe(200);
      // A page never rendered has nothing to fall back on: 503, never a 500.
      const unknown = await publicPage('never-rendered');
      expect(unknown.status).toBe(503);
      expect(squash(unknown.text)).toContain('Status page unavailable');
    } finally {
      await t.database.start();
    }
    const back = await waitFor(
      'the page read again',
      async () => {
        const res = await publicPage();
        return squash(res.text).includes('Changed just now') ? res : null;
      },
      25_000,
    );
    expect(squash(back.text)).not.toContain('Live data cannot be read right now');
  }, 60_000);

  it('answers 404 pages for an unknown or unpublished slug', async () => {
    const unknown = await publicPage('no-such-page');
    expect(unknown.status).toBe(404);
    expect(unknown.headers['content-type']).toMatch(/^text\/html/);
    expect((await request(t.url).get('/status/%3Cscript%3E')).status).toBe(404);
    expect((await request(t.url).get(STATUS_PUBLIC_ROUTES.feed('no-such-page'))).status).toBe(404);

    const draft = await ok<StatusPageDetail>(
      api().post(STATUS_PAGE_ROUTES.collection, {
        name: unique('Draft'),
        slug: unique('draft').toLowerCase(),
      }),
      201,
    );
    expect((await publicPage(draft.slug)).status).toBe(404);
  });

  it('keeps another organisation out of the page (404) and viewers from changing it (403)', async () => {
    const other = api(otherOrg);
    expect((await other.get(STATUS_PAGE_ROUTES.item(page.id))).status).toBe(404);
    expect((await other.patch(STATUS_PAGE_ROUTES.item(page.id), { name: 'mine now' })).status).toBe(
      404,
    );
    expect((await other.put(STATUS_PAGE_ROUTES.components(page.id), { groups: [] })).status).toBe(
      404,
    );
    expect(
      (
        await other.post(STATUS_PAGE_ROUTES.incidentUpdates(page.id, incident.id), {
          status: 'resolved',
          message: 'x',
        })
      ).status,
    ).toBe(404);
    expect((await other.get(STATUS_PAGE_ROUTES.subscribers(page.id))).status).toBe(404);
    expect((await other.delete(STATUS_PAGE_ROUTES.item(page.id))).status).toBe(404);
    const theirs = (await other.get(STATUS_PAGE_ROUTES.collection)).body as { id: string }[];
    expect(theirs.map((p) => p.id)).not.toContain(page.id);

    const look = api(viewer);
    expect((await look.get(STATUS_PAGE_ROUTES.item(page.id))).status).toBe(200);
    const refusals = await Promise.all([
      look.post(STATUS_PAGE_ROUTES.collection, { name: 'v', slug: unique('v').toLowerCase() }),
      look.patch(STATUS_PAGE_ROUTES.item(page.id), { name: 'viewer was here' }),
      look.put(STATUS_PAGE_ROUTES.components(page.id), { groups: [] }),
      look.post(STATUS_PAGE_ROUTES.maintenance(page.id), {
        title: 'x',
        startsAt: '2030-01-01T00:00:00Z',
        durationMinutes: 5,
      }),
      look.post(STATUS_PAGE_ROUTES.incidentUpdates(page.id, incident.id), {
        status: 'resolved',
        message: 'x',
      }),
      look.delete(STATUS_PAGE_ROUTES.item(page.id)),
    ]);
    expect(refusals.map((r) => r.status)).toEqual([403, 403, 403, 403, 403, 403]);
    expect((await api().get(STATUS_PAGE_ROUTES.item(page.id))).body).toMatchObject({
      name: page.name,
    });
  });

  it('names the field of a bad request, never a 500', async () => {
    const bad = async (path: string, body: object, message: RegExp) => {
      const res = await api().post(path, body);
      expect({ status: res.status, message: [res.body.message].flat().join('\n') }).toEqual({
        status: 400,
        message: expect.stringMatching(message),
      });
    };
    await bad(STATUS_PAGE_ROUTES.collection, { name: 'x', slug: 'Not A Slug' }, /^slug: /);
    await bad(
      STATUS_PAGE_ROUTES.collection,
      { name: 'x', slug: unique('u').toLowerCase(), publicUrl: 'javascript:alert(1)' },
      /^publicUrl: /,
    );
    await bad(
      STATUS_PAGE_ROUTES.maintenance(page.id),
      { title: 'x', startsAt: '2030-01-01T00:00:00', durationMinutes: 5 },
      /^startsAt: /,
    );
    await bad(
      STATUS_PAGE_ROUTES.maintenance(page.id),
      { title: 'x', startsAt: '2030-01-01T00:00:00Z', durationMinutes: 5, rrule: 'FREQ=SECONDLY' },
      /^rrule: FREQ must be one of/,
    );
    await bad(
      STATUS_PAGE_ROUTES.incidentUpdates(page.id, incident.id),
      { status: 'fixed', message: 'x' },
      /^status: one of investigating, identified, monitoring, resolved$/,
    );
    const missing = await api().post(
      STATUS_PAGE_ROUTES.incidentUpdates(page.id, '00000000-0000-4000-8000-000000000000'),
      { status: 'resolved', message: 'x' },
    );
    expect(missing.status).toBe(404);
  });
});
