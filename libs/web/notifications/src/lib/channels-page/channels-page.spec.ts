import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { computed, signal } from '@angular/core';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideNoopAnimations } from '@angular/platform-browser/animations';
import {
  AnyPermission,
  DeliverySummary,
  NOTIFICATION_CHANNEL_ROUTES,
  NotificationChannelDetails,
} from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';

import { ChannelsPage } from './channels-page';

const SLACK: NotificationChannelDetails = {
  id: '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11',
  name: 'Ops Slack',
  kind: 'slack',
  enabled: true,
  config: { channel: '#ops' },
  secrets: { webhookUrl: 'https://hooks.slack.com/••••' },
  counters: { delivered: 12, failed: 2 },
  createdAt: '2026-01-30T14:00:00.000Z',
  updatedAt: '2026-01-30T14:00:00.000Z',
};

const receipt = (extra: Partial<DeliverySummary>): DeliverySummary => ({
  id: 'd1',
  channelId: SLACK.id,
  channelName: SLACK.name,
  kind: 'slack',
  recipient: 'hooks.slack.com',
  title: 'Test from Hyperion',
  state: 'delivered',
  idempotencyKey: 'key-1',
  attempts: [],
  createdAt: '2026-01-30T14:05:00.000Z',
  ...extra,
});

// The first test also compiles the page, its dialogs and their Material parts: slow on a busy machine.
describe('ChannelsPage', { timeout: 30_000 }, () => {
  let fixture: ComponentFixture<ChannelsPage>;
  let backend: HttpTestingController;

  const el = (): HTMLElement => fixture.nativeElement as HTMLElement;
  const byTestId = <T extends HTMLElement = HTMLElement>(id: string): T | null =>
    el().querySelector<T>(`[data-testid="${id}"]`);
  /** Dialogs live in the overlay container, outside the page. */
  const inDocument = <T extends HTMLElement = HTMLElement>(id: string): T | null =>
    document.querySelector<T>(`[data-testid="${id}"]`);
  const text = (id: string) => inDocument(id)?.textContent?.replace(/\s+/g, ' ').trim();

  async function stable(): Promise<void> {
    TestBed.tick();
    await new Promise((resolve) => setTimeout(resolve));
    TestBed.tick();
  }

  function type(id: string, value: string): void {
    const input = inDocument<HTMLInputElement | HTMLTextAreaElement>(id);
    if (!input) throw new Error(`No field ${id}`);
    input.value = value;
    input.dispatchEvent(new Event('input'));
  }

  async function choose(selectId: string, optionText: string): Promise<void> {
    inDocument(selectId)?.click();
    await stable();
    const option = Array.from(document.querySelectorAll<HTMLElement>('mat-option')).find(
      (o) => o.textContent?.trim() === optionText,
    );
    if (!option) throw new Error(`No option ${optionText}`);
    option.click();
    await stable();
  }

  const listRequest = () =>
    backend.expectOne(
      (r) => r.method === 'GET' && r.url === NOTIFICATION_CHANNEL_ROUTES.collection,
    );

  async function open(
    channels: NotificationChannelDetails[] | 'fail',
    held: readonly AnyPermission[] = ['notifications:read', 'notifications:write'],
  ): Promise<void> {
    const permissions = signal(held);
    TestBed.configureTestingModule({
      imports: [ChannelsPage],
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideNoopAnimations(),
        {
          provide: AuthService,
          useValue: {
            permissions,
            hasPermission: (p: AnyPermission) => permissions().includes(p),
            organization: computed(() => ({ id: 'o', name: 'Default', slug: 'default' })),
          },
        },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ChannelsPage);
    document.body.appendChild(fixture.nativeElement);
    await stable();
    expect(el().querySelector('mat-progress-bar')).not.toBeNull();
    if (channels === 'fail') {
      listRequest().flush(
        { statusCode: 503, error: 'x', message: 'Service Unavailable', correlationId: 'r1' },
        { status: 503, statusText: 'Unavailable' },
      );
    } else {
      listRequest().flush(channels);
    }
    await stable();
  }

  afterEach(() => {
    try {
      backend.verify();
    } finally {
      fixture.destroy();
      (fixture.nativeElement as HTMLElement).remove();
      document.querySelectorAll('.cdk-overlay-container').forEach((node) => node.remove());
      TestBed.resetTestingModule();
    }
  });

  it('lists the channels with their kind, state and counters', async () => {
    await open([SLACK]);

    expect(el().querySelector('mat-progress-bar')).toBeNull();
    expect(byTestId(`channel-row-${SLACK.id}`)?.textContent).toContain('Ops Slack');
    expect(byTestId(`channel-kind-${SLACK.id}`)?.textContent?.trim()).toBe('Slack');
    expect(byTestId(`channel-counters-${SLACK.id}`)?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      '12 / 2',
    );
    expect(byTestId('channels-empty')).toBeNull();
  });

  it('says so when there are none, and shows an error with a working retry', async () => {
    await open('fail');
    expect(byTestId('channels-error')?.textContent).toContain(
      'Hyperion is temporarily unavailable',
    );

    byTestId('channels-retry')?.click();
    await stable();
    listRequest().flush([]);
    await stable();
    expect(byTestId('channels-error')).toBeNull();
    expect(byTestId('channels-empty')?.textContent).toContain('No notification channels yet.');
  });

  it('offers no changes to a user who may only read', async () => {
    await open([SLACK], ['notifications:read']);
    expect(byTestId('channel-new')).toBeNull();
    expect(byTestId(`channel-test-${SLACK.id}`)).toBeNull();
    expect(byTestId(`channel-edit-${SLACK.id}`)).toBeNull();
    expect(byTestId(`channel-enabled-${SLACK.id}`)).toBeNull();
  });

  it('creates a Slack channel: no kind chosen for you, errors after the first submit, the API refusal in words', async () => {
    await open([]);
    byTestId('channel-new')?.click();
    await stable();

    expect(document.activeElement).toBe(inDocument('channel-name'));
    expect(inDocument('channel-kind')?.textContent?.trim()).toBe('');
    expect(inDocument('channel-name-error')).toBeNull();

    inDocument('channel-submit')?.click();
    await stable();
    expect(inDocument('channel-name-error')).not.toBeNull();
    expect(text('channel-kind-error')).toBe('Choose how notifications are sent.');
    backend.expectNone((r) => r.method === 'POST');

    type('channel-name', 'Ops Slack');
    await choose('channel-kind', 'Slack');
    type('chat-webhook-url', 'not a url');
    type('chat-channel', '#ops');
    inDocument('channel-submit')?.click();
    await stable();
    expect(inDocument('channel-section-chat')?.textContent).toContain(
      "The webhook's https:// URL.",
    );
    backend.expectNone((r) => r.method === 'POST');

    type('chat-webhook-url', 'http://127.0.0.1:9/hook');
    inDocument('channel-submit')?.click();
    await stable();
    const refused = backend.expectOne(
      (r) => r.method === 'POST' && r.url === NOTIFICATION_CHANNEL_ROUTES.collection,
    );
    expect(refused.request.body).toEqual({
      name: 'Ops Slack',
      kind: 'slack',
      config: { channel: '#ops' },
      secrets: { webhookUrl: 'http://127.0.0.1:9/hook' },
    });
    refused.flush(
      {
        statusCode: 400,
        error: 'Bad Request',
        message: 'secrets.webhookUrl: host 127.0.0.1 is not allowed',
        correlationId: 'c1',
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await stable();
    expect(text('channel-form-error')).toBe('The webhook URL: host 127.0.0.1 is not allowed');

    inDocument('channel-submit')?.click();
    await stable();
    backend
      .expectOne((r) => r.method === 'POST' && r.url === NOTIFICATION_CHANNEL_ROUTES.collection)
      .flush(SLACK, { status: 201, statusText: 'Created' });
    await stable();
    expect(inDocument('channel-form')).toBeNull();
    expect(byTestId(`channel-row-${SLACK.id}`)).not.toBeNull();
  });

  it('creates an email channel with its SMTP settings', async () => {
    await open([]);
    byTestId('channel-new')?.click();
    await stable();
    type('channel-name', 'Mail');
    await choose('channel-kind', 'Email');
    type('email-host', 'smtp.example.com');
    type('email-port', '2525');
    await choose('email-security', 'None: plain text (trusted networks only)');
    type('email-password', 's3cret');
    type('email-from', 'hyperion@example.com');
    type('email-to', 'bad-address');
    inDocument('channel-submit')?.click();
    await stable();
    expect(inDocument('channel-section-email')?.textContent).toContain(
      '"bad-address" is not an email address.',
    );
    backend.expectNone((r) => r.method === 'POST');

    type('email-to', 'oncall@example.com, ops@example.com');
    inDocument('channel-submit')?.click();
    await stable();
    const request = backend.expectOne((r) => r.method === 'POST');
    expect(request.request.body).toEqual({
      name: 'Mail',
      kind: 'email',
      config: {
        host: 'smtp.example.com',
        port: 2525,
        security: 'none',
        from: 'hyperion@example.com',
        to: ['oncall@example.com', 'ops@example.com'],
      },
      secrets: { password: 's3cret' },
    });
    request.flush({ ...SLACK, id: 'mail', name: 'Mail', kind: 'email' });
    await stable();
  });

  it('edits a channel without sending its masked secret back', async () => {
    await open([SLACK]);
    byTestId(`channel-edit-${SLACK.id}`)?.click();
    await stable();

    expect(inDocument<HTMLInputElement>('chat-webhook-url')?.value).toBe(
      'https://hooks.slack.com/••••',
    );
    expect(inDocument('channel-section-chat')?.textContent).toContain('Stored — leave as is');
    type('channel-name', 'Ops alerts');
    inDocument('channel-submit')?.click();
    await stable();

    const request = backend.expectOne((r) => r.method === 'PATCH');
    expect(request.request.url).toBe(NOTIFICATION_CHANNEL_ROUTES.item(SLACK.id));
    expect(request.request.body).toEqual({ name: 'Ops alerts' });
    request.flush({ ...SLACK, name: 'Ops alerts' });
    await stable();
    expect(byTestId(`channel-row-${SLACK.id}`)?.textContent).toContain('Ops alerts');
  });

  it('disables a channel from its toggle', async () => {
    await open([SLACK]);
    byTestId(`channel-enabled-${SLACK.id}`)?.querySelector('button')?.click();
    await stable();
    const request = backend.expectOne((r) => r.method === 'PATCH');
    expect(request.request.body).toEqual({ enabled: false });
    request.flush({ ...SLACK, enabled: false });
    await stable();
    expect(byTestId(`channel-enabled-${SLACK.id}`)?.textContent?.trim()).toBe('Off');
  });

  it('deletes only after a confirmation naming the channel', async () => {
    await open([SLACK]);
    byTestId(`channel-delete-${SLACK.id}`)?.click();
    await stable();
    expect(text('channel-delete-dialog')).toContain('Ops Slack');
    backend.expectNone((r) => r.method === 'DELETE');

    inDocument('channel-delete-dialog-confirm')?.click();
    await stable();
    backend
      .expectOne((r) => r.method === 'DELETE')
      .flush(null, { status: 204, statusText: 'No Content' });
    await stable();
    expect(byTestId(`channel-row-${SLACK.id}`)).toBeNull();
    expect(byTestId('channels-empty')).not.toBeNull();
  });

  it('sends a test and shows the delivered receipt with each attempt', async () => {
    await open([SLACK]);
    byTestId(`channel-test-${SLACK.id}`)?.click();
    await stable();

    expect(text('test-send-progress')).toBe('Sending a test message through Ops Slack…');
    const request = backend.expectOne(
      (r) => r.method === 'POST' && r.url === NOTIFICATION_CHANNEL_ROUTES.test(SLACK.id),
    );
    request.flush(
      receipt({
        state: 'delivered',
        attempts: [
          {
            attempt: 1,
            status: 'delivered',
            provider: 'slack',
            httpStatus: 200,
            latencyMs: 42,
            at: '2026-01-30T14:05:01.000Z',
          },
        ],
      }),
    );
    await stable();

    expect(inDocument('test-send-progress')).toBeNull();
    expect(inDocument('receipt-state')?.getAttribute('data-state')).toBe('delivered');
    expect(text('receipt-state')).toBe('Delivered');
    expect(inDocument('receipt-error')).toBeNull();
    const attempt = text('receipt-attempt-1') ?? '';
    expect(attempt).toContain('Attempt 1');
    expect(attempt).toContain('slack');
    expect(attempt).toContain('HTTP 200');
    expect(attempt).toContain('42 ms');

    // Closing shows the new counters.
    inDocument('test-send-close')?.click();
    await stable();
    listRequest().flush([{ ...SLACK, counters: { delivered: 13, failed: 2 } }]);
    await stable();
    expect(byTestId(`channel-counters-${SLACK.id}`)?.textContent?.replace(/\s+/g, ' ').trim()).toBe(
      '13 / 2',
    );
  });

  it('shows a failed test with its reason and every attempt, and a refused one too', async () => {
    await open([{ ...SLACK, kind: 'email', name: 'Mail' }]);
    byTestId(`channel-test-${SLACK.id}`)?.click();
    await stable();
    backend
      .expectOne((r) => r.url === NOTIFICATION_CHANNEL_ROUTES.test(SLACK.id))
      .flush(
        receipt({
          kind: 'email',
          state: 'failed',
          attempts: [
            {
              attempt: 1,
              status: 'failed',
              provider: 'email',
              smtpResponse: '451 4.3.0 Try later',
              latencyMs: 80,
              error: 'Temporary failure',
              at: '2026-01-30T14:05:01.000Z',
            },
            {
              attempt: 2,
              status: 'failed',
              provider: 'email',
              smtpResponse: '550 5.1.1 No such user',
              latencyMs: 75,
              error: 'Mailbox unavailable',
              at: '2026-01-30T14:05:03.000Z',
            },
          ],
        }),
      );
    await stable();

    expect(text('receipt-state')).toBe('Failed');
    expect(text('receipt-error')).toBe('Not delivered: Mailbox unavailable');
    expect(inDocument('receipt-error')?.getAttribute('role')).toBe('alert');
    expect(text('receipt-attempt-1')).toContain('SMTP 451 4.3.0 Try later');
    expect(text('receipt-attempt-2')).toContain('SMTP 550 5.1.1 No such user');
    expect(text('receipt-attempt-2')).toContain('75 ms');

    inDocument('test-send-again')?.click();
    await stable();
    backend
      .expectOne((r) => r.url === NOTIFICATION_CHANNEL_ROUTES.test(SLACK.id))
      .flush(
        {
          statusCode: 409,
          error: 'Conflict',
          message: 'The channel is disabled',
          correlationId: 'c',
        },
        { status: 409, statusText: 'Conflict' },
      );
    await stable();
    expect(text('test-send-error')).toBe('The test was not sent: The channel is disabled');
  });

  it('warns on a channel whose secrets cannot be read', async () => {
    await open([
      { ...SLACK, secrets: {}, secretsUnreadable: true },
      { ...SLACK, id: 'ok' },
    ]);
    expect(text(`channel-secrets-unreadable-${SLACK.id}`)).toBe(
      "⚠ Its secrets can't be read — sends will fail. Edit it and enter them again.",
    );
    expect(inDocument('channel-secrets-unreadable-ok')).toBeNull();
  });

  it('tells a reader who can fix a channel whose secrets cannot be read', async () => {
    await open([{ ...SLACK, secrets: {}, secretsUnreadable: true }], ['notifications:read']);
    expect(text(`channel-secrets-unreadable-${SLACK.id}`)).toBe(
      "⚠ Its secrets can't be read — sends will fail. Someone who may edit channels must enter them again.",
    );
  });

  it('asks for every secret again when editing a channel whose secrets cannot be read', async () => {
    const broken = { ...SLACK, secrets: {}, secretsUnreadable: true as const };
    await open([broken]);
    byTestId(`channel-edit-${SLACK.id}`)?.click();
    await stable();

    expect(text('channel-form-secrets-unreadable')).toContain(
      "Its secrets can't be read — sends will fail.",
    );
    expect(inDocument<HTMLInputElement>('chat-webhook-url')?.value).toBe('');
    // Only the name changed: not enough, the webhook URL (or a bot token) is asked for again.
    type('channel-name', 'Ops alerts');
    inDocument('channel-submit')?.click();
    await stable();
    expect(text('chat-webhook-url-error')).toBe(
      "The webhook's https:// URL, or a bot token below.",
    );
    backend.expectNone((r) => r.method === 'PATCH');

    type('chat-webhook-url', 'https://hooks.slack.com/services/NEW');
    inDocument('channel-submit')?.click();
    await stable();
    const request = backend.expectOne((r) => r.method === 'PATCH');
    expect(request.request.body).toEqual({
      name: 'Ops alerts',
      secrets: { webhookUrl: 'https://hooks.slack.com/services/NEW' },
    });
    request.flush({
      ...SLACK,
      name: 'Ops alerts',
      secrets: { webhookUrl: 'https://hooks.slack.com/••••' },
    });
    await stable();
    expect(inDocument(`channel-secrets-unreadable-${SLACK.id}`)).toBeNull();
  });

  it('creates a Slack channel with a bot token and no webhook URL; other chats have no bot token', async () => {
    await open([]);
    byTestId('channel-new')?.click();
    await stable();
    type('channel-name', 'Slack DMs');
    await choose('channel-kind', 'Mattermost');
    expect(inDocument('chat-bot-token')).toBeNull();
    inDocument('channel-submit')?.click();
    await stable();
    expect(text('chat-webhook-url-error')).toBe("The webhook's https:// URL.");

    await choose('channel-kind', 'Slack');
    expect(text('chat-webhook-url-error')).toBe(
      "The webhook's https:// URL, or a bot token below.",
    );
    expect(text('chat-bot-token-hint')).toContain('a page to someone with a Slack member id');
    type('chat-bot-token', 'xoxp-user-token-1234');
    type('chat-api-base-url', 'https://user:pw@slack.example.com/api');
    await stable();
    expect(text('chat-bot-token-error')).toBe(
      'A Slack bot token: xoxb- then letters, digits and dashes.',
    );
    expect(inDocument('channel-section-chat')?.textContent).toContain(
      'An http(s) URL, without a user name or password.',
    );
    backend.expectNone((r) => r.method === 'POST');

    type('chat-bot-token', 'xoxb-1234567890-abcdef');
    type('chat-api-base-url', 'https://slack.example.com/api');
    await stable();
    // With a bot token, the webhook URL may stay empty.
    expect(inDocument('chat-webhook-url-error')).toBeNull();
    inDocument('channel-submit')?.click();
    await stable();
    const request = backend.expectOne((r) => r.method === 'POST');
    expect(request.request.body).toEqual({
      name: 'Slack DMs',
      kind: 'slack',
      config: { apiBaseUrl: 'https://slack.example.com/api' },
      secrets: { botToken: 'xoxb-1234567890-abcdef' },
    });
    request.flush(
      { ...SLACK, name: 'Slack DMs', secrets: { botToken: '••••cdef' } },
      { status: 201, statusText: 'Created' },
    );
    await stable();
  });

  it('keeps a stored bot token masked on an edit, and the webhook URL stays optional with it', async () => {
    await open([{ ...SLACK, secrets: { botToken: '••••cdef' } }]);
    byTestId(`channel-edit-${SLACK.id}`)?.click();
    await stable();
    expect(inDocument<HTMLInputElement>('chat-bot-token')?.value).toBe('••••cdef');
    expect(inDocument('channel-section-chat')?.textContent).toContain(
      'Stored — leave as is to keep it, or paste a new token.',
    );
    type('channel-name', 'Slack DMs');
    inDocument('channel-submit')?.click();
    await stable();
    const request = backend.expectOne((r) => r.method === 'PATCH');
    expect(request.request.body).toEqual({ name: 'Slack DMs' });
    request.flush({ ...SLACK, name: 'Slack DMs', secrets: { botToken: '••••cdef' } });
    await stable();
  });

  describe('stored secrets: empty keeps them, Remove forgets them', () => {
    const MAIL: NotificationChannelDetails = {
      ...SLACK,
      id: 'mail',
      name: 'Mail',
      kind: 'email',
      config: {
        host: 'smtp.example.com',
        port: 587,
        security: 'starttls',
        from: 'h@example.com',
        to: [],
      },
      secrets: { password: '••••word' },
    };
    const BOTH: NotificationChannelDetails = {
      ...SLACK,
      secrets: { webhookUrl: 'https://hooks.slack.com/••••', botToken: '••••cdef' },
    };
    const PHONES: NotificationChannelDetails = {
      ...SLACK,
      id: 'phones',
      name: 'Phones',
      kind: 'sms',
      config: {
        primary: { type: 'twilio', accountSid: 'AC1', from: '+15550001' },
        secondary: { type: 'json', url: 'https://sms.example.com/send', from: 'Hyperion' },
      },
      secrets: { primary: { authToken: '••••ptok' }, secondary: { apiKey: '••••skey' } },
    };
    const field = (id: string) => inDocument<HTMLInputElement>(id);

    async function edit(channel: NotificationChannelDetails): Promise<void> {
      await open([channel]);
      byTestId(`channel-edit-${channel.id}`)?.click();
      await stable();
    }

    async function save(): Promise<ReturnType<HttpTestingController['expectOne']>> {
      inDocument('channel-submit')?.click();
      await stable();
      return backend.expectOne((r) => r.method === 'PATCH');
    }

    it('says an emptied SMTP password is kept, and forgets it with Remove (undone with Keep)', async () => {
      await edit(MAIL);
      expect(text('email-password-hint')).toBe(
        'Stored — leave as is to keep it, or type a new one.',
      );
      type('email-password', '');
      await stable();
      expect(text('email-password-hint')).toBe(
        'Left empty, the stored password is kept. “Remove” forgets it.',
      );

      const remove = inDocument('email-password-remove');
      expect(remove?.getAttribute('aria-label')).toBe('Remove the stored SMTP password');
      remove?.click();
      await stable();
      expect(field('email-password')?.readOnly).toBe(true);
      expect(field('email-password')?.value).toBe('');
      expect(text('email-password-hint')).toBe(
        'Forgotten when you save: sent without a password. “Keep” undoes it.',
      );
      expect(text('email-password-remove')).toBe('Keep');

      // Undone: the stored one shows again, and is kept.
      inDocument('email-password-remove')?.click();
      await stable();
      expect(field('email-password')?.readOnly).toBe(false);
      expect(field('email-password')?.value).toBe('••••word');
      type('channel-name', 'Mail relay');
      const kept = await save();
      expect(kept.request.body).toEqual({ name: 'Mail relay' });
      kept.flush({ ...MAIL, name: 'Mail relay' });
      await stable();

      byTestId(`channel-edit-${MAIL.id}`)?.click();
      await stable();
      inDocument('email-password-remove')?.click();
      await stable();
      const removed = await save();
      expect(removed.request.body).toEqual({ removeSecrets: ['password'] });
      removed.flush({ ...MAIL, name: 'Mail relay', secrets: {} });
      await stable();
      expect(inDocument('channel-form')).toBeNull();
    });

    it('offers no removal of the webhook URL of a Slack channel without a bot token', async () => {
      await edit(SLACK);
      expect(inDocument('chat-webhook-url-remove')).toBeNull();
      expect(inDocument('chat-bot-token-remove')).toBeNull();
      // A new bot token typed: the stored URL may go.
      type('chat-bot-token', 'xoxb-1234567890-abcdef');
      await stable();
      inDocument('chat-webhook-url-remove')?.click();
      await stable();
      // The new token emptied again: neither would stay — said before anything is sent.
      type('chat-bot-token', '');
      await stable();
      inDocument('channel-submit')?.click();
      await stable();
      expect(text('channel-form-error')).toBe(
        'A Slack channel needs a webhook URL or a bot token: keep one of them, or enter a new one.',
      );
      backend.expectNone((r) => r.method === 'PATCH');

      type('chat-bot-token', 'xoxb-1234567890-abcdef');
      await stable();
      const request = await save();
      expect(request.request.body).toEqual({
        secrets: { botToken: 'xoxb-1234567890-abcdef' },
        removeSecrets: ['webhookUrl'],
      });
      request.flush({ ...SLACK, secrets: { botToken: '••••cdef' } });
      await stable();
    });

    it('forgets a Slack bot token but not both, and shows the API’s refusal naming the field', async () => {
      await edit(BOTH);
      inDocument('chat-bot-token-remove')?.click();
      await stable();
      expect(text('chat-bot-token-hint')).toContain('Forgotten when you save');
      expect(field('chat-bot-token')?.value).toBe('');
      expect(field('chat-bot-token')?.readOnly).toBe(true);
      expect(text('chat-bot-token-remove')).toBe('Keep');
      // With the bot token gone, the webhook URL must stay: it is not offered.
      expect(inDocument('chat-webhook-url-remove')).toBeNull();
      expect(text('chat-webhook-url-hint')).toBe(
        'Stored — leave as is to keep it, or paste a new URL.',
      );

      // The other way round: the webhook URL goes, the bot token stays.
      inDocument('chat-bot-token-remove')?.click();
      await stable();
      expect(field('chat-bot-token')?.value).toBe('••••cdef');
      inDocument('chat-webhook-url-remove')?.click();
      await stable();
      expect(text('chat-webhook-url-hint')).toContain('only direct messages are sent');
      const refused = await save();
      expect(refused.request.body).toEqual({ removeSecrets: ['webhookUrl'] });
      refused.flush(
        {
          statusCode: 400,
          error: 'Bad Request',
          message: ['secrets.webhookUrl is required (an http or https URL)'],
          correlationId: 'c1',
        },
        { status: 400, statusText: 'Bad Request' },
      );
      await stable();
      expect(inDocument('channel-form-error')?.getAttribute('role')).toBe('alert');
      expect(text('channel-form-error')).toBe('The webhook URL is required (an http or https URL)');
      expect(inDocument('channel-form')).not.toBeNull();
    });

    it("keeps the secondary provider's secrets when failover is turned off, unless removed", async () => {
      await edit(PHONES);
      expect(inDocument('sms-secondary-secrets')).toBeNull();
      inDocument('sms-use-secondary')?.querySelector('input')?.click();
      await stable();
      expect(text('sms-secondary-secrets-text')).toBe(
        "The secondary provider's stored secrets are kept, unused, in case failover is turned on again.",
      );
      inDocument('sms-secondary-secrets-remove')?.click();
      await stable();
      expect(text('sms-secondary-secrets-text')).toBe(
        "The secondary provider's stored secrets are forgotten when you save.",
      );
      expect(text('sms-secondary-secrets-remove')).toBe('Keep them');

      // Failover back on: nothing is forgotten; off again: kept until removed again.
      inDocument('sms-use-secondary')?.querySelector('input')?.click();
      await stable();
      expect(inDocument('sms-secondary-secrets')).toBeNull();
      inDocument('sms-use-secondary')?.querySelector('input')?.click();
      await stable();
      expect(text('sms-secondary-secrets-text')).toContain('are kept, unused');
      inDocument('sms-secondary-secrets-remove')?.click();
      await stable();

      const request = await save();
      expect(request.request.body).toEqual({
        config: { primary: { type: 'twilio', accountSid: 'AC1', from: '+15550001' } },
        removeSecrets: ['secondary'],
      });
      request.flush({ ...PHONES, secrets: { primary: { authToken: '••••ptok' } } });
      await stable();
    });
  });
});
