import type { Page } from 'playwright-core';

import { UI_TIMEOUT_MS, byTestId, signIn } from './support/console';
import { ConsoleSuite, startConsoleSuite } from './support/console-suite';
import { startWebhookReceiver } from './support/webhook-receiver';

const ADMIN_PASSWORD = 'e2e-admin-Passw0rd-2026';
const CHANNEL_NAME = 'E2E Slack';
/** The test send answers once delivered (the API waits up to 15 s): some margin on top. */
const RECEIPT_TIMEOUT_MS = 30_000;
const startReceiver = () => startWebhookReceiver('/services/T000/B000/e2e');

/**
 * Notification channels in a real browser against the built server (issue 8, console): the admin
 * creates a Slack channel whose webhook is a receiver on loopback, presses "Send test" and sees
 * "Delivered" with the HTTP status; the receiver got exactly one Slack payload; the delivery is
 * listed on the Deliveries page. The tests run in order and share one tab.
 */
describe('Notification channels (built server, headless Chromium)', () => {
  let suite: ConsoleSuite | undefined;
  let page: Page;
  let receiver: Awaited<ReturnType<typeof startReceiver>> | undefined;
  let channelId: string | undefined;

  function url(path: string): string {
    if (!suite) throw new Error('The server did not start');
    return suite.url(path);
  }

  const text = async (selector: string) =>
    ((await page.textContent(selector)) ?? '').replace(/\s+/g, ' ').trim();

  beforeAll(async () => {
    receiver = await startReceiver();
    suite = await startConsoleSuite('notification-channels', {
      ADMIN_PASSWORD,
      AUTH_RATE_LIMIT: '200',
      // The receiver is on loopback, which channels may not reach unless allowed.
      NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1',
    });
    page = suite.page;
  });

  afterAll(async () => {
    await suite?.close();
    await new Promise((resolve) => receiver?.server.close(resolve) ?? resolve(undefined));
  });

  it('shows the Notifications module with its channels page to the admin', async () => {
    await page.goto(url('/notification-channels'));
    await signIn(page, { login: 'admin', password: ADMIN_PASSWORD });
    await page.waitForURL((u) => u.pathname === '/notification-channels/channels', {
      timeout: UI_TIMEOUT_MS,
    });
    expect(await text(byTestId('nav-notification-channels'))).toBe('Notifications');
    await page.waitForSelector(byTestId('channels-empty'), { timeout: UI_TIMEOUT_MS });
  });

  it('creates a Slack channel whose webhook is the local receiver', async () => {
    if (!receiver) throw new Error('The receiver did not start');
    await page.click(byTestId('channel-new'));
    await page.waitForSelector(byTestId('channel-form'), { timeout: UI_TIMEOUT_MS });
    await page.fill(byTestId('channel-name'), CHANNEL_NAME);
    await page.click(byTestId('channel-kind'));
    await page.click(byTestId('channel-kind-slack'));
    await page.fill(byTestId('chat-webhook-url'), receiver.url);
    await page.fill(byTestId('chat-username'), 'Hyperion e2e');
    await page.click(byTestId('channel-submit'));

    const row = await page.waitForSelector(
      `[data-testid^="channel-row-"][data-name="${CHANNEL_NAME}"]`,
      {
        timeout: UI_TIMEOUT_MS,
      },
    );
    channelId = (await row.getAttribute('data-testid'))?.replace('channel-row-', '');
    expect(channelId).toMatch(/^[0-9a-f-]{36}$/);
    expect(await text(byTestId(`channel-kind-${channelId}`))).toBe('Slack');
    expect(await text(byTestId(`channel-counters-${channelId}`))).toBe('0 / 0');
    // Creating it sent nothing.
    expect(receiver.received).toHaveLength(0);
  });

  it('sends a test: Delivered with the HTTP status, and the receiver got one Slack payload', async () => {
    if (!receiver || !channelId) throw new Error('No channel was created');
    await page.click(byTestId(`channel-test-${channelId}`));
    await page.waitForSelector(byTestId('test-send-dialog'), { timeout: UI_TIMEOUT_MS });
    const state = await page.waitForSelector(
      `${byTestId('receipt-state')}, ${byTestId('test-send-error')}`,
      { timeout: RECEIPT_TIMEOUT_MS },
    );
    const shown = (await state.textContent())?.replace(/\s+/g, ' ').trim();
    if ((await state.getAttribute('data-state')) !== 'delivered') {
      const dialog = await text(byTestId('test-send-dialog'));
      await suite?.shot('notification-channels-test-failed.png');
      throw new Error(`The test was not delivered: ${shown}. The dialog shows: ${dialog}`);
    }
    expect(shown).toBe('Delivered');
    const attempt = await text(byTestId('receipt-attempt-1'));
    expect(attempt).toContain('Attempt 1');
    expect(attempt).toContain('HTTP 200');
    expect(attempt).toMatch(/\d+ ms/);
    await suite?.shot('notification-channels-test-delivered.png');

    expect(receiver.received).toHaveLength(1);
    const [request] = receiver.received;
    expect(request.method).toBe('POST');
    expect(request.url).toBe('/services/T000/B000/e2e');
    expect(request.headers['content-type']).toMatch(/^application\/json/);
    const payload = JSON.parse(request.body) as Record<string, unknown>;
    // A Slack message: text, attachments or blocks, and the sender name chosen.
    expect(
      typeof payload['text'] === 'string' ||
        Array.isArray(payload['attachments']) ||
        Array.isArray(payload['blocks']),
    ).toBe(true);
    expect(payload['username']).toBe('Hyperion e2e');

    await page.click(byTestId('test-send-close'));
    await page.waitForSelector(byTestId('test-send-dialog'), {
      state: 'detached',
      timeout: UI_TIMEOUT_MS,
    });
    await page.waitForFunction(
      (selector) =>
        document.querySelector(selector)?.textContent?.replace(/\s+/g, ' ').trim() === '1 / 0',
      byTestId(`channel-counters-${channelId}`),
      { timeout: UI_TIMEOUT_MS },
    );
  });

  it('lists the test on the Deliveries page, with its attempt', async () => {
    if (!channelId) throw new Error('No channel was created');
    await page.click(byTestId('notifications-tab-deliveries'));
    await page.waitForURL((u) => u.pathname === '/notification-channels/deliveries', {
      timeout: UI_TIMEOUT_MS,
    });
    const row = await page.waitForSelector(
      '[data-testid^="delivery-row-"][data-state="delivered"]',
      {
        timeout: UI_TIMEOUT_MS,
      },
    );
    expect((await row.textContent()) ?? '').toContain(CHANNEL_NAME);
    const id = (await row.getAttribute('data-testid'))?.replace('delivery-row-', '') ?? '';
    await page.click(byTestId(`delivery-toggle-${id}`));
    expect(await text(byTestId(`delivery-detail-${id}`))).toContain('HTTP 200');

    // Nothing failed: the "Failed" filter shows none.
    await page.click(`${byTestId('deliveries-state-failed')} button`);
    await page.waitForSelector(byTestId('deliveries-empty'), { timeout: UI_TIMEOUT_MS });
    expect(await text(byTestId('deliveries-empty'))).toBe('No failed deliveries.');
    expect(suite?.pageErrors ?? []).toEqual([]);
  });
});
