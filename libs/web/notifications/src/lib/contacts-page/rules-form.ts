import type {
  ContactSummary,
  NotificationChannelKind,
  NotificationPreferences,
  NotificationRule,
} from '@hyperion/contracts';
import { ON_CALL_RULES } from '@hyperion/contracts';

import type { NotificationRulesRequest } from '../on-call-api';

/** One step as the form holds it: "after `delay` minutes, notify by `kind`". */
export interface RuleRowValue {
  delay: string;
  kind: '' | NotificationChannelKind;
}

export interface RulesFormValue {
  highUrgency: RuleRowValue[];
  lowUrgency: RuleRowValue[];
  quietEnabled: boolean;
  /** HH:MM in the contact's zone. */
  quietFrom: string;
  quietTo: string;
}

export type RuleList = 'highUrgency' | 'lowUrgency';

/** Quiet hours a person starts from when they switch them on. */
export const DEFAULT_QUIET_HOURS = { from: '22:00', to: '07:00' } as const;

const rowOf = (rule: NotificationRule): RuleRowValue => ({
  delay: String(rule.delayMinutes),
  kind: rule.kind,
});

export function rulesFormFrom(preferences: NotificationPreferences): RulesFormValue {
  return {
    highUrgency: preferences.highUrgency.map(rowOf),
    lowUrgency: preferences.lowUrgency.map(rowOf),
    quietEnabled: preferences.quietHours !== null,
    quietFrom: preferences.quietHours?.from ?? DEFAULT_QUIET_HOURS.from,
    quietTo: preferences.quietHours?.to ?? DEFAULT_QUIET_HOURS.to,
  };
}

/** A delay the API takes: a whole number of minutes from 0 to the contracts' maximum. */
export function delayProblem(delay: string): boolean {
  const text = delay.trim();
  return !/^\d+$/.test(text) || Number(text) > ON_CALL_RULES.delayMinutesMax;
}

/**
 * The PUT body: the steps in the order shown (the API keeps steps of equal delay in this order),
 * the quiet hours only when they are on.
 */
export function rulesRequest(value: RulesFormValue): NotificationRulesRequest {
  const rules = (rows: RuleRowValue[]): NotificationRule[] =>
    rows.map((row) => ({
      delayMinutes: Number(row.delay.trim()),
      kind: row.kind as NotificationChannelKind,
    }));
  return {
    highUrgency: rules(value.highUrgency),
    lowUrgency: rules(value.lowUrgency),
    quietHours: value.quietEnabled ? { from: value.quietFrom, to: value.quietTo } : null,
  };
}

/** The delay a new step starts with: at once for the first, 5 minutes after the last otherwise. */
export function nextDelay(rows: readonly RuleRowValue[]): string {
  const last = rows[rows.length - 1];
  if (!last || delayProblem(last.delay)) return rows.length === 0 ? '0' : '';
  return String(Math.min(Number(last.delay) + 5, ON_CALL_RULES.delayMinutesMax));
}

/** "at once", "after 5 minutes", "after 1 h 30 min". */
export function describeDelay(delay: string): string {
  if (delayProblem(delay)) return '';
  const minutes = Number(delay.trim());
  if (minutes === 0) return 'at once';
  if (minutes < 60) return `after ${minutes} minute${minutes === 1 ? '' : 's'}`;
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return m === 0 ? `after ${h} h` : `after ${h} h ${m} min`;
}

const CHAT: readonly NotificationChannelKind[] = [
  'slack',
  'mattermost',
  'discord',
  'teams',
  'telegram',
];

/**
 * Why `kind` cannot reach the contact (no email address, no phone number, no handle for that
 * chat), or null when it can (webhooks need nothing of the person).
 */
export function reachProblem(
  contact: Pick<ContactSummary, 'name' | 'email' | 'phone' | 'handles'>,
  kind: '' | NotificationChannelKind,
): string | null {
  if (kind === 'email' && !contact.email) return `${contact.name} has no email address.`;
  if ((kind === 'sms' || kind === 'voice') && !contact.phone) {
    return `${contact.name} has no phone number.`;
  }
  if (kind !== '' && CHAT.includes(kind) && !contact.handles[kind]) {
    return `${contact.name} has no handle for this chat.`;
  }
  return null;
}

/**
 * What happens when a list has no steps (the API's fallback, the monitoring document's
 * escalation): said next to the empty list.
 */
export function emptyListFallback(
  contact: Pick<ContactSummary, 'email' | 'phone'>,
  list: RuleList = 'highUrgency',
): string {
  if (!contact.email && !contact.phone) {
    return 'No steps, and no email address or phone number: these pages reach no one.';
  }
  if (list === 'lowUrgency') {
    return contact.email
      ? 'No steps: Hyperion sends one email at once.'
      : 'No steps: Hyperion sends one SMS at once.';
  }
  if (!contact.phone) return 'No steps: Hyperion sends one email at once.';
  return contact.email
    ? 'No steps: Hyperion emails at once, texts after 15 minutes without an acknowledgement, and calls after 30.'
    : 'No steps: Hyperion texts at once and calls after 30 minutes without an acknowledgement.';
}
