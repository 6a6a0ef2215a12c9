import type {
  ChannelConfigByKind,
  ChannelSecretsByKind,
  CreateNotificationChannelDetailsRequest,
  EmailChannelConfig,
  NotificationChannelDetails,
  NotificationChannelKind,
  SmsChannelConfig,
  SmsProviderConfig,
  SmsProviderSecrets,
} from '@hyperion/contracts';

import { CHAT_KINDS_WITH_CHANNEL, sectionOf } from '../channel-kinds';

/** One SMS / voice provider as the form holds it (strings; '' for "not given"). */
export interface ProviderFormValue {
  type: '' | SmsProviderConfig['type'];
  url: string;
  accountSid: string;
  from: string;
  bodyTemplate: string;
  authToken: string;
  apiKey: string;
}

/**
 * The channel form: the name, the kind, and one section per kind family (only the kind's own
 * section is enabled, and so validated and sent). Secrets start as the API's masked values when
 * editing; a secret still equal to its masked value, or emptied, is "unchanged" and never sent
 * back (the API keeps a secret left out, and refuses `null`). Forgetting a stored secret is asked
 * for apart, by name (`removeSecrets`: see channel-update.ts).
 */
export interface ChannelFormValue {
  name: string;
  kind: '' | NotificationChannelKind;
  email: {
    host: string;
    port: string;
    security: '' | EmailChannelConfig['security'];
    username: string;
    password: string;
    from: string;
    /** Addresses separated by commas, spaces or new lines. */
    to: string;
  };
  chat: {
    webhookUrl: string;
    channel: string;
    username: string;
    /** Slack only: a bot token (xoxb-…) for direct messages to people paged by member id. */
    botToken: string;
    /** Slack only, with a bot token: the Web API base (default https://slack.com/api). */
    apiBaseUrl: string;
  };
  telegram: { chatId: string; botToken: string; apiBaseUrl: string };
  webhook: {
    url: string;
    signingSecret: string;
    /** One `Name: value` a line. */
    headers: string;
  };
  sms: {
    primary: ProviderFormValue;
    useSecondary: boolean;
    secondary: ProviderFormValue;
    voiceMessage: string;
  };
}

export const emptyProvider = (): ProviderFormValue => ({
  type: '',
  url: '',
  accountSid: '',
  from: '',
  bodyTemplate: '',
  authToken: '',
  apiKey: '',
});

export function emptyChannelForm(): ChannelFormValue {
  return {
    name: '',
    kind: '',
    email: { host: '', port: '', security: '', username: '', password: '', from: '', to: '' },
    chat: { webhookUrl: '', channel: '', username: '', botToken: '', apiBaseUrl: '' },
    telegram: { chatId: '', botToken: '', apiBaseUrl: '' },
    webhook: { url: '', signingSecret: '', headers: '' },
    sms: {
      primary: emptyProvider(),
      useSecondary: false,
      secondary: emptyProvider(),
      voiceMessage: '',
    },
  };
}

const text = (value: unknown): string =>
  typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';

export const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};

/** Email addresses of the "To" field: split on commas, semicolons, spaces and new lines. */
export function parseRecipients(value: string): string[] {
  return value
    .split(/[\s,;]+/)
    .map((address) => address.trim())
    .filter((address) => address !== '');
}

/** `Name: value` lines → headers; lines that are not a header are reported by `headerProblem`. */
export function parseHeaders(value: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of value.split('\n')) {
    const match = /^\s*([!#$%&'*+.^_`|~0-9A-Za-z-]+)\s*:\s*(.*?)\s*$/.exec(line);
    if (match) headers[match[1]] = match[2];
  }
  return headers;
}

/** The first line of the headers field that is not `Name: value`, in words; null when all are. */
export function headerProblem(value: string): string | null {
  const lines = value.split('\n').filter((line) => line.trim() !== '');
  const bad = lines.findIndex((line) => !/^\s*[!#$%&'*+.^_`|~0-9A-Za-z-]+\s*:\s*\S.*$/.test(line));
  return bad < 0 ? null : `Line ${bad + 1} is not "Name: value".`;
}

export function headersText(headers: Record<string, string> | undefined): string {
  return Object.entries(headers ?? {})
    .map(([name, value]) => `${name}: ${value}`)
    .join('\n');
}

function providerFrom(config: unknown, secrets: unknown): ProviderFormValue {
  const c = record(config);
  const s = record(secrets);
  const type = c['type'] === 'twilio' || c['type'] === 'json' ? c['type'] : '';
  return {
    type,
    url: text(c['url']),
    accountSid: text(c['accountSid']),
    from: text(c['from']),
    bodyTemplate: text(c['bodyTemplate']),
    authToken: text(s['authToken']),
    apiKey: text(s['apiKey']),
  };
}

/**
 * The form of an existing channel: its settings, and its secrets as the API masked them (none
 * when they are unreadable: `secrets` is then empty and every secret is typed again).
 */
export function channelFormFrom(channel: NotificationChannelDetails): ChannelFormValue {
  const form = emptyChannelForm();
  const config = record(channel.config);
  const secrets = record(channel.secrets);
  form.name = channel.name;
  form.kind = channel.kind;
  switch (sectionOf(channel.kind)) {
    case 'email': {
      const security = config['security'];
      form.email = {
        host: text(config['host']),
        port: text(config['port']),
        security:
          security === 'starttls' || security === 'tls' || security === 'none' ? security : '',
        username: text(config['username']),
        password: text(secrets['password']),
        from: text(config['from']),
        to: Array.isArray(config['to']) ? config['to'].map(text).join(', ') : '',
      };
      break;
    }
    case 'chat':
      form.chat = {
        webhookUrl: text(secrets['webhookUrl']),
        channel: text(config['channel']),
        username: text(config['username']),
        botToken: text(secrets['botToken']),
        apiBaseUrl: text(config['apiBaseUrl']),
      };
      break;
    case 'telegram':
      form.telegram = {
        chatId: text(config['chatId']),
        botToken: text(secrets['botToken']),
        apiBaseUrl: text(config['apiBaseUrl']),
      };
      break;
    case 'webhook':
      form.webhook = {
        url: text(config['url']),
        signingSecret: text(secrets['signingSecret']),
        headers: headersText(record(config['headers']) as Record<string, string>),
      };
      break;
    case 'sms':
      form.sms = {
        primary: providerFrom(config['primary'], record(secrets['primary'])),
        useSecondary: config['secondary'] !== undefined && config['secondary'] !== null,
        secondary: config['secondary']
          ? providerFrom(config['secondary'], record(secrets['secondary']))
          : emptyProvider(),
        voiceMessage: text(config['voiceMessage']),
      };
      break;
  }
  return form;
}

/** Leaves out keys whose value is '' or undefined (optional settings not given). */
function given<T extends object>(value: T): T {
  return Object.fromEntries(
    Object.entries(value).filter(([, v]) => v !== '' && v !== undefined),
  ) as T;
}

function providerConfig(provider: ProviderFormValue): SmsProviderConfig {
  return given({
    type: provider.type === '' ? 'twilio' : provider.type,
    url: provider.url.trim(),
    accountSid: provider.type === 'twilio' ? provider.accountSid.trim() : '',
    from: provider.from.trim(),
    bodyTemplate: provider.type === 'json' ? provider.bodyTemplate : '',
  });
}

/** The settings (`config`) of the form's kind. */
export function channelConfig(
  kind: NotificationChannelKind,
  form: ChannelFormValue,
): ChannelConfigByKind[NotificationChannelKind] {
  switch (sectionOf(kind)) {
    case 'email':
      return given({
        host: form.email.host.trim(),
        port: Number(form.email.port),
        security: form.email.security === '' ? 'starttls' : form.email.security,
        username: form.email.username.trim(),
        from: form.email.from.trim(),
        to: parseRecipients(form.email.to),
      }) satisfies EmailChannelConfig;
    case 'chat': {
      if (!CHAT_KINDS_WITH_CHANNEL.includes(kind)) return {};
      const chat = { channel: form.chat.channel.trim(), username: form.chat.username.trim() };
      return kind === 'slack'
        ? given({ ...chat, apiBaseUrl: form.chat.apiBaseUrl.trim() })
        : given(chat);
    }
    case 'telegram':
      return given({
        chatId: form.telegram.chatId.trim(),
        apiBaseUrl: form.telegram.apiBaseUrl.trim(),
      });
    case 'webhook': {
      const headers = parseHeaders(form.webhook.headers);
      return Object.keys(headers).length > 0
        ? { url: form.webhook.url.trim(), headers }
        : { url: form.webhook.url.trim() };
    }
    case 'sms': {
      const config: SmsChannelConfig = { primary: providerConfig(form.sms.primary) };
      if (form.sms.useSecondary) config.secondary = providerConfig(form.sms.secondary);
      if (kind === 'voice' && form.sms.voiceMessage.trim() !== '') {
        config.voiceMessage = form.sms.voiceMessage.trim();
      }
      return config;
    }
  }
}

/**
 * A secret as typed: kept when the field still shows the API's masked value (`masked`), left out
 * when empty; otherwise sent ('' for "nothing to send").
 */
export function secret(value: string, masked: unknown): string {
  return typeof masked === 'string' && masked !== '' && value === masked ? '' : value.trim();
}

function providerSecrets(provider: ProviderFormValue, masked: unknown): SmsProviderSecrets {
  const m = record(masked);
  return given({
    authToken: provider.type === 'twilio' ? secret(provider.authToken, m['authToken']) : '',
    apiKey: provider.type === 'json' ? secret(provider.apiKey, m['apiKey']) : '',
  });
}

/**
 * The secrets of the form's kind that were typed: on creation every one given; on an edit
 * (`masked`: the channel's masked secrets) only those changed — an emptied one is kept as it is
 * (forgetting one is `removeSecrets`, not an empty value). Empty: none to send.
 */
export function channelSecrets(
  kind: NotificationChannelKind,
  form: ChannelFormValue,
  masked: Record<string, unknown> = {},
): Record<string, unknown> {
  switch (sectionOf(kind)) {
    case 'email':
      return given({ password: secret(form.email.password, masked['password']) });
    case 'chat':
      return given({
        webhookUrl: secret(form.chat.webhookUrl, masked['webhookUrl']),
        botToken: kind === 'slack' ? secret(form.chat.botToken, masked['botToken']) : '',
      });
    case 'telegram':
      return given({ botToken: secret(form.telegram.botToken, masked['botToken']) });
    case 'webhook':
      return given({ signingSecret: secret(form.webhook.signingSecret, masked['signingSecret']) });
    case 'sms': {
      // A new channel always names its providers' secrets (even none, e.g. a JSON API without
      // a key); an edit only those retyped.
      const creating = Object.keys(masked).length === 0;
      const secrets: Record<string, unknown> = {};
      const primary = providerSecrets(form.sms.primary, masked['primary']);
      if (creating || Object.keys(primary).length > 0) secrets['primary'] = primary;
      if (form.sms.useSecondary) {
        const secondary = providerSecrets(form.sms.secondary, masked['secondary']);
        if (creating || Object.keys(secondary).length > 0) secrets['secondary'] = secondary;
      }
      return secrets;
    }
  }
}

/** `POST /notification-channels` of a filled-in form (its kind chosen). */
export function createChannelRequest(
  form: ChannelFormValue,
): CreateNotificationChannelDetailsRequest {
  if (form.kind === '') throw new Error('Choose a kind first');
  const kind = form.kind;
  const secrets = channelSecrets(kind, form) as ChannelSecretsByKind[NotificationChannelKind];
  return { name: form.name.trim(), kind, config: channelConfig(kind, form), secrets };
}
