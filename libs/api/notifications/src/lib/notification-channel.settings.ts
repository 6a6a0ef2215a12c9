import type { NotificationChannelKind } from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_KINDS, NOTIFICATION_CHANNEL_RULES } from '@hyperion/contracts';

/**
 * Validation of a channel's `config` and `secrets` by kind (pure, no framework). Each problem is
 * one message naming its field ("config.port must be an integer from 1 to 65535"), so the API
 * answers 400 with the list. Unknown fields are refused as the global ValidationPipe refuses them.
 */

type Obj = Record<string, unknown>;

const HOST_PATTERN =
  /^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.?$|^\[?[0-9A-Fa-f:.]+\]?$/;
const EMAIL_PATTERN = /^[^\s@<>(),;:"[\]]{1,64}@[^\s@<>(),;:"[\]]{1,255}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,128}$/;
const TELEGRAM_CHAT = /^(?:-?\d{1,20}|@[A-Za-z][A-Za-z0-9_]{3,63})$/;
const TELEGRAM_TOKEN = /^\d{1,20}:[A-Za-z0-9_-]{20,128}$/;
const SLACK_BOT_TOKEN = NOTIFICATION_CHANNEL_RULES.slackBotTokenPattern;
/** Headers the webhook transport sets itself. */
const RESERVED_HEADERS = new Set([
  'content-type',
  'content-length',
  'host',
  'idempotency-key',
  'x-hyperion-signature',
  'x-hyperion-timestamp',
  'x-hyperion-delivery',
]);
const MAX_HEADERS = 32;
const SHORT = 128;
const TEMPLATE_MAX = 4096;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

export function isChannelKind(value: unknown): value is NotificationChannelKind {
  return (NOTIFICATION_CHANNEL_KINDS as readonly unknown[]).includes(value);
}

/** Collects the problems of one object; each check names `<prefix>.<field>`. */
class Checker {
  readonly problems: string[] = [];

  constructor(
    private readonly prefix: string,
    private readonly value: Obj,
  ) {}

  field(name: string): string {
    return `${this.prefix}.${name}`;
  }

  only(...allowed: string[]): this {
    for (const key of Object.keys(this.value)) {
      if (!allowed.includes(key)) this.problems.push(`${this.field(key)} is not allowed`);
    }
    return this;
  }

  string(
    name: string,
    opts: { required?: boolean; max?: number; pattern?: RegExp; hint?: string } = {},
  ): this {
    const v = this.value[name];
    const max = opts.max ?? SHORT;
    const hint = opts.hint ?? `a string of 1 to ${max} characters`;
    if (v === undefined || v === null) {
      if (opts.required) this.problems.push(`${this.field(name)} is required (${hint})`);
      return this;
    }
    if (typeof v !== 'string' || v.length < 1 || v.length > max) {
      this.problems.push(`${this.field(name)} must be ${hint}`);
    } else if (opts.pattern && !opts.pattern.test(v)) {
      this.problems.push(`${this.field(name)} must be ${hint}`);
    }
    return this;
  }

  url(name: string, required: boolean): this {
    const v = this.value[name];
    if (v === undefined || v === null) {
      if (required) this.problems.push(`${this.field(name)} is required (an http or https URL)`);
      return this;
    }
    const problem = urlProblem(v);
    if (problem) this.problems.push(`${this.field(name)} ${problem}`);
    return this;
  }

  integer(name: string, min: number, max: number, required: boolean): this {
    const v = this.value[name];
    if (v === undefined || v === null) {
      if (required) this.problems.push(`${this.field(name)} is required`);
      return this;
    }
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.problems.push(`${this.field(name)} must be an integer from ${min} to ${max}`);
    }
    return this;
  }

  oneOf(name: string, values: readonly string[], required: boolean): this {
    const v = this.value[name];
    if (v === undefined || v === null) {
      if (required)
        this.problems.push(`${this.field(name)} is required (one of ${values.join(', ')})`);
      return this;
    }
    if (typeof v !== 'string' || !values.includes(v)) {
      this.problems.push(`${this.field(name)} must be one of ${values.join(', ')}`);
    }
    return this;
  }
}

/** Why `value` is not an acceptable outbound URL, or null. */
export function urlProblem(value: unknown): string | null {
  const max = NOTIFICATION_CHANNEL_RULES.urlMaxLength;
  if (typeof value !== 'string' || value.length === 0) return 'must be an http or https URL';
  if (value.length > max) return `must be at most ${max} characters`;
  let parsed: URL;
  try {
    parsed = new URL(value);
  } catch {
    return 'must be an http or https URL';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return 'must be an http or https URL';
  }
  if (parsed.username || parsed.password) return 'must not contain credentials';
  return null;
}

function nested(problems: string[], prefix: string, value: unknown, required: boolean): Obj | null {
  if (value === undefined || value === null) {
    if (required) problems.push(`${prefix} is required (an object)`);
    return null;
  }
  if (!isObject(value)) {
    problems.push(`${prefix} must be an object`);
    return null;
  }
  return value;
}

const secretString = (c: Checker, name: string, required: boolean) =>
  c.string(name, {
    required,
    max: NOTIFICATION_CHANNEL_RULES.secretMaxLength,
    hint: `a string of 1 to ${NOTIFICATION_CHANNEL_RULES.secretMaxLength} characters`,
  });

function checkEmailConfig(c: Checker, config: Obj): void {
  c.only('host', 'port', 'security', 'username', 'from', 'to')
    .string('host', {
      required: true,
      max: 253,
      pattern: HOST_PATTERN,
      hint: 'a host name or IP address',
    })
    .integer('port', 1, 65535, true)
    .oneOf('security', ['starttls', 'tls', 'none'], true)
    .string('username', { max: 256 })
    .string('from', { required: true, max: 320, pattern: EMAIL_PATTERN, hint: 'an email address' });
  const to = config['to'];
  const max = NOTIFICATION_CHANNEL_RULES.emailRecipientsMax;
  if (to === undefined || to === null) {
    c.problems.push(`${c.field('to')} is required (a list of email addresses)`);
  } else if (!Array.isArray(to) || to.length > max) {
    c.problems.push(`${c.field('to')} must be a list of at most ${max} email addresses`);
  } else {
    to.forEach((address, i) => {
      if (typeof address !== 'string' || address.length > 320 || !EMAIL_PATTERN.test(address)) {
        c.problems.push(`${c.field(`to[${i}]`)} must be an email address`);
      }
    });
  }
}

function checkWebhookHeaders(c: Checker, value: unknown): void {
  if (value === undefined || value === null) return;
  const field = c.field('headers');
  if (!isObject(value)) {
    c.problems.push(`${field} must be an object of header names to string values`);
    return;
  }
  const entries = Object.entries(value);
  if (entries.length > MAX_HEADERS)
    c.problems.push(`${field} must have at most ${MAX_HEADERS} headers`);
  for (const [name, v] of entries) {
    if (!HEADER_NAME.test(name)) {
      c.problems.push(`${field}.${name} is not a valid header name`);
    } else if (RESERVED_HEADERS.has(name.toLowerCase())) {
      c.problems.push(`${field}.${name} is set by Hyperion and cannot be overridden`);
    } else if (typeof v !== 'string' || v.length > 1024 || /[\r\n\0]/.test(v)) {
      c.problems.push(`${field}.${name} must be a string of at most 1024 characters on one line`);
    }
  }
}

function checkProvider(
  problems: string[],
  prefix: string,
  value: unknown,
  required: boolean,
): Obj | null {
  const provider = nested(problems, prefix, value, required);
  if (!provider) return null;
  const c = new Checker(prefix, provider)
    .only('type', 'url', 'accountSid', 'from', 'bodyTemplate')
    .oneOf('type', ['twilio', 'json'], true)
    .url('url', provider['type'] === 'json')
    .string('accountSid', {
      required: provider['type'] === 'twilio',
      max: 64,
      pattern: /^[A-Za-z0-9]+$/,
      hint: 'letters and digits (1 to 64)',
    })
    .string('from', { required: true, max: 64 })
    .string('bodyTemplate', { max: TEMPLATE_MAX });
  problems.push(...c.problems);
  return provider;
}

function checkProviderSecrets(
  problems: string[],
  prefix: string,
  value: unknown,
  provider: Obj | null,
  required: boolean,
): void {
  const secrets = nested(problems, prefix, value, required);
  if (!secrets) return;
  const c = new Checker(prefix, secrets).only('authToken', 'apiKey');
  secretString(c, 'authToken', provider?.['type'] === 'twilio');
  secretString(c, 'apiKey', false);
  problems.push(...c.problems);
}

/**
 * The problems of `config` and `secrets` for a channel of `kind` (empty when both are valid).
 * `secrets` are the complete secrets (a PATCH merges first), except a webhook's signingSecret,
 * which the service generates when absent.
 */
export function channelSettingsProblems(
  kind: NotificationChannelKind,
  configValue: unknown,
  secretsValue: unknown,
): string[] {
  const problems: string[] = [];
  const config = nested(problems, 'config', configValue, true);
  const secrets = nested(problems, 'secrets', secretsValue, true);
  const cc = new Checker('config', config ?? {});
  const sc = new Checker('secrets', secrets ?? {});
  switch (kind) {
    case 'email':
      if (config) checkEmailConfig(cc, config);
      sc.only('password');
      secretString(sc, 'password', false);
      break;
    case 'slack': {
      cc.only('channel', 'username', 'apiBaseUrl')
        .string('channel')
        .string('username')
        .url('apiBaseUrl', false);
      const bot = secrets !== null && secrets['botToken'] !== undefined;
      sc.only('webhookUrl', 'botToken').url('webhookUrl', !bot).string('botToken', {
        max: 256,
        pattern: SLACK_BOT_TOKEN,
        hint: 'a Slack bot token (xoxb-…) with the chat:write scope',
      });
      break;
    }
    case 'mattermost':
    case 'discord':
    case 'teams':
      cc.only('channel', 'username').string('channel').string('username');
      sc.only('webhookUrl').url('webhookUrl', true);
      break;
    case 'telegram':
      cc.only('chatId', 'apiBaseUrl')
        .string('chatId', {
          required: true,
          max: 64,
          pattern: TELEGRAM_CHAT,
          hint: 'a numeric chat id or an @channel name',
        })
        .url('apiBaseUrl', false);
      sc.only('botToken').string('botToken', {
        required: true,
        max: 256,
        pattern: TELEGRAM_TOKEN,
        hint: 'a bot token as BotFather gives it (<digits>:<token>)',
      });
      break;
    case 'webhook':
      cc.only('url', 'headers').url('url', true);
      if (config) checkWebhookHeaders(cc, config['headers']);
      sc.only('signingSecret');
      secretString(sc, 'signingSecret', false);
      break;
    case 'sms':
    case 'voice': {
      cc.only('primary', 'secondary', 'voiceMessage').string('voiceMessage', { max: 1024 });
      const primary = config
        ? checkProvider(problems, 'config.primary', config['primary'], true)
        : null;
      const secondary = config
        ? checkProvider(problems, 'config.secondary', config['secondary'], false)
        : null;
      sc.only('primary', 'secondary');
      if (secrets) {
        checkProviderSecrets(problems, 'secrets.primary', secrets['primary'], primary, true);
        checkProviderSecrets(
          problems,
          'secrets.secondary',
          secrets['secondary'],
          secondary,
          secondary !== null,
        );
      }
      break;
    }
  }
  return [...problems, ...cc.problems, ...sc.problems];
}

/** Every outbound URL of a channel (checked against private addresses at create and update). */
export function channelUrls(
  kind: NotificationChannelKind,
  config: Obj,
  secrets: Obj,
): { field: string; url: string }[] {
  const urls: { field: string; url: string }[] = [];
  const add = (field: string, v: unknown) => {
    if (typeof v === 'string') urls.push({ field, url: v });
  };
  switch (kind) {
    case 'slack':
      add('secrets.webhookUrl', secrets['webhookUrl']);
      add('config.apiBaseUrl', config['apiBaseUrl']);
      break;
    case 'mattermost':
    case 'discord':
    case 'teams':
      add('secrets.webhookUrl', secrets['webhookUrl']);
      break;
    case 'telegram':
      add('config.apiBaseUrl', config['apiBaseUrl']);
      break;
    case 'webhook':
      add('config.url', config['url']);
      break;
    case 'sms':
    case 'voice':
      for (const which of ['primary', 'secondary']) {
        const provider = config[which];
        if (isObject(provider)) add(`config.${which}.url`, provider['url']);
      }
      break;
    case 'email':
      break;
  }
  return urls;
}
