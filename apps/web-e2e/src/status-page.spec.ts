import { freePort, httpTarget, startMailbox } from '@hyperion/api/testing';
import type {
  IncidentDetail,
  MonitorSummary,
  NotificationChannelDetails,
  StatusPageDetail,
  TokenPair,
} from '@hyperion/contracts';
import {
  AUTH_ROUTES,
  INCIDENT_ROUTES,
  MONITOR_ROUTES,
  NOTIFICATION_CHANNEL_ROUTES,
  STATUS_PAGE_ROUTES,
  STATUS_PUBLIC_ROUTES,
} from '@hyperion/contracts';
import type { Page } from 'playwright-core';

import { UI_TIMEOUT_MS } from './support/console';
import { ConsoleSuite, startConsoleSuite, suiteStep } from './support/console-suite';

const ADMIN_PASSWORD = 'e2e-admin-Passw0rd-2026';
/**
 * The public page answers from a cache refreshed every 30 s (STATUS_CACHE_TTL_MS): a change shows
 * within that, plus a margin for a busy machine.
 */
const CACHE_REFRESH_MS = 45_000;
/** How long the confirmation email may take to reach the SMTP server. */
const MAIL_TIMEOUT_MS = 20_000;
const SUBSCRIBER = 'reader@example.com';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const squash = (text: string | null | undefined) => (text ?? '').replace(/\s+/g, ' ').trim();

/**
 * A public status page in a real browser against the built server (issue 11). Set up through the
 * API: a loopback HTTP target with an HTTP monitor, an email notification channel to a loopback
 * SMTP server, a published page showing the monitor and offering subscriptions. Without any
 * login, Chromium sees the monitor operational; once the target stops and the monitor is checked,
 * a reload within the cache's refresh shows the outage; a public incident update shows on the
 * page; the page's subscribe form sends the confirmation email. The tests run in order and share
 * one tab.
 */
describe('Status page: public, live state, incident update, subscription (built server, headless Chromium)', () => {
  let suite: ConsoleSuite | undefined;
  let page: Page;
  let mailbox: Awaited<ReturnType<typeof startMailbox>> | undefined;
  let target: ReturnType<typeof httpTarget> | undefined;
  let token: string | undefined;
  let monitor: MonitorSummary;
  let statusPage: StatusPageDetail;

  function url(path: string): string {
    if (!suite) throw new Error('The server did not start');
    return suite.url(path);
  }

  /** A JSON call to the server from the test itself (the browser stays without a session). */
  async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
    const response = await fetch(url(path), {
      method,
      headers: {
        accept: 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`${method} ${path}: HTTP ${response.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  }

  /** Runs a step; on failure, a screenshot of what the page showed. */
  const step = (name: string, run: () => Promise<void>) => suiteStep(suite, name, run);

  const publicUrl = () => url(STATUS_PUBLIC_ROUTES.page(statusPage.slug));
  /** The monitor's row on the public page: its public name and its state. */
  const monitorRow = () =>
    page.locator('ul.components > li .row').filter({ hasText: 'Checkout API' });

  /**
   * Reloads the public page until its text contains `text`, for at most `timeoutMs`. A reload, as
   * a person would: the page says `max-age=30`, so a plain visit may come from the browser's cache,
   * while a reload asks the server again.
   */
  async function reloadUntil(text: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const response =
        page.url() === publicUrl() ? await page.reload() : await page.goto(publicUrl());
      const shown = squash(await page.locator('body').textContent());
      if (response?.status() === 200 && shown.includes(text)) return;
      if (Date.now() > deadline) {
        throw new Error(`"${text}" not shown within ${timeoutMs} ms. Shown: ${shown}`);
      }
      await sleep(1_000);
    }
  }

  beforeAll(async () => {
    mailbox = await startMailbox();
    target = httpTarget(await freePort());
    await target.start();
    suite = await startConsoleSuite('status-page', {
      ADMIN_PASSWORD,
      AUTH_RATE_LIMIT: '200',
      // The monitored target and the SMTP server are on loopback.
      NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1',
      NOTIFICATION_BACKOFF_MS: '50',
    });
    page = suite.page;

    token = (
      await api<TokenPair>('POST', AUTH_ROUTES.login, {
        username: 'admin',
        password: ADMIN_PASSWORD,
      })
    ).accessToken;
    monitor = await api<MonitorSummary>('POST', MONITOR_ROUTES.collection, {
      name: 'e2e checkout health',
      kind: 'http',
      target: { url: target.url },
      retries: 0,
    });
    const channel = await api<NotificationChannelDetails>(
      'POST',
      NOTIFICATION_CHANNEL_ROUTES.collection,
      {
        name: 'E2E status mail',
        kind: 'email',
        config: {
          host: '127.0.0.1',
          port: mailbox.port,
          security: 'none',
          from: 'status@example.com',
          to: ['ops@example.com'],
        },
        secrets: {},
      },
    );
    const slug = `e2e-${Date.now().toString(36)}`;
    statusPage = await api<StatusPageDetail>('POST', STATUS_PAGE_ROUTES.collection, {
      name: 'Acme E2E status',
      slug,
      description: 'Live status of the Acme shop.',
      published: true,
      emailChannelId: channel.id,
      publicUrl: url(STATUS_PUBLIC_ROUTES.page(slug)),
    });
    statusPage = await api<StatusPageDetail>('PUT', STATUS_PAGE_ROUTES.components(statusPage.id), {
      groups: [
        {
          name: 'Shop',
          components: [{ kind: 'monitor', id: monitor.id, displayName: 'Checkout API' }],
        },
      ],
    });
  }, 180_000);

  afterAll(async () => {
    await suite?.close();
    await target?.stop();
    await mailbox?.close();
  });

  it('shows the monitor operational to anyone, without a login', async () => {
    await step('operational', async () => {
      expect(await api<MonitorSummary>('POST', MONITOR_ROUTES.check(monitor.id))).toMatchObject({
        state: 'up',
      });
      await reloadUntil('All systems operational', CACHE_REFRESH_MS);

      await expect(page.title()).resolves.toBe('Acme E2E status status');
      expect(squash(await page.getByRole('heading', { level: 1 }).textContent())).toBe(
        'Acme E2E status',
      );
      expect(squash(await monitorRow().textContent())).toContain('Operational');
      // No session cookie, no console: the page stands on its own.
      expect((await page.context().cookies()).map((cookie) => cookie.name)).toEqual([]);
      await suite?.shot('status-page-operational.png');
    });
  }, 90_000);

  it('shows the outage after a reload once the target stops and the monitor is checked', async () => {
    await step('outage', async () => {
      await target?.stop();
      expect(await api<MonitorSummary>('POST', MONITOR_ROUTES.check(monitor.id))).toMatchObject({
        state: 'down',
      });

      await reloadUntil('Major outage', CACHE_REFRESH_MS);

      expect(squash(await monitorRow().textContent())).toContain('Outage');
      await suite?.shot('status-page-outage.png');
    });
  }, 90_000);

  it('shows a public incident update posted through the API', async () => {
    await step('incident', async () => {
      const incident = await api<IncidentDetail>('POST', INCIDENT_ROUTES.collection, {
        title: 'Checkout returns errors',
        severity: 'high',
      });
      await api('POST', STATUS_PAGE_ROUTES.incidentUpdates(statusPage.id, incident.id), {
        status: 'identified',
        message: 'A bad deploy broke the checkout; rolling back.',
        title: 'Checkout unavailable',
      });

      // Posting an update refreshes the page at once; the bound only covers a busy machine.
      await reloadUntil('A bad deploy broke the checkout; rolling back.', CACHE_REFRESH_MS);

      const shown = squash(await page.locator('body').textContent());
      expect(shown).toContain('Current incidents');
      expect(shown).toContain('Checkout unavailable');
      expect(shown).toContain('Identified');
      await suite?.shot('status-page-incident.png');
    });
  }, 90_000);

  it('sends the confirmation email when the subscribe form is filled in', async () => {
    await step('subscribe', async () => {
      await page.goto(publicUrl());
      await page.getByLabel('Email address').fill(SUBSCRIBER);
      await Promise.all([
        page.waitForLoadState('load'),
        page.getByRole('button', { name: 'Subscribe to updates' }).click(),
      ]);
      await page.getByText('Check your inbox').waitFor({ timeout: UI_TIMEOUT_MS });
      await suite?.shot('status-page-subscribed.png');

      const deadline = Date.now() + MAIL_TIMEOUT_MS;
      while (mailbox?.to(SUBSCRIBER).length === 0) {
        if (Date.now() > deadline) {
          throw new Error(`No confirmation email within ${MAIL_TIMEOUT_MS} ms`);
        }
        await sleep(200);
      }
      const [confirmation] = mailbox?.to(SUBSCRIBER) ?? [];
      expect(confirmation.subject).toContain('Confirm your subscription');
      expect(confirmation.text).toContain(
        `${url(STATUS_PUBLIC_ROUTES.confirm(statusPage.slug))}?token=`,
      );
    });
  }, 60_000);
});
