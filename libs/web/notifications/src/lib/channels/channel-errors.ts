import { HttpErrorResponse } from '@angular/common/http';
import type { NotificationChannelKind } from '@hyperion/contracts';
import { apiErrorMessage } from '@hyperion/web/util';

import { kindInfo } from '../channel-kinds';

/** The channel fields the API names by path ("secrets.webhookUrl"), as the form labels them. */
const FIELD_LABELS: Readonly<Record<string, string>> = {
  kind: 'the kind',
  enabled: 'enabled',
  config: 'the settings',
  secrets: 'the secrets',
  'config.host': 'the SMTP host',
  'config.port': 'the port',
  'config.security': 'the security',
  'config.username': 'the user name',
  'config.from': 'the sender',
  'config.to': 'the recipients',
  'config.channel': 'the channel',
  'config.chatId': 'the chat id',
  'config.apiBaseUrl': 'the API base URL',
  'config.url': 'the URL',
  'config.headers': 'the extra headers',
  'config.voiceMessage': 'the voice message',
  'secrets.password': 'the SMTP password',
  'secrets.webhookUrl': 'the webhook URL',
  'secrets.botToken': 'the bot token',
  'secrets.signingSecret': 'the signing secret',
};

/** Fields two kinds share, named with the kind when it is known ("the Slack bot token"). */
const KIND_NAMED_FIELDS: Readonly<Record<string, string>> = {
  'config.apiBaseUrl': 'API base URL',
  'secrets.botToken': 'bot token',
};

const PROVIDER_FIELDS: Readonly<Record<string, string>> = {
  type: 'type',
  url: 'URL',
  accountSid: 'account SID',
  from: 'sender',
  bodyTemplate: 'body template',
  authToken: 'auth token',
  apiKey: 'API key',
};

/**
 * "config.primary.accountSid" → "the primary provider's account SID", "secrets.botToken" of a
 * Slack channel → "the Slack bot token"; null when unknown.
 */
export function channelFieldLabel(path: string, kind?: NotificationChannelKind): string | null {
  const recipient = /^config\.to\[(\d+)\]$/.exec(path);
  if (recipient) return `recipient ${Number(recipient[1]) + 1}`;
  if (kind && Object.prototype.hasOwnProperty.call(KIND_NAMED_FIELDS, path)) {
    return `the ${kindInfo(kind).label} ${KIND_NAMED_FIELDS[path]}`;
  }
  if (Object.prototype.hasOwnProperty.call(FIELD_LABELS, path)) return FIELD_LABELS[path];
  const provider = /^(?:config|secrets)\.(primary|secondary)(?:\.(\w+))?$/.exec(path);
  if (provider) {
    const field = provider[2] ? (PROVIDER_FIELDS[provider[2]] ?? provider[2]) : 'settings';
    return `the ${provider[1]} provider's ${field}`;
  }
  return null;
}

/** Field paths in one of the API's messages, in words (of the channel's kind, when known). */
export function humanizeChannelPaths(message: string, kind?: NotificationChannelKind): string {
  return message.replace(
    /\b(?:config|secrets)(?:\.\w+)+(?:\[\d+\])?/g,
    (path) => channelFieldLabel(path, kind) ?? path,
  );
}

/**
 * A refused channel request in words: apiErrorMessage, with the channel's field paths
 * ("secrets.webhookUrl", "config.primary.from") named as the form of its `kind` names them.
 */
export function channelErrorMessage(
  error: unknown,
  fallback: string,
  kind?: NotificationChannelKind,
): string {
  if (!(error instanceof HttpErrorResponse) || typeof error.error !== 'object' || !error.error) {
    return apiErrorMessage(error, fallback);
  }
  const body = error.error as { message?: unknown };
  const rewrite = (text: unknown) =>
    typeof text === 'string' ? humanizeChannelPaths(text, kind) : text;
  const message = Array.isArray(body.message) ? body.message.map(rewrite) : rewrite(body.message);
  return apiErrorMessage(
    new HttpErrorResponse({
      error: { ...body, message },
      headers: error.headers,
      status: error.status,
      statusText: error.statusText,
      url: error.url ?? undefined,
    }),
    fallback,
  );
}
