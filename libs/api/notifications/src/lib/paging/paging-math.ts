import type {
  NotificationChannelKind,
  NotificationPreferences,
  NotificationRule,
  PageUrgency,
} from '@hyperion/contracts';

import { localTime, zonedInstant } from '../on-call/schedule-math';

/** A step of a page as planned at creation. */
export interface PlannedStep {
  step: number;
  delayMinutes: number;
  kind: NotificationChannelKind;
  dueAt: Date;
}

/** What a contact can be reached at. */
export interface Reachable {
  email: string | null;
  phone: string | null;
}

const minutesOf = (hhmm: string): number => {
  const [h, m] = hhmm.split(':').map(Number);
  return h * 60 + m;
};

/**
 * When the quiet hours that hold `at` end, in `timeZone`; null when `at` is outside them (or
 * there are none). `from` after `to` spans midnight (22:00 → 07:00); `from` equal to `to` is
 * no quiet hours. A `to` skipped by a spring-forward change ends them at the change.
 */
export function quietHoursEnd(
  at: Date,
  quiet: { from: string; to: string } | null,
  timeZone: string,
): Date | null {
  if (!quiet) return null;
  const from = minutesOf(quiet.from);
  const to = minutesOf(quiet.to);
  if (from === to) return null;
  const local = localTime(timeZone, at.getTime());
  const now = local.hour * 60 + local.minute;
  const inside = from < to ? now >= from && now < to : now >= from || now < to;
  if (!inside) return null;
  // Ends today at `to`, unless the window started today and runs past midnight.
  const nextDay = from > to && now >= from;
  const day = new Date(Date.UTC(local.year, local.month - 1, local.day + (nextDay ? 1 : 0)));
  return new Date(
    zonedInstant(
      timeZone,
      day.getUTCFullYear(),
      day.getUTCMonth() + 1,
      day.getUTCDate(),
      Math.floor(to / 60),
      to % 60,
    ),
  );
}

/**
 * The rules a page of `urgency` follows: the contact's own or, when they set none for it, the
 * escalation of the monitoring document as far as the contact can be reached: high urgency
 * emails at once, texts after 15 minutes without an answer and calls after 30 (texts at once
 * when there is no email address); low urgency emails (else texts) once. Empty when the contact
 * has neither rules nor an email address or phone number.
 */
export function rulesFor(
  preferences: Pick<NotificationPreferences, 'highUrgency' | 'lowUrgency'>,
  urgency: PageUrgency,
  contact: Reachable,
): NotificationRule[] {
  const own = urgency === 'high' ? preferences.highUrgency : preferences.lowUrgency;
  if (own.length > 0) return [...own].sort((a, b) => a.delayMinutes - b.delayMinutes);
  const rules: NotificationRule[] = [];
  if (contact.email) rules.push({ delayMinutes: 0, kind: 'email' });
  if (contact.phone) {
    rules.push({ delayMinutes: contact.email ? 15 : 0, kind: 'sms' });
    if (urgency === 'high') rules.push({ delayMinutes: 30, kind: 'voice' });
  }
  return urgency === 'low' ? rules.slice(0, 1) : rules;
}

/**
 * The steps of a page started at `start`: each rule `delayMinutes` later, a minute lasting
 * `minuteMs` (60,000; tests shorten it). A low-urgency page that starts in the contact's quiet
 * hours starts when they end.
 */
export function planSteps(
  rules: readonly NotificationRule[],
  start: Date,
  minuteMs: number,
  options: {
    urgency: PageUrgency;
    quietHours: { from: string; to: string } | null;
    timeZone: string;
  },
): PlannedStep[] {
  const held =
    options.urgency === 'low' ? quietHoursEnd(start, options.quietHours, options.timeZone) : null;
  const origin = (held ?? start).getTime();
  return rules.map((rule, step) => ({
    step,
    delayMinutes: rule.delayMinutes,
    kind: rule.kind,
    dueAt: new Date(origin + rule.delayMinutes * minuteMs),
  }));
}
