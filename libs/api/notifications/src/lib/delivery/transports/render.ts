import { createHmac } from 'node:crypto';

import type {
  ChatWebhookChannelConfig,
  NotificationMessage,
  NotificationSeverity,
  SmsChannelConfig,
  TelegramChannelConfig,
} from '@hyperion/contracts';
import { WEBHOOK_HEADERS } from '@hyperion/contracts';

import { cutBytes } from './http-send';

/** Statuses that mean "back to normal": rendered green. */
const RECOVERED = /^(up|ok|resolved|recovered)$/i;

const recovered = (m: NotificationMessage) => RECOVERED.test(m.status);

/** Slack / Mattermost attachment colour (monitoring-and-alerts: danger for a failure). */
export function slackColor(m: NotificationMessage): 'danger' | 'warning' | 'good' {
  if (recovered(m)) return 'good';
  const bySeverity: Record<NotificationSeverity, 'danger' | 'warning' | 'good'> = {
    critical: 'danger',
    high: 'danger',
    warning: 'warning',
    info: 'good',
  };
  return bySeverity[m.severity];
}

const SUMMARY_MAX = 3000;
const short = (text: string, max = SUMMARY_MAX) =>
  text.length > max ? `${text.slice(0, max - 1)}…` : text;

/** `[ALERT] <service> - <status>` (monitoring-and-alerts), or `[RESOLVED]` when back to normal. */
export function emailSubject(m: NotificationMessage): string {
  return `[${recovered(m) ? 'RESOLVED' : 'ALERT'}] ${m.service} - ${m.status}`.replace(
    /[\r\n]+/g,
    ' ',
  );
}

export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function facts(m: NotificationMessage): [string, string][] {
  return [
    ['Service', m.service],
    ['Status', m.status],
    ['Severity', m.severity],
    ['Timestamp', m.timestamp],
    ...Object.entries(m.details ?? {}).map(([k, v]): [string, string] => [k, String(v)]),
  ];
}

export function renderEmail(m: NotificationMessage): {
  subject: string;
  text: string;
  html: string;
} {
  const rows = facts(m);
  const links = m.links ?? [];
  const text = cutBytes(
    [
      m.title,
      '',
      short(m.summary),
      '',
      ...rows.map(([k, v]) => `${k}: ${v}`),
      ...(links.length ? ['', ...links.map((l) => `${l.label}: ${l.url}`)] : []),
    ].join('\n'),
  );
  const html = cutBytes(
    [
      `<h2>${escapeHtml(m.title)}</h2>`,
      `<p>${escapeHtml(short(m.summary))}</p>`,
      '<table>',
      ...rows.map(
        ([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`,
      ),
      '</table>',
      ...(links.length
        ? [
            '<ul>',
            ...links.map(
              (l) => `<li><a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a></li>`,
            ),
            '</ul>',
          ]
        : []),
    ].join('\n'),
  );
  return { subject: emailSubject(m), text, html };
}

/**
 * Who a chat message is for (a page to one person): Slack mentions a member id as `<@U…>`,
 * Mattermost a username as `@name`, Discord a user id as `<@…>`.
 */
function mentionOf(kind: 'slack' | 'mattermost' | 'discord', handle: string | null | undefined) {
  if (!handle) return '';
  const bare = handle.replace(/^[@<]+|>$/g, '');
  return kind === 'mattermost' ? `@${bare} ` : `<@${bare}> `;
}

/**
 * Slack and Mattermost incoming webhooks (the monitoring document's format); `mention` is the
 * paged person's handle, named at the start of the text.
 */
export function renderSlack(
  m: NotificationMessage,
  config: ChatWebhookChannelConfig = {},
  mention: { kind: 'slack' | 'mattermost'; handle: string | null } | null = null,
) {
  return {
    text: `${mention ? mentionOf(mention.kind, mention.handle) : ''}${recovered(m) ? 'Resolved' : 'Alert'}: ${m.title}`,
    ...(config.channel ? { channel: config.channel } : {}),
    ...(config.username ? { username: config.username } : {}),
    attachments: [
      {
        color: slackColor(m),
        text: short(m.summary),
        fields: [
          { title: 'Service', value: m.service, short: true },
          { title: 'Status', value: m.status, short: true },
          { title: 'Timestamp', value: m.timestamp, short: false },
        ],
      },
    ],
  };
}

/** Discord webhook: content plus an embed (colour 15158332 for a failure, 3066993 when recovered). */
export function renderDiscord(m: NotificationMessage, mention: string | null = null) {
  const id = mention?.replace(/^[@<]+|>$/g, '') ?? '';
  return {
    content: `${mentionOf('discord', id)}**${recovered(m) ? 'Resolved' : 'Alert'}**: ${short(m.title, 1900)}`,
    // Only the paged person is notified, never @everyone from a title.
    allowed_mentions: { parse: [], users: /^\d{5,25}$/.test(id) ? [id] : [] },
    embeds: [
      {
        title: short(m.title, 256),
        description: short(m.summary, 4000),
        color: recovered(m) ? 3066993 : 15158332,
        fields: [
          { name: 'Service', value: short(m.service, 1024), inline: true },
          { name: 'Status', value: short(m.status, 1024), inline: true },
          { name: 'Severity', value: m.severity, inline: true },
        ],
        timestamp: m.timestamp,
      },
    ],
  };
}

/** Microsoft Teams incoming webhook: one Adaptive Card with the same facts. */
export function renderTeams(m: NotificationMessage, mention: string | null = null) {
  return {
    type: 'message',
    attachments: [
      {
        contentType: 'application/vnd.microsoft.card.adaptive',
        content: {
          $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
          type: 'AdaptiveCard',
          version: '1.4',
          body: [
            ...(mention ? [{ type: 'TextBlock', text: `For ${mention}`, wrap: true }] : []),
            { type: 'TextBlock', text: m.title, weight: 'Bolder', size: 'Medium', wrap: true },
            { type: 'TextBlock', text: short(m.summary), wrap: true },
            { type: 'FactSet', facts: facts(m).map(([title, value]) => ({ title, value })) },
          ],
          actions: (m.links ?? []).map((l) => ({
            type: 'Action.OpenUrl',
            title: l.label,
            url: l.url,
          })),
        },
      },
    ],
  };
}

/** Telegram Bot API sendMessage, HTML parse mode (every value escaped). */
export function renderTelegram(m: NotificationMessage, config: TelegramChannelConfig) {
  const lines = [
    `<b>${escapeHtml(m.title)}</b>`,
    escapeHtml(short(m.summary)),
    '',
    ...facts(m).map(([k, v]) => `<b>${escapeHtml(k)}</b>: ${escapeHtml(v)}`),
    ...(m.links ?? []).map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`),
  ];
  return { chat_id: config.chatId, text: short(lines.join('\n'), 4096), parse_mode: 'HTML' };
}

/** The generic webhook: body and the signed headers (WEBHOOK_HEADERS). */
export function renderWebhook(
  m: NotificationMessage,
  options: {
    idempotencyKey: string;
    attempt: number;
    signingSecret: string;
    now?: Date;
    /** Who the message is for, when the sender named someone (a page, a send to recipients). */
    recipient?: string | null;
  },
): { body: string; headers: Record<string, string> } {
  const now = options.now ?? new Date();
  const body = cutBytes(
    JSON.stringify({
      id: options.idempotencyKey,
      ...(options.recipient ? { recipient: options.recipient } : {}),
      message: m,
      attempt: options.attempt,
      sentAt: now.toISOString(),
    }),
  );
  const timestamp = String(Math.floor(now.getTime() / 1000));
  const signature = createHmac('sha256', options.signingSecret)
    .update(`${timestamp}.${body}`)
    .digest('hex');
  return {
    body,
    headers: {
      [WEBHOOK_HEADERS.timestamp]: timestamp,
      [WEBHOOK_HEADERS.signature]: `sha256=${signature}`,
      [WEBHOOK_HEADERS.idempotencyKey]: options.idempotencyKey,
    },
  };
}

/** The SMS text (short: one or two segments) and what a voice call reads. */
export function renderSms(m: NotificationMessage, config?: SmsChannelConfig) {
  const text = short(`[${m.severity.toUpperCase()}] ${m.service} ${m.status}: ${m.title}`, 320);
  const template =
    config?.voiceMessage ??
    'Hyperion alert. {{severity}}. {{service}}. {{title}}. Please acknowledge.';
  const speech = template
    .replace(/\{\{title\}\}/g, m.title)
    .replace(/\{\{severity\}\}/g, m.severity)
    .replace(/\{\{service\}\}/g, m.service);
  return { text, speech: short(speech, 1000) };
}
