import type { NotificationChannelDetails } from '@hyperion/contracts';

import {
  channelFormFrom,
  createChannelRequest,
  emptyChannelForm,
  headerProblem,
  parseHeaders,
  parseRecipients,
  updateChannelRequest,
} from './channel-form';

const channel = (extra: Partial<NotificationChannelDetails>): NotificationChannelDetails => ({
  id: 'c1',
  name: 'On-call',
  kind: 'slack',
  enabled: true,
  config: {},
  secrets: {},
  counters: { delivered: 3, failed: 1 },
  createdAt: '2026-01-30T14:00:00.000Z',
  updatedAt: '2026-01-30T14:00:00.000Z',
  ...extra,
});

describe('channel form', () => {
  it('builds an email channel: port as a number, recipients as a list, the password as a secret', () => {
    const form = emptyChannelForm();
    form.name = ' Mail ';
    form.kind = 'email';
    form.email = {
      host: 'smtp.example.com',
      port: '587',
      security: 'starttls',
      username: 'hyperion',
      password: 'pw-1234',
      from: 'hyperion@example.com',
      to: 'a@example.com, b@example.com\nc@example.com',
    };
    expect(createChannelRequest(form)).toEqual({
      name: 'Mail',
      kind: 'email',
      config: {
        host: 'smtp.example.com',
        port: 587,
        security: 'starttls',
        username: 'hyperion',
        from: 'hyperion@example.com',
        to: ['a@example.com', 'b@example.com', 'c@example.com'],
      },
      secrets: { password: 'pw-1234' },
    });
  });

  it('builds chat, Telegram and webhook channels with only the settings given', () => {
    const form = emptyChannelForm();
    form.name = 'Chat';
    form.kind = 'discord';
    form.chat = {
      webhookUrl: 'https://discord.com/api/webhooks/1/x',
      channel: '#x',
      username: 'y',
      // Slack's own: never sent for another chat.
      botToken: 'xoxb-1234567890-abcdef',
      apiBaseUrl: 'http://127.0.0.1:9/api',
    };
    // Discord takes no channel override: none is sent.
    expect(createChannelRequest(form)).toEqual({
      name: 'Chat',
      kind: 'discord',
      config: {},
      secrets: { webhookUrl: 'https://discord.com/api/webhooks/1/x' },
    });
    form.kind = 'mattermost';
    expect(createChannelRequest(form).config).toEqual({ channel: '#x', username: 'y' });

    form.kind = 'telegram';
    form.telegram = { chatId: '-100123', botToken: '123:abc', apiBaseUrl: '' };
    expect(createChannelRequest(form)).toMatchObject({
      config: { chatId: '-100123' },
      secrets: { botToken: '123:abc' },
    });

    form.kind = 'webhook';
    form.webhook = {
      url: 'https://hooks.example.com/in',
      signingSecret: '',
      headers: 'X-Team: ops',
    };
    // No signing secret given: the API generates one.
    expect(createChannelRequest(form)).toMatchObject({
      config: { url: 'https://hooks.example.com/in', headers: { 'X-Team': 'ops' } },
      secrets: {},
    });
  });

  it('builds SMS and voice channels with a failover provider', () => {
    const form = emptyChannelForm();
    form.name = 'Phones';
    form.kind = 'voice';
    form.sms = {
      primary: {
        ...form.sms.primary,
        type: 'twilio',
        accountSid: 'AC1',
        from: '+1555',
        authToken: 'tok',
      },
      useSecondary: true,
      secondary: {
        ...form.sms.secondary,
        type: 'json',
        url: 'https://sms.example.com/send',
        from: 'Hyperion',
        bodyTemplate: '{"to":"{{to}}"}',
        apiKey: 'key',
      },
      voiceMessage: 'Alert {{title}}',
    };
    expect(createChannelRequest(form)).toEqual({
      name: 'Phones',
      kind: 'voice',
      config: {
        primary: { type: 'twilio', accountSid: 'AC1', from: '+1555' },
        secondary: {
          type: 'json',
          url: 'https://sms.example.com/send',
          from: 'Hyperion',
          bodyTemplate: '{"to":"{{to}}"}',
        },
        voiceMessage: 'Alert {{title}}',
      },
      secrets: { primary: { authToken: 'tok' }, secondary: { apiKey: 'key' } },
    });
  });

  it('never sends a masked secret back: an untouched one is kept, a retyped one is sent', () => {
    const slack = channel({
      kind: 'slack',
      config: { channel: '#ops' },
      secrets: { webhookUrl: 'https://hooks.slack.com/••••' },
    });
    const form = channelFormFrom(slack);
    expect(form.chat.webhookUrl).toBe('https://hooks.slack.com/••••');
    expect(updateChannelRequest(slack, form)).toBeNull();

    form.name = 'Ops';
    expect(updateChannelRequest(slack, form)).toEqual({ name: 'Ops' });

    form.chat.webhookUrl = 'https://hooks.slack.com/services/NEW';
    expect(updateChannelRequest(slack, form)).toEqual({
      name: 'Ops',
      secrets: { webhookUrl: 'https://hooks.slack.com/services/NEW' },
    });

    const sms = channel({
      kind: 'sms',
      config: {
        primary: { type: 'twilio', accountSid: 'AC1', from: '+1' },
        secondary: { type: 'json', url: 'https://x.example', from: 'H' },
      },
      secrets: { primary: { authToken: '••••abcd' }, secondary: { apiKey: '••••wxyz' } },
    });
    const smsForm = channelFormFrom(sms);
    smsForm.sms.secondary.apiKey = 'new-key';
    smsForm.sms.primary.from = '+2';
    expect(updateChannelRequest(sms, smsForm)).toEqual({
      config: {
        primary: { type: 'twilio', accountSid: 'AC1', from: '+2' },
        secondary: { type: 'json', url: 'https://x.example', from: 'H' },
      },
      secrets: { secondary: { apiKey: 'new-key' } },
    });
  });

  it('reads recipients and header lines, and names a bad header line', () => {
    expect(parseRecipients(' a@x.io;b@x.io ,\n c@x.io ')).toEqual(['a@x.io', 'b@x.io', 'c@x.io']);
    expect(parseHeaders('X-A: 1\n\nX-B:two words')).toEqual({ 'X-A': '1', 'X-B': 'two words' });
    expect(headerProblem('X-A: 1\nnot a header')).toBe('Line 2 is not "Name: value".');
    expect(headerProblem('X-A: 1\n')).toBeNull();
  });
});

describe('channel error messages', () => {
  it("name the API's field paths as the form does", async () => {
    const { HttpErrorResponse } = await import('@angular/common/http');
    const { channelErrorMessage } = await import('./channel-errors');
    const refusal = (message: string | string[]) =>
      new HttpErrorResponse({
        status: 400,
        error: { statusCode: 400, error: 'Bad Request', message, correlationId: 'c' },
      });
    expect(channelErrorMessage(refusal('secrets.webhookUrl must be a URL address'), 'x')).toBe(
      'The webhook URL must be a URL address',
    );
    expect(
      channelErrorMessage(
        refusal(['config.primary.accountSid should not be empty', 'config.port must be a number']),
        'x',
      ),
    ).toBe("The primary provider's account SID should not be empty. The port must be a number.");
    expect(channelErrorMessage(refusal('config.to[1] must be an email address'), 'x')).toBe(
      'Recipient 2 must be an email address',
    );
    // Fields two kinds share are named with the kind of the channel.
    expect(
      channelErrorMessage(
        refusal('secrets.botToken must be a Slack bot token (xoxb-…) with the chat:write scope'),
        'x',
        'slack',
      ),
    ).toBe('The Slack bot token must be a Slack bot token (xoxb-…) with the chat:write scope');
    expect(
      channelErrorMessage(refusal('config.apiBaseUrl: host 10.0.0.1 is not allowed'), 'x', 'slack'),
    ).toBe('The Slack API base URL: host 10.0.0.1 is not allowed');
  });
});

describe('channel form secrets of SMS and email', () => {
  it('names the providers of a new SMS channel even without a key, and keeps an emptied password', () => {
    const form = emptyChannelForm();
    form.name = 'Texts';
    form.kind = 'sms';
    form.sms.primary = { ...form.sms.primary, type: 'json', url: 'https://sms.example', from: 'H' };
    expect(createChannelRequest(form).secrets).toEqual({ primary: {} });

    const mail = channel({
      kind: 'email',
      config: { host: 'h', port: 25, security: 'none', from: 'a@b.io', to: [] },
      secrets: { password: '••••word' },
    });
    const edit = channelFormFrom(mail);
    expect(updateChannelRequest(mail, edit)).toBeNull();
    // The API refuses null and cannot remove a secret: emptied, it is kept (nothing is sent).
    edit.email.password = '';
    expect(updateChannelRequest(mail, edit)).toBeNull();
    edit.email.password = 'new-pass';
    expect(updateChannelRequest(mail, edit)).toEqual({ secrets: { password: 'new-pass' } });
  });
});

describe('a Slack channel with a bot token', () => {
  it('sends the bot token as a secret and the API base as a setting, the webhook URL only if given', () => {
    const form = emptyChannelForm();
    form.name = 'Slack DMs';
    form.kind = 'slack';
    form.chat = {
      ...form.chat,
      botToken: ' xoxb-1234567890-abcdef ',
      apiBaseUrl: 'http://127.0.0.1:9/api',
    };
    expect(createChannelRequest(form)).toEqual({
      name: 'Slack DMs',
      kind: 'slack',
      config: { apiBaseUrl: 'http://127.0.0.1:9/api' },
      secrets: { botToken: 'xoxb-1234567890-abcdef' },
    });

    form.kind = 'mattermost';
    form.chat.webhookUrl = 'https://mm.example.com/hooks/x';
    expect(createChannelRequest(form)).toMatchObject({
      config: {},
      secrets: { webhookUrl: 'https://mm.example.com/hooks/x' },
    });
  });

  it('shows the stored bot token masked, keeps it untouched, and sends a new one', () => {
    const slack = channel({
      kind: 'slack',
      config: { apiBaseUrl: 'https://slack.example.com/api' },
      secrets: { webhookUrl: 'https://hooks.slack.com/••••', botToken: '••••cdef' },
    });
    const form = channelFormFrom(slack);
    expect(form.chat.botToken).toBe('••••cdef');
    expect(form.chat.apiBaseUrl).toBe('https://slack.example.com/api');
    expect(updateChannelRequest(slack, form)).toBeNull();

    form.chat.botToken = 'xoxb-0987654321-fedcba';
    form.chat.apiBaseUrl = '';
    expect(updateChannelRequest(slack, form)).toEqual({
      config: {},
      secrets: { botToken: 'xoxb-0987654321-fedcba' },
    });
  });
});

describe('a channel whose secrets cannot be read', () => {
  it('sends every secret again on an edit, even when only the name changed', () => {
    const slack = channel({
      kind: 'slack',
      config: { channel: '#ops' },
      secrets: {},
      secretsUnreadable: true,
    });
    const form = channelFormFrom(slack);
    expect(form.chat.webhookUrl).toBe('');
    form.chat.webhookUrl = 'https://hooks.slack.com/services/NEW';
    form.name = 'Ops';
    expect(updateChannelRequest(slack, form)).toEqual({
      name: 'Ops',
      secrets: { webhookUrl: 'https://hooks.slack.com/services/NEW' },
    });
  });

  it('stores them afresh even when the kind has none required (an SMTP server without a password)', () => {
    const mail = channel({
      kind: 'email',
      config: { host: 'h', port: 25, security: 'none', from: 'a@b.io', to: [] },
      secrets: {},
      secretsUnreadable: true,
    });
    // Saved as is: the secrets are stored again, empty and readable.
    expect(updateChannelRequest(mail, channelFormFrom(mail))).toEqual({ secrets: {} });

    const sms = channel({
      kind: 'sms',
      config: { primary: { type: 'twilio', accountSid: 'AC1', from: '+1' } },
      secrets: {},
      secretsUnreadable: true,
    });
    const smsForm = channelFormFrom(sms);
    smsForm.sms.primary.authToken = 'tok';
    expect(updateChannelRequest(sms, smsForm)).toEqual({
      secrets: { primary: { authToken: 'tok' } },
    });
  });
});
