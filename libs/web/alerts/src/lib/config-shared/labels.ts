import type {
  AlertSeverity,
  AlertUrgency,
  IntegrationKind,
  NotificationChannelKind,
  ServiceUrgencyRule,
} from '@hyperion/contracts';
import { ALERT_SEVERITIES, NOTIFICATION_CHANNEL_KINDS } from '@hyperion/contracts';

export const SEVERITY_LABELS: Readonly<Record<AlertSeverity, string>> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
};

/** Most severe first, as the lists show them. */
export const SEVERITIES: readonly AlertSeverity[] = ALERT_SEVERITIES;

export const CHANNEL_KIND_LABELS: Readonly<Record<NotificationChannelKind, string>> = {
  email: 'Email',
  slack: 'Slack',
  mattermost: 'Mattermost',
  discord: 'Discord',
  teams: 'Microsoft Teams',
  telegram: 'Telegram',
  webhook: 'Webhook',
  sms: 'SMS',
  voice: 'Voice call',
};

export const CHANNEL_KINDS: readonly NotificationChannelKind[] = NOTIFICATION_CHANNEL_KINDS;

export const URGENCY_LABELS: Readonly<Record<AlertUrgency, string>> = {
  high: 'High urgency',
  low: 'Low urgency',
};

export const URGENCY_RULE_LABELS: Readonly<Record<ServiceUrgencyRule, string>> = {
  severity: 'By severity (critical and high → high urgency; medium and low → low)',
  high: 'Always high urgency',
  low: 'Always low urgency',
};

export const INTEGRATION_KIND_LABELS: Readonly<Record<IntegrationKind, string>> = {
  events: 'Events API (PagerDuty-style)',
  alertmanager: 'Prometheus / Alertmanager',
};

/** "Email, Slack and SMS"; "" for none. */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

export function channelKindsInWords(kinds: readonly NotificationChannelKind[]): string {
  return listInWords(kinds.map((kind) => CHANNEL_KIND_LABELS[kind] ?? kind));
}

/** "90 minutes" → "1 h 30 min"; "0" → "at once". */
export function minutesInWords(minutes: number): string {
  if (minutes <= 0) return 'at once';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const rest = minutes % 60;
  const parts: string[] = [];
  if (days) parts.push(`${days} day${days === 1 ? '' : 's'}`);
  if (hours) parts.push(`${hours} h`);
  if (rest) parts.push(`${rest} min`);
  return parts.join(' ');
}
