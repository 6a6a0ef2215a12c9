import type { ContactSummary, PageSummary, TokenPair } from '@hyperion/contracts';
import { AUTH_ROUTES, NOTIFICATION_CHANNEL_ROUTES, ON_CALL_ROUTES } from '@hyperion/contracts';
import type { Page, Route } from 'playwright-core';

import { UI_TIMEOUT_MS, byTestId, signIn } from './support/console';
import { ConsoleSuite, startConsoleSuite } from './support/console-suite';
import { startWebhookReceiver } from './support/webhook-receiver';

const ADMIN_PASSWORD = 'e2e-admin-Passw0rd-2026';
const CONTACT = 'Dana Pager';
const TITLE = 'E2E database primary down';
/**
 * The first step is sent by the queue a moment after the page was created; the `page:changed`
 * event it sends shows it at once, well before the list's 15 s poll would.
 */
const LIVE_TIMEOUT_MS = 5_000;
const startReceiver = () => startWebhookReceiver('/services/T000/B000/pages');

/**
 * Pages in a real browser against the built server (console): set up through the API — a Slack
 * channel whose webhook is a receiver on loopback, and a contact whose high-urgency rules are
 * "Slack at once, then email after 30 minutes". On the Pages tab the admin pages the contact with
 * the "Page someone" dialog; the page is listed as notifying, its first step shown sent within
 * seconds by the live `page:changed` event (the list's polls are held meanwhile, so none can show
 * it), the receiver got it, with a link to its delivery; "Acknowledge" makes it acknowledged and
 * cancels the email. The tests run in order and share one tab.
 */
describe('Pages: page someone, see the steps, acknowledge (built server, headless Chromium)', () => {
  let suite: ConsoleSuite | undefined;
  let page: Page;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  let token: string | undefined;
  let pageId: string | undefined;

  function url(path: string): string {
    if (!suite) throw new Error('The server did not start');
    return suite.url(path);
  }

  /** A JSON call to the server from the test itself (not the browser: its session stays apart). */
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

  const text = async (selector: string) =>
    ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();

  /** Opens a mat-select and picks the option showing `label`. */
  async function choose(select: string, label: string): Promise<void> {
    await page.click(select);
    await page.click(`.mat-mdc-select-panel mat-option:has-text("${label}")`, {
      timeout: UI_TIMEOUT_MS,
    });
    await page.waitForSelector('.mat-mdc-select-panel', {
      state: 'detached',
      timeout: UI_TIMEOUT_MS,
    });
  }

  beforeAll(async () => {
    receiver = await startReceiver();
    suite = await startConsoleSuite('pages', {
      ADMIN_PASSWORD,
      AUTH_RATE_LIMIT: '200',
      // The receiver is on loopback, which channels may not reach unless allowed.
      NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1',
    });
    page = suite.page;

    token = (
      await api<TokenPair>('POST', AUTH_ROUTES.login, {
        username: 'admin',
        password: ADMIN_PASSWORD,
      })
    ).accessToken;
    await api('POST', NOTIFICATION_CHANNEL_ROUTES.collection, {
      name: 'E2E Slack',
      kind: 'slack',
      config: { username: 'Hyperion e2e' },
      secrets: { webhookUrl: receiver.url },
    });
    const contact = await api<ContactSummary>('POST', ON_CALL_ROUTES.contacts, {
      name: CONTACT,
      email: 'dana@example.com',
      timeZone: 'Europe/Paris',
    });
    // Slack at once (no Slack id: the channel's own room), email after 30 minutes.
    await api('PUT', ON_CALL_ROUTES.contactPreferences(contact.id), {
      highUrgency: [
        { delayMinutes: 0, kind: 'slack' },
        { delayMinutes: 30, kind: 'email' },
      ],
      lowUrgency: [],
    });
  });

  afterAll(async () => {
    await suite?.close();
    await new Promise((resolve) => receiver?.server.close(resolve) ?? resolve(undefined));
  });

  it('opens the Pages tab: nobody is being paged yet', async () => {
    await page.goto(url('/notification-channels/pages'));
    await signIn(page, { login: 'admin', password: ADMIN_PASSWORD });
    await page.waitForURL((u) => u.pathname === '/notification-channels/pages', {
      timeout: UI_TIMEOUT_MS,
    });
    expect(await text(byTestId('notifications-tab-pages'))).toBe('Pages');
    await page.waitForSelector(byTestId('pages-empty'), { timeout: UI_TIMEOUT_MS });
    expect(await text(byTestId('pages-empty'))).toBe('Nobody is being paged right now.');
    // The socket connects after signing in; the list asked for since then is live.
    await page.waitForSelector(`${byTestId('pages-freshness')}[data-live="true"]`, {
      timeout: UI_TIMEOUT_MS,
    });
    expect(await text(byTestId('pages-freshness'))).toBe('Live: changes show as they happen');
  });

  /** Pages the contact from the dialog; the new page shows, then its first step as sent. */
  async function pageAndSeeItSent(): Promise<void> {
    await page.click(byTestId('page-new'));
    await page.waitForSelector(byTestId('page-form'), { timeout: UI_TIMEOUT_MS });
    await choose(byTestId('page-target'), CONTACT);
    await page.fill(byTestId('page-title'), TITLE);
    await page.fill(byTestId('page-service'), 'PostgreSQL');
    await suite?.shot('pages-dialog.png');
    await page.click(byTestId('page-submit'));

    const result = await page.waitForSelector(
      `${byTestId('page-result')}, ${byTestId('page-form-error')}`,
      { timeout: UI_TIMEOUT_MS },
    );
    if ((await result.getAttribute('data-testid')) !== 'page-result') {
      await suite?.shot('pages-refused.png');
      throw new Error(`The page was refused: ${await text(byTestId('page-form-error'))}`);
    }
    expect(await text(byTestId('page-result-text'))).toContain(`${CONTACT} is being notified`);
    await page.click(byTestId('page-result-close'));
    await page.waitForSelector(byTestId('page-result'), {
      state: 'detached',
      timeout: UI_TIMEOUT_MS,
    });

    const card = await page.waitForSelector(`[data-testid^="page-card-"][data-title="${TITLE}"]`, {
      timeout: UI_TIMEOUT_MS,
    });
    pageId = (await card.getAttribute('data-testid'))?.replace('page-card-', '');
    expect(pageId).toMatch(/^[0-9a-f-]{36}$/);

    // Sent by the queue a moment later: shown by its live event, not by a poll (they are held).
    const firstStep = byTestId(`page-step-${pageId}-0`);
    try {
      await page.waitForSelector(`${firstStep}[data-state="sent"]`, { timeout: LIVE_TIMEOUT_MS });
    } catch (error) {
      await suite?.shot('pages-step-not-sent.png');
      throw new Error(
        `The first step was not shown sent within ${LIVE_TIMEOUT_MS} ms: ${await text(firstStep)} (${error})`,
      );
    }
    expect(await card.getAttribute('data-state')).toBe('notifying');
  }

  it('pages the contact with the dialog, and shows the new page and its first step sent, live', async () => {
    // From now on the list's own requests are held: only the live event can show the step sent.
    const held: Route[] = [];
    let holding = true;
    await page.route(
      (u) => u.pathname === ON_CALL_ROUTES.pages,
      (route) => {
        if (holding && route.request().method() === 'GET') held.push(route);
        else void route.continue();
      },
    );
    try {
      await pageAndSeeItSent();
    } finally {
      holding = false;
      await Promise.all(held.map((route) => route.continue().catch(() => undefined)));
      await page.unroute((u) => u.pathname === ON_CALL_ROUTES.pages);
    }
  });

  it('lists it as notifying with its first step sent (the receiver got it), linked to its delivery', async () => {
    if (!pageId || !receiver) throw new Error('No page was created');
    const firstStep = byTestId(`page-step-${pageId}-0`);
    expect(await text(firstStep)).toMatch(/^At once · Slack · sent at \d\d:\d\d \S+ · Delivery/);
    expect(await text(byTestId(`page-step-${pageId}-1`))).toMatch(
      /^After 30 min · Email · scheduled at /,
    );
    expect(
      await page.getAttribute(`[data-testid^="page-card-"][data-title="${TITLE}"]`, 'data-state'),
    ).toBe('notifying');
    expect((await text(byTestId(`page-state-${pageId}`))).endsWith('Notifying')).toBe(true);
    await page.waitForSelector(`${byTestId('pages-freshness')}[data-live="true"]`, {
      timeout: UI_TIMEOUT_MS,
    });

    const delivered = receiver.received.filter((request) => request.body.includes(TITLE));
    expect(delivered).toHaveLength(1);
    expect(delivered[0].url).toBe('/services/T000/B000/pages');
    await suite?.shot('pages-notifying.png');

    // The step's link opens its delivery on the Deliveries tab, attempts shown.
    await page.click(byTestId(`page-step-delivery-${pageId}-0`));
    await page.waitForURL((u) => u.pathname === '/notification-channels/deliveries', {
      timeout: UI_TIMEOUT_MS,
    });
    const detail = await page.waitForSelector('[data-testid^="delivery-detail-"]', {
      timeout: UI_TIMEOUT_MS,
    });
    expect(((await detail.textContent()) ?? '').replace(/\s+/g, ' ')).toContain('HTTP 200');
    await page.goBack();
    await page.waitForURL((u) => u.pathname === '/notification-channels/pages', {
      timeout: UI_TIMEOUT_MS,
    });
  });

  it('acknowledges it: acknowledged by the admin, the email step cancelled', async () => {
    if (!pageId) throw new Error('No page was created');
    await page.click(byTestId(`page-ack-${pageId}`), { timeout: UI_TIMEOUT_MS });
    await page.waitForSelector(`[data-testid="page-card-${pageId}"][data-state="acknowledged"]`, {
      timeout: UI_TIMEOUT_MS,
    });
    expect((await text(byTestId(`page-state-${pageId}`))).endsWith('Acknowledged')).toBe(true);
    expect(await text(byTestId(`page-state-detail-${pageId}`))).toMatch(
      /^Acknowledged at \d\d:\d\d \S+ by you\.$/,
    );
    expect(await text(byTestId(`page-step-${pageId}-1`))).toBe(
      'After 30 min · Email · cancelled: acknowledged first',
    );
    expect(await page.$(byTestId(`page-ack-${pageId}`))).toBeNull();
    expect(await page.$(byTestId(`page-ack-error-${pageId}`))).toBeNull();
    await suite?.shot('pages-acknowledged.png');

    // The API agrees.
    const stored = await api<PageSummary>('GET', ON_CALL_ROUTES.page(pageId));
    expect(stored.state).toBe('acknowledged');

    // Under "Acknowledged" it is listed too, as the API answers it.
    const answered = page.waitForResponse(
      (response) =>
        response.url().includes(`${ON_CALL_ROUTES.pages}?`) &&
        new URL(response.url()).searchParams.get('state') === 'acknowledged',
      { timeout: UI_TIMEOUT_MS },
    );
    await page.click(`${byTestId('pages-state-acknowledged')} button`);
    expect((await answered).status()).toBe(200);
    await page.waitForSelector(`[data-testid="page-card-${pageId}"][data-state="acknowledged"]`, {
      timeout: UI_TIMEOUT_MS,
    });
    expect(suite?.pageErrors ?? []).toEqual([]);
  });
});
