import type {
  ChatWebhookChannelConfig,
  ChatWebhookChannelSecrets,
  EmailChannelConfig,
  EmailChannelSecrets,
  SmsChannelConfig,
  SmsChannelSecrets,
  SmsProviderConfig,
  SmsProviderSecrets,
  TelegramChannelConfig,
  TelegramChannelSecrets,
  WebhookChannelConfig,
  WebhookChannelSecrets,
} from '@hyperion/contracts';
import { WEBHOOK_HEADERS } from '@hyperion/contracts';
import { createTransport } from 'nodemailer';

import { AddressRefused, assertPublicHost } from '../address-guard';
import { outcomeOf, postOnce, refused } from './http-send';
import {
  escapeHtml,
  renderDiscord,
  renderEmail,
  renderSlack,
  renderSms,
  renderTeams,
  renderTelegram,
  renderWebhook,
} from './render';
import type { ProviderReceipt, SendOutcome, SendRequest, Transport } from './transport';

export interface TransportOptions {
  /** Hosts or IPs allowed although they resolve to loopback/private/link-local addresses. */
  allowedHosts: string[];
  /** Per outbound call. */
  timeoutMs: number;
}

const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8' };

/** Headers a channel's settings may not replace. */
const PROTECTED = new Set(
  ['host', 'content-length', 'content-type', 'transfer-encoding', 'connection'].concat(
    Object.values(WEBHOOK_HEADERS).map((h) => h.toLowerCase()),
  ),
);

type ChatKind = 'slack' | 'mattermost' | 'discord' | 'teams';

class ChatWebhookTransport implements Transport<ChatKind> {
  readonly kinds = ['slack', 'mattermost', 'discord', 'teams'] as const;
  constructor(private readonly options: TransportOptions) {}

  async send(r: SendRequest<ChatKind>): Promise<SendOutcome> {
    const secrets = r.secrets as ChatWebhookChannelSecrets;
    const config = r.config as ChatWebhookChannelConfig;
    if (r.kind === 'slack' && secrets?.botToken && r.recipient) {
      return this.slackDirect(r.recipient, secrets.botToken, config, r);
    }
    if (!secrets?.webhookUrl) return refused(r.kind, 'the channel has no webhook URL');
    const payload =
      r.kind === 'discord'
        ? renderDiscord(r.message, r.recipient)
        : r.kind === 'teams'
          ? renderTeams(r.message, r.recipient)
          : renderSlack(
              r.message,
              config,
              r.recipient ? { kind: r.kind, handle: r.recipient } : null,
            );
    return outcomeOf(
      await postOnce({
        url: secrets.webhookUrl,
        headers: { ...JSON_HEADERS, [WEBHOOK_HEADERS.idempotencyKey]: r.idempotencyKey },
        body: JSON.stringify(payload),
        allowedHosts: this.options.allowedHosts,
        timeoutMs: this.options.timeoutMs,
        signal: r.signal,
        provider: r.kind,
      }),
    );
  }

  /** A direct message to a Slack member (chat.postMessage with the member id as channel). */
  private async slackDirect(
    member: string,
    botToken: string,
    config: ChatWebhookChannelConfig,
    r: SendRequest<ChatKind>,
  ): Promise<SendOutcome> {
    const base = (config.apiBaseUrl ?? 'https://slack.com/api').replace(/\/+$/, '');
    const rendered = renderSlack(r.message, {});
    return outcomeOf(
      await postOnce({
        url: `${base}/chat.postMessage`,
        headers: {
          ...JSON_HEADERS,
          authorization: `Bearer ${botToken}`,
          [WEBHOOK_HEADERS.idempotencyKey]: r.idempotencyKey,
        },
        body: JSON.stringify({ ...rendered, channel: member.replace(/^[@<]+|>$/g, '') }),
        allowedHosts: this.options.allowedHosts,
        timeoutMs: this.options.timeoutMs,
        signal: r.signal,
        provider: 'slack',
        judge: slackVerdict,
      }),
    );
  }
}

/** Slack Web API errors worth another attempt; any other `ok: false` will not pass later. */
const SLACK_TRANSIENT = new Set([
  'ratelimited',
  'internal_error',
  'fatal_error',
  'service_unavailable',
  'request_timeout',
]);

/** Slack's verdict on a 200 answer: `{ ok: false, error }` is a refusal. */
export function slackVerdict(text: string): { error: string; retryable: boolean } | null {
  let body: { ok?: unknown; error?: unknown };
  try {
    body = JSON.parse(text) as { ok?: unknown; error?: unknown };
  } catch {
    return { error: 'Slack answered something that is not JSON', retryable: true };
  }
  if (body.ok === true) return null;
  const error = typeof body.error === 'string' ? body.error : 'unknown_error';
  return { error: `Slack refused the message: ${error}`, retryable: SLACK_TRANSIENT.has(error) };
}

class TelegramTransport implements Transport<'telegram'> {
  readonly kinds = ['telegram'] as const;
  constructor(private readonly options: TransportOptions) {}

  async send(r: SendRequest<'telegram'>): Promise<SendOutcome> {
    const config = r.config as TelegramChannelConfig;
    const secrets = r.secrets as TelegramChannelSecrets;
    if (!secrets?.botToken) return refused('telegram', 'the channel has no bot token');
    const base = (config.apiBaseUrl ?? 'https://api.telegram.org').replace(/\/+$/, '');
    const payload = renderTelegram(r.message, { ...config, chatId: r.recipient ?? config.chatId });
    const result = await postOnce({
      url: `${base}/bot${encodeURIComponent(secrets.botToken)}/sendMessage`,
      headers: JSON_HEADERS,
      body: JSON.stringify(payload),
      allowedHosts: this.options.allowedHosts,
      timeoutMs: this.options.timeoutMs,
      signal: r.signal,
      provider: 'telegram',
    });
    // The token is part of the URL: never let an error message carry it.
    if (result.receipt.error) {
      result.receipt.error = result.receipt.error.split(secrets.botToken).join('••••');
    }
    return outcomeOf(result);
  }
}

class SignedWebhookTransport implements Transport<'webhook'> {
  readonly kinds = ['webhook'] as const;
  constructor(private readonly options: TransportOptions) {}

  async send(r: SendRequest<'webhook'>): Promise<SendOutcome> {
    const config = r.config as WebhookChannelConfig;
    const secrets = r.secrets as WebhookChannelSecrets;
    if (!secrets?.signingSecret) return refused('webhook', 'the channel has no signing secret');
    const extra = Object.fromEntries(
      Object.entries(config.headers ?? {}).filter(([name]) => !PROTECTED.has(name.toLowerCase())),
    );
    const { body, headers } = renderWebhook(r.message, {
      idempotencyKey: r.idempotencyKey,
      attempt: r.attempt,
      signingSecret: secrets.signingSecret,
      recipient: r.recipient,
    });
    return outcomeOf(
      await postOnce({
        url: config.url,
        headers: { ...extra, ...JSON_HEADERS, ...headers },
        body,
        allowedHosts: this.options.allowedHosts,
        timeoutMs: this.options.timeoutMs,
        signal: r.signal,
        provider: 'webhook',
      }),
    );
  }
}

class EmailTransport implements Transport<'email'> {
  readonly kinds = ['email'] as const;
  constructor(private readonly options: TransportOptions) {}

  async send(r: SendRequest<'email'>): Promise<SendOutcome> {
    const config = r.config as EmailChannelConfig;
    const secrets = (r.secrets ?? {}) as EmailChannelSecrets;
    const to = r.recipient ? [r.recipient] : config.to;
    if (!to?.length)
      return refused('email', 'no recipient: the page names none and the channel has no default');
    const started = performance.now();
    const receipt = (fields: Omit<ProviderReceipt, 'provider' | 'latencyMs'>): ProviderReceipt => ({
      provider: 'email',
      latencyMs: Math.round(performance.now() - started),
      ...fields,
    });
    let checked;
    try {
      checked = await assertPublicHost(config.host, this.options.allowedHosts, 'SMTP host');
    } catch (error) {
      const permanent = error instanceof AddressRefused;
      return {
        ok: false,
        retryable: !permanent,
        receipts: [receipt({ ok: false, error: (error as Error).message })],
      };
    }
    const mailer = createTransport({
      // The checked address, so the connection cannot be re-resolved elsewhere; TLS still
      // verifies the certificate against the configured name.
      host: checked.address,
      port: config.port,
      secure: config.security === 'tls',
      requireTLS: config.security === 'starttls',
      ignoreTLS: config.security === 'none',
      tls: { servername: checked.host },
      auth: config.username ? { user: config.username, pass: secrets.password ?? '' } : undefined,
      connectionTimeout: this.options.timeoutMs,
      greetingTimeout: this.options.timeoutMs,
      socketTimeout: this.options.timeoutMs,
    });
    const { subject, text, html } = renderEmail(r.message);
    const onAbort = () => mailer.close();
    r.signal.addEventListener('abort', onAbort, { once: true });
    try {
      const info = await mailer.sendMail({
        from: config.from,
        to,
        subject,
        text,
        html,
        headers: { 'X-Hyperion-Delivery': r.idempotencyKey },
        messageId: `<${r.idempotencyKey}@hyperion>`,
      });
      return {
        ok: true,
        retryable: false,
        receipts: [receipt({ ok: true, smtpResponse: info.response })],
      };
    } catch (error) {
      const e = error as { responseCode?: number; response?: string; message: string };
      // 5xx replies are permanent (bad recipient, refused sender); 4xx and network errors may pass later.
      const permanent = typeof e.responseCode === 'number' && e.responseCode >= 500;
      return {
        ok: false,
        retryable: !permanent,
        receipts: [receipt({ ok: false, smtpResponse: e.response, error: e.message })],
      };
    } finally {
      r.signal.removeEventListener('abort', onAbort);
      mailer.close();
    }
  }
}

type PhoneKind = 'sms' | 'voice';

const xml = (text: string) => escapeHtml(text);

/** Replaces {{name}} by the JSON-escaped value (inside a JSON string of the template). */
function fillJsonTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(to|from|text)\}\}/g, (_, key: string) =>
    JSON.stringify(values[key] ?? '').slice(1, -1),
  );
}

class PhoneTransport implements Transport<PhoneKind> {
  readonly kinds = ['sms', 'voice'] as const;
  constructor(private readonly options: TransportOptions) {}

  async send(r: SendRequest<PhoneKind>): Promise<SendOutcome> {
    const config = r.config as SmsChannelConfig;
    const secrets = (r.secrets ?? {}) as SmsChannelSecrets;
    if (!r.recipient) return refused('primary', 'no phone number to call or text');
    const receipts: ProviderReceipt[] = [];
    const first = await this.viaProvider(
      r,
      'primary',
      config.primary,
      secrets.primary ?? {},
      config,
    );
    receipts.push(first.receipt);
    if (first.receipt.ok) return { ok: true, retryable: false, receipts };
    if (config.secondary) {
      // Failover: the second provider gets it in the same attempt.
      const second = await this.viaProvider(
        r,
        'secondary',
        config.secondary,
        secrets.secondary ?? {},
        config,
      );
      receipts.push(second.receipt);
      if (second.receipt.ok) return { ok: true, retryable: false, receipts };
      return { ok: false, retryable: first.retryable || second.retryable, receipts };
    }
    return { ok: false, retryable: first.retryable, receipts };
  }

  private async viaProvider(
    r: SendRequest<PhoneKind>,
    name: string,
    provider: SmsProviderConfig,
    secrets: SmsProviderSecrets,
    config: SmsChannelConfig,
  ): Promise<{ receipt: ProviderReceipt; retryable: boolean }> {
    const to = r.recipient ?? '';
    const { text, speech } = renderSms(r.message, config);
    const common = {
      allowedHosts: this.options.allowedHosts,
      timeoutMs: this.options.timeoutMs,
      signal: r.signal,
      provider: name,
    };
    if (provider.type === 'twilio') {
      if (!provider.accountSid || !secrets.authToken) {
        return {
          receipt: {
            provider: name,
            ok: false,
            latencyMs: 0,
            error: 'the Twilio account SID or auth token is missing',
          },
          retryable: false,
        };
      }
      const base = (provider.url ?? 'https://api.twilio.com').replace(/\/+$/, '');
      const resource = r.kind === 'voice' ? 'Calls' : 'Messages';
      const form = new URLSearchParams({ To: to, From: provider.from });
      if (r.kind === 'voice') form.set('Twiml', `<Response><Say>${xml(speech)}</Say></Response>`);
      else form.set('Body', text);
      return postOnce({
        ...common,
        url: `${base}/2010-04-01/Accounts/${encodeURIComponent(provider.accountSid)}/${resource}.json`,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          authorization: `Basic ${Buffer.from(`${provider.accountSid}:${secrets.authToken}`).toString('base64')}`,
          'I-Twilio-Idempotency-Token': r.idempotencyKey,
        },
        body: form.toString(),
      });
    }
    if (!provider.url || !provider.bodyTemplate) {
      return {
        receipt: {
          provider: name,
          ok: false,
          latencyMs: 0,
          error: 'the provider URL or body template is missing',
        },
        retryable: false,
      };
    }
    const body = fillJsonTemplate(provider.bodyTemplate, {
      to,
      from: provider.from,
      text: r.kind === 'voice' ? speech : text,
    });
    try {
      JSON.parse(body);
    } catch {
      return {
        receipt: {
          provider: name,
          ok: false,
          latencyMs: 0,
          error: 'the body template is not JSON once filled in',
        },
        retryable: false,
      };
    }
    return postOnce({
      ...common,
      url: provider.url,
      headers: {
        ...JSON_HEADERS,
        [WEBHOOK_HEADERS.idempotencyKey]: r.idempotencyKey,
        ...(secrets.apiKey ? { authorization: `Bearer ${secrets.apiKey}` } : {}),
      },
      body,
    });
  }
}

/** One transport per group of kinds, covering all nine. */
export function createTransports(options: TransportOptions): Transport[] {
  return [
    new ChatWebhookTransport(options),
    new TelegramTransport(options),
    new SignedWebhookTransport(options),
    new EmailTransport(options),
    new PhoneTransport(options),
  ] as Transport[];
}
