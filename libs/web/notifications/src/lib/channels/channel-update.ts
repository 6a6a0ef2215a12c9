import type { NotificationChannelDetails } from '@hyperion/contracts';

import { sectionOf } from '../channel-kinds';
import type { UpdateNotificationChannelDetailsRequest } from '../notification-channel-api';
import {
  ChannelFormValue,
  channelConfig,
  channelFormFrom,
  channelSecrets,
  record,
  secret,
} from './channel-form';

/*
 * The PATCH of an edited channel: what changed in the form, and the stored secrets to forget
 * (`removeSecrets`), which only an explicit "Remove" asks for — an emptied secret is kept.
 */

const sameJson = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/**
 * A stored secret an edit may forget (`removeSecrets`), by the API's name. Only optional ones:
 * the SMTP password; Slack's bot token and webhook URL (as long as one of the two stays); a JSON
 * provider's API key; and the secondary provider's secrets once failover is off.
 */
export type RemovableSecret =
  | 'password'
  | 'botToken'
  | 'webhookUrl'
  | 'primary.apiKey'
  | 'secondary.apiKey'
  | 'secondary';

const stored = (masked: unknown): boolean => typeof masked === 'string' && masked !== '';

/**
 * The stored optional secrets the form offers to forget, as it stands (a JSON provider's key only
 * while the provider is JSON; the secondary provider's secrets only while failover is off). None
 * when the secrets are unreadable: there is nothing stored to keep or forget.
 */
export function removableSecrets(
  channel: NotificationChannelDetails,
  form: ChannelFormValue,
): RemovableSecret[] {
  if (channel.secretsUnreadable) return [];
  const masked = record(channel.secrets);
  const removable: RemovableSecret[] = [];
  switch (sectionOf(channel.kind)) {
    case 'email':
      if (stored(masked['password'])) removable.push('password');
      break;
    case 'chat':
      if (channel.kind !== 'slack') break;
      if (stored(masked['botToken'])) removable.push('botToken');
      if (stored(masked['webhookUrl'])) removable.push('webhookUrl');
      break;
    case 'sms': {
      const primary = record(masked['primary']);
      const secondary = record(masked['secondary']);
      if (form.sms.primary.type === 'json' && stored(primary['apiKey'])) {
        removable.push('primary.apiKey');
      }
      if (form.sms.useSecondary) {
        if (form.sms.secondary.type === 'json' && stored(secondary['apiKey'])) {
          removable.push('secondary.apiKey');
        }
      } else if (Object.values(secondary).some(stored)) {
        removable.push('secondary');
      }
      break;
    }
  }
  return removable;
}

/**
 * Why the secrets chosen to forget cannot be, or null. A Slack channel needs a webhook URL or a
 * bot token: one of them stays (stored and kept, or typed anew).
 */
export function secretRemovalProblem(
  channel: NotificationChannelDetails,
  form: ChannelFormValue,
  remove: readonly string[],
): string | null {
  if (channel.kind !== 'slack' || !remove.some((n) => n === 'botToken' || n === 'webhookUrl')) {
    return null;
  }
  const masked = record(channel.secrets);
  const stays = (name: 'webhookUrl' | 'botToken', value: string) =>
    secret(value, masked[name]) !== '' || (stored(masked[name]) && !remove.includes(name));
  return stays('webhookUrl', form.chat.webhookUrl) || stays('botToken', form.chat.botToken)
    ? null
    : 'A Slack channel needs a webhook URL or a bot token: keep one of them, or enter a new one.';
}

/** `secrets` without those being forgotten (`primary.apiKey` reaches into `primary`). */
function withoutRemoved(
  secrets: Record<string, unknown>,
  remove: readonly string[],
): Record<string, unknown> {
  const left: Record<string, unknown> = { ...secrets };
  for (const path of remove) {
    const [head, tail] = path.split('.', 2);
    if (tail === undefined) {
      delete left[head];
    } else if (typeof left[head] === 'object' && left[head] !== null) {
      const inner = { ...(left[head] as Record<string, unknown>) };
      delete inner[tail];
      if (Object.keys(inner).length > 0) left[head] = inner;
      else delete left[head];
    }
  }
  return left;
}

/**
 * `PATCH` of an edit: the name and settings if they changed, the secrets that were retyped, the
 * stored ones to forget (`remove`, kept to those the form offers: see removableSecrets); null:
 * nothing changed. A channel whose secrets are unreadable always sends its secrets (all of them,
 * as typed, even none): the API then stores them afresh, readable again.
 */
export function updateChannelRequest(
  channel: NotificationChannelDetails,
  form: ChannelFormValue,
  remove: readonly string[] = [],
): UpdateNotificationChannelDetailsRequest | null {
  const change: UpdateNotificationChannelDetailsRequest = {};
  const name = form.name.trim();
  if (name !== channel.name) change.name = name;
  const config = channelConfig(channel.kind, form);
  if (!sameJson(config, channelConfig(channel.kind, channelFormFrom(channel)))) {
    change.config = config;
  }
  if (channel.secretsUnreadable) {
    change.secrets = channelSecrets(channel.kind, form, {});
  } else {
    const removing = removableSecrets(channel, form).filter((name) => remove.includes(name));
    const secrets = withoutRemoved(channelSecrets(channel.kind, form, channel.secrets), removing);
    if (Object.keys(secrets).length > 0) change.secrets = secrets;
    if (removing.length > 0) change.removeSecrets = removing;
  }
  return Object.keys(change).length > 0 ? change : null;
}
