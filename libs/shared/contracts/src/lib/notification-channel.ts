import type { Permission } from './permissions';

/**
 * How a notification leaves Hyperion. Each kind has its settings (`config`, returned as is) and
 * its secrets (`secrets`, stored encrypted with the SecretBox and only ever returned masked).
 */
export const NOTIFICATION_CHANNEL_KINDS = [
  'email',
  'slack',
  'mattermost',
  'discord',
  'teams',
  'telegram',
  'webhook',
  'sms',
  'voice',
] as const;

export type NotificationChannelKind = (typeof NOTIFICATION_CHANNEL_KINDS)[number];

/** SMTP over STARTTLS (`security: 'starttls'`), implicit TLS (`'tls'`) or plain (`'none'`). */
export interface EmailChannelConfig {
  host: string;
  port: number;
  security: 'starttls' | 'tls' | 'none';
  /** SMTP user name (the password is a secret). */
  username?: string;
  from: string;
  /** Default recipients when a page names none (e.g. the on-call mailbox). */
  to: string[];
}
export interface EmailChannelSecrets {
  password?: string;
}

/** Slack / Mattermost / Discord / Teams incoming webhooks: the URL itself is the secret. */
export interface ChatWebhookChannelConfig {
  /** Slack / Mattermost: channel override and the name shown (optional). */
  channel?: string;
  username?: string;
  /** Slack with a bot token: the Web API base (default https://slack.com/api; tests use a local one). */
  apiBaseUrl?: string;
}
export interface ChatWebhookChannelSecrets {
  /** Required, except for a Slack channel with a bot token (then: direct messages only). */
  webhookUrl?: string;
  /**
   * Slack only (`xoxb-…`, scope chat:write): a page to a person with a Slack member id is sent
   * to them as a direct message (chat.postMessage), not to the webhook's channel.
   */
  botToken?: string;
}

/** Telegram Bot API `sendMessage`; `apiBaseUrl` defaults to https://api.telegram.org. */
export interface TelegramChannelConfig {
  chatId: string;
  apiBaseUrl?: string;
}
export interface TelegramChannelSecrets {
  botToken: string;
}

/** A generic webhook: JSON POST, signed with HMAC-SHA256 (see WEBHOOK_HEADERS). */
export interface WebhookChannelConfig {
  url: string;
  /** Extra request headers (not secret). */
  headers?: Record<string, string>;
}
export interface WebhookChannelSecrets {
  /** The HMAC key; generated when not given at creation. */
  signingSecret: string;
}

/**
 * An SMS or voice provider. `twilio`: Twilio's form API (`POST {baseUrl}/2010-04-01/Accounts/
 * {accountSid}/Messages.json` or `Calls.json`, basic auth accountSid:authToken). `json`: a POST of
 * `bodyTemplate` with `{{to}}`, `{{from}}`, `{{text}}` replaced (JSON-escaped) to `url`, with the
 * secret `apiKey` sent as `Authorization: Bearer`.
 */
export interface SmsProviderConfig {
  type: 'twilio' | 'json';
  /** twilio: defaults to https://api.twilio.com; json: the endpoint. */
  url?: string;
  accountSid?: string;
  from: string;
  bodyTemplate?: string;
}
export interface SmsProviderSecrets {
  authToken?: string;
  apiKey?: string;
}
export interface SmsChannelConfig {
  primary: SmsProviderConfig;
  /** Used when the primary fails (failover); both receipts are kept. */
  secondary?: SmsProviderConfig;
  /** Voice only: what the call reads (`{{title}}`, `{{severity}}`, `{{service}}` replaced). */
  voiceMessage?: string;
}
export interface SmsChannelSecrets {
  primary: SmsProviderSecrets;
  secondary?: SmsProviderSecrets;
}

export interface ChannelConfigByKind {
  email: EmailChannelConfig;
  slack: ChatWebhookChannelConfig;
  mattermost: ChatWebhookChannelConfig;
  discord: ChatWebhookChannelConfig;
  teams: ChatWebhookChannelConfig;
  telegram: TelegramChannelConfig;
  webhook: WebhookChannelConfig;
  sms: SmsChannelConfig;
  voice: SmsChannelConfig;
}
export interface ChannelSecretsByKind {
  email: EmailChannelSecrets;
  slack: ChatWebhookChannelSecrets;
  mattermost: ChatWebhookChannelSecrets;
  discord: ChatWebhookChannelSecrets;
  teams: ChatWebhookChannelSecrets;
  telegram: TelegramChannelSecrets;
  webhook: WebhookChannelSecrets;
  sms: SmsChannelSecrets;
  voice: SmsChannelSecrets;
}

/** A notification channel of the active organisation, as the API returns it. */
export interface NotificationChannelSummary {
  id: string;
  name: string;
  kind: NotificationChannelKind;
  enabled: boolean;
  config: ChannelConfigByKind[NotificationChannelKind];
  /**
   * The secrets, masked: same keys, each value shown as `••••` plus its last 4 characters (a URL
   * as its scheme and host plus `/••••`), never in full.
   */
  secrets: Record<string, unknown>;
  /**
   * true when the stored secrets cannot be decrypted (ENCRYPTION_KEY changed, or the row was
   * altered): `secrets` is then empty, sends fail, and an update must give every secret again.
   */
  secretsUnreadable?: true;
  /** Deliveries through this channel, counted since it was created. */
  counters: { delivered: number; failed: number };
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC. */
  updatedAt: string;
}

export interface CreateNotificationChannelRequest {
  name: string;
  kind: NotificationChannelKind;
  enabled?: boolean;
  config: ChannelConfigByKind[NotificationChannelKind];
  secrets: ChannelSecretsByKind[NotificationChannelKind];
}

/** Only the fields given change; a secret key left out keeps its stored value. */
export interface UpdateNotificationChannelRequest {
  name?: string;
  enabled?: boolean;
  config?: ChannelConfigByKind[NotificationChannelKind];
  secrets?: Partial<ChannelSecretsByKind[NotificationChannelKind]>;
  /**
   * Stored secrets to forget, by name (`botToken`, `password`, `secondary`, `secondary.apiKey`),
   * applied after `secrets`; the channel must still be complete without them.
   */
  removeSecrets?: string[];
}

/** The same as NotificationChannelSummary (the name the console used while the API was built). */
export type NotificationChannelDetails = NotificationChannelSummary;
/** The same as CreateNotificationChannelRequest. */
export type CreateNotificationChannelDetailsRequest = CreateNotificationChannelRequest;

export type NotificationSeverity = 'critical' | 'high' | 'warning' | 'info';

/**
 * The one internal notification every channel renders in its own format (monitoring-and-alerts:
 * email subject `[ALERT] <service> - <status>`, Slack attachment, Discord embed ...).
 */
export interface NotificationMessage {
  title: string;
  summary: string;
  severity: NotificationSeverity;
  service: string;
  /** e.g. DOWN, UP, triggered, acknowledged, resolved. */
  status: string;
  /** ISO 8601, UTC. */
  timestamp: string;
  links?: { label: string; url: string }[];
  details?: Record<string, string | number | boolean>;
}

export type DeliveryState = 'pending' | 'delivered' | 'failed';

/** One attempt of one delivery (a row of `notification_delivery_attempt`). */
export interface DeliveryAttemptSummary {
  attempt: number;
  /** `delivered`, or `failed` for this attempt (a later one may still deliver). */
  status: 'delivered' | 'failed';
  /** Which provider answered (SMS/voice: `primary` / `secondary`; others: the kind). */
  provider: string;
  /** HTTP status, when the peer answered over HTTP. */
  httpStatus?: number;
  /** SMTP reply, for email. */
  smtpResponse?: string;
  latencyMs: number;
  error?: string;
  /** ISO 8601, UTC. */
  at: string;
}

/** A delivery: one message to one recipient through one channel, with its attempts. */
export interface DeliverySummary {
  id: string;
  channelId: string;
  channelName: string;
  kind: NotificationChannelKind;
  /** Email address, phone number, chat id, or the webhook's host. */
  recipient: string;
  title: string;
  state: DeliveryState;
  /** Sent unchanged on every attempt (header `Idempotency-Key` / `X-Hyperion-Delivery`). */
  idempotencyKey: string;
  attempts: DeliveryAttemptSummary[];
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC: when it reached its final state. */
  finishedAt?: string;
}

/** `POST .../:id/test`: the test delivery, once delivered or failed (or still pending after 15 s). */
export type TestSendResponse = DeliverySummary;

/** Headers of every generic-webhook request. */
export const WEBHOOK_HEADERS = {
  /** `sha256=<hex HMAC-SHA256 over "<timestamp>.<body>" with the channel's signing secret>`. */
  signature: 'X-Hyperion-Signature',
  /** Unix seconds, also signed. */
  timestamp: 'X-Hyperion-Timestamp',
  /** The delivery's idempotency key, the same on every attempt. */
  idempotencyKey: 'Idempotency-Key',
} as const;

/** Validation rules of notification channels: the API's DTOs and the console's forms both use these. */
export const NOTIFICATION_CHANNEL_RULES = {
  /** A Slack bot token (direct messages): `xoxb-…`. */
  slackBotTokenPattern: /^xoxb-[A-Za-z0-9-]{10,250}$/,
  nameMaxLength: 128,
  /** One line, without leading or trailing spaces. */
  namePattern: /^\S(?:.*\S)?$/,
  nameHint: '1 to 128 characters on one line, without leading or trailing spaces',
  urlMaxLength: 2048,
  secretMaxLength: 4096,
  emailRecipientsMax: 50,
  /** Rendered message bodies are cut to this many bytes. */
  bodyMaxBytes: 64 * 1024,
  /** Attempts per delivery (the first included), with exponential back-off. */
  defaultAttempts: 5,
} as const;

/** What reading and changing notification channels requires (the API's routes and the console's module). */
export const NOTIFICATION_CHANNEL_PERMISSIONS = {
  read: 'notifications:read',
  write: 'notifications:write',
} as const satisfies Record<'read' | 'write', Permission>;

export const NOTIFICATION_CHANNEL_ROUTES = {
  /** GET: every notification channel of the active organisation; POST: a new one. */
  collection: '/api/v1/notification-channels',
  /** GET, PATCH, DELETE: one notification channel. */
  item: (id: string) => `/api/v1/notification-channels/${encodeURIComponent(id)}`,
  /** POST → TestSendResponse: sends a test message through the channel (write permission). */
  test: (id: string) => `/api/v1/notification-channels/${encodeURIComponent(id)}/test`,
  /**
   * POST SendNotificationRequest → 202 SendNotificationResponse: a message through the channel
   * now, to each recipient given (or to the channel's own default), write permission.
   */
  send: (id: string) => `/api/v1/notification-channels/${encodeURIComponent(id)}/send`,
  /** GET ?state=&channelId=&limit= → DeliverySummary[], newest first (read permission). */
  deliveries: '/api/v1/notification-deliveries',
  /** GET → DeliverySummary with its attempts (read permission). */
  delivery: (id: string) => `/api/v1/notification-deliveries/${encodeURIComponent(id)}`,
} as const;

/**
 * A message sent through one channel at once (an announcement, a maintenance notice), one
 * delivery per recipient: email addresses, E.164 numbers or chat ids by the channel's kind;
 * for a webhook, each recipient is passed in the payload. Without recipients, one delivery to
 * the channel's own default. With an idempotencyKey, sending again sends nothing new.
 */
export interface SendNotificationRequest {
  title: string;
  summary?: string;
  severity: NotificationSeverity;
  service?: string;
  /** Default `notice`. */
  status?: string;
  recipients?: string[];
  idempotencyKey?: string;
}
export interface SendNotificationResponse {
  /** In the order of the recipients. */
  deliveryIds: string[];
}

export const SEND_RULES = {
  recipientsMax: 1000,
  recipientMax: 320,
  titleMax: 512,
  summaryMax: 4000,
  serviceMax: 128,
  statusMax: 32,
  /** The per-recipient keys are `<idempotencyKey>:<n>`: they must fit 128 characters. */
  idempotencyKeyMax: 100,
} as const;
