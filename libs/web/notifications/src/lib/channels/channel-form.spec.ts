import type { NotificationChannelDetails } from '@hyperion/contracts';

import {
  channelFormFrom,
  createChannelRequest,
  emptyChannelForm,
  headerProblem,
  parseHeaders,
  parseRecipients,
} from './channel-form';
import { removableSecrets, secretRemovalProblem, updateChannelRequest } from './channel-update';

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
    // Emptied, it is kept: nothing is sent (the API refuses null).
    edit.email.password = '';
    expect(updateChannelRequest(mail, edit)).toBeNull();
    edit.email.password = 'new-pass';
    expect(updateChannelRequest(mail, edit)).toEqual({ secrets: { password: 'new-pass' } });
  });
});

describe('forgetting stored secrets', () => {
  const MAIL = channel({
    kind: 'email',
    config: { host: 'h', port: 25, security: 'none', from: 'a@b.io', to: [] },
    secrets: { password: '••••word' },
  });
  const SLACK = channel({
    kind: 'slack',
    secrets: { webhookUrl: 'https://hooks.slack.com/••••', botToken: '••••cdef' },
  });
  const SMS = channel({
    kind: 'sms',
    config: {
      primary: { type: 'json', url: 'https://sms.example', from: 'H' },
      secondary: { type: 'twilio', accountSid: 'AC1', from: '+1' },
    },
    secrets: { primary: { apiKey: '••••pkey' }, secondary: { authToken: '••••stok' } },
  });

  it('forgets the SMTP password only when asked to: Remove, not an empty field', () => {
    const form = channelFormFrom(MAIL);
    expect(removableSecrets(MAIL, form)).toEqual(['password']);
    expect(updateChannelRequest(MAIL, form, ['password'])).toEqual({ removeSecrets: ['password'] });
    // The field is emptied while it is removed: nothing of it is sent as a secret.
    form.email.password = '';
    form.name = 'Mail';
    expect(updateChannelRequest(MAIL, form, ['password'])).toEqual({
      name: 'Mail',
      removeSecrets: ['password'],
    });
    // Typed and removed: removed wins (removeSecrets applies after secrets anyway).
    form.email.password = 'typed';
    expect(updateChannelRequest(MAIL, form, ['password'])).toEqual({
      name: 'Mail',
      removeSecrets: ['password'],
    });
    // Nothing stored: nothing to forget.
    const none = channel({ ...MAIL, secrets: {} });
    expect(removableSecrets(none, channelFormFrom(none))).toEqual([]);
    expect(updateChannelRequest(none, channelFormFrom(none), ['password'])).toBeNull();
  });

  it('forgets a Slack bot token or webhook URL, as long as one of the two stays', () => {
    const form = channelFormFrom(SLACK);
    expect(removableSecrets(SLACK, form)).toEqual(['botToken', 'webhookUrl']);
    expect(updateChannelRequest(SLACK, form, ['botToken'])).toEqual({
      removeSecrets: ['botToken'],
    });
    expect(secretRemovalProblem(SLACK, form, ['botToken'])).toBeNull();
    expect(secretRemovalProblem(SLACK, form, ['webhookUrl'])).toBeNull();
    expect(secretRemovalProblem(SLACK, form, ['botToken', 'webhookUrl'])).toBe(
      'A Slack channel needs a webhook URL or a bot token: keep one of them, or enter a new one.',
    );
    // A new webhook URL typed: both stored ones may go.
    form.chat.webhookUrl = 'https://hooks.slack.com/services/NEW';
    expect(secretRemovalProblem(SLACK, form, ['botToken', 'webhookUrl'])).toBeNull();
    expect(updateChannelRequest(SLACK, form, ['botToken'])).toEqual({
      secrets: { webhookUrl: 'https://hooks.slack.com/services/NEW' },
      removeSecrets: ['botToken'],
    });
    // Only a bot token stored: it is the one left, it cannot go without a URL.
    const dms = channel({ kind: 'slack', secrets: { botToken: '••••cdef' } });
    expect(removableSecrets(dms, channelFormFrom(dms))).toEqual(['botToken']);
    expect(secretRemovalProblem(dms, channelFormFrom(dms), ['botToken'])).not.toBeNull();
    // Other chats' webhook URL is required: never offered.
    const mm = channel({ kind: 'mattermost', secrets: { webhookUrl: 'https://mm.example/••••' } });
    expect(removableSecrets(mm, channelFormFrom(mm))).toEqual([]);
    expect(secretRemovalProblem(mm, channelFormFrom(mm), ['webhookUrl'])).toBeNull();
  });

  it("forgets the secondary provider's secrets once it is removed, and a JSON provider's API key", () => {
    const form = channelFormFrom(SMS);
    // Failover on with Twilio (its token is required): only the primary's optional key.
    expect(removableSecrets(SMS, form)).toEqual(['primary.apiKey']);
    expect(updateChannelRequest(SMS, form, ['secondary'])).toBeNull();
    expect(updateChannelRequest(SMS, form, ['primary.apiKey'])).toEqual({
      removeSecrets: ['primary.apiKey'],
    });

    form.sms.useSecondary = false;
    expect(removableSecrets(SMS, form)).toEqual(['primary.apiKey', 'secondary']);
    const config = { primary: { type: 'json', url: 'https://sms.example', from: 'H' } };
    // Failover off, its secrets kept (unused) unless asked.
    expect(updateChannelRequest(SMS, form)).toEqual({ config });
    expect(updateChannelRequest(SMS, form, ['secondary'])).toEqual({
      config,
      removeSecrets: ['secondary'],
    });

    // A secondary JSON provider with a key: its key may go while it stays.
    const json = channel({
      ...SMS,
      config: { ...SMS.config, secondary: { type: 'json', url: 'https://b.example', from: 'H' } },
      secrets: { primary: {}, secondary: { apiKey: '••••skey' } },
    });
    const jsonForm = channelFormFrom(json);
    expect(removableSecrets(json, jsonForm)).toEqual(['secondary.apiKey']);
    jsonForm.sms.primary.apiKey = 'new-key';
    expect(updateChannelRequest(json, jsonForm, ['secondary.apiKey'])).toEqual({
      secrets: { primary: { apiKey: 'new-key' } },
      removeSecrets: ['secondary.apiKey'],
    });
  });

  it('offers nothing to forget when the secrets cannot be read', () => {
    const broken = channel({ ...MAIL, secrets: {}, secretsUnreadable: true });
    expect(removableSecrets(broken, channelFormFrom(broken))).toEqual([]);
    expect(updateChannelRequest(broken, channelFormFrom(broken), ['password'])).toEqual({
      secrets: {},
    });
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
