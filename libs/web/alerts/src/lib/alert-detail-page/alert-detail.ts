import type {
  AlertActivity,
  AlertDetail,
  AlertNotificationSummary,
  EscalationProgress,
} from '@hyperion/contracts';

import { localTime, relativeTime } from '../alert-format';

/** Where the Deliveries tab opens one delivery (`?delivery=<id>`, as a page step links it). */
export const DELIVERIES_PATH = '/notification-channels/deliveries';
export const DELIVERY_PARAM = 'delivery';

const ACTIONS: Readonly<Record<string, string>> = {
  emitted: 'Paged',
  triggered: 'Triggered',
  deduplicated: 'Fired again (counted, nobody paged again)',
  silenced: 'Silenced: nobody paged',
  inhibited: 'Inhibited: nobody paged',
  acknowledged: 'Acknowledged',
  resolved: 'Resolved',
  auto_resolved: 'Resolved by itself (not seen for the service’s timeout)',
  snoozed: 'Snoozed',
  unsnoozed: 'Snooze over: triggered again',
  escalated: 'Escalated',
  reopened: 'Triggered again',
};

/** An activity line in words: "Acknowledged", "Resolved by itself …", or the action's name. */
export function activityText(activity: AlertActivity): string {
  return ACTIONS[activity.action] ?? activity.action.replace(/_/g, ' ');
}

/** Its details as "name: value" pairs (in the order given). */
export function activityDetails(activity: AlertActivity): string[] {
  return Object.entries(activity.details).map(([name, value]) => `${name}: ${String(value)}`);
}

/**
 * Who acknowledged it, in words: "you", else the name its latest "acknowledged" activity records
 * (a user's name, an integration's), else "another user"; null when nobody did. `acknowledgedBy`
 * is a user id, which means nothing to a reader: it is never shown.
 */
export function acknowledgedByText(
  alert: Pick<AlertDetail, 'acknowledgedAt' | 'acknowledgedBy' | 'activity'>,
  me: string | null,
): string | null {
  if (!alert.acknowledgedAt) return null;
  if (alert.acknowledgedBy !== null && alert.acknowledgedBy === me) return 'you';
  const latest = alert.activity
    .filter((entry) => entry.action === 'acknowledged')
    .reduce<AlertActivity | null>(
      (found, entry) => (found && Date.parse(found.at) >= Date.parse(entry.at) ? found : entry),
      null,
    );
  if (latest) return latest.by;
  return alert.acknowledgedBy === null ? null : 'another user';
}

export const NOTIFICATION_STATES: Readonly<Record<AlertNotificationSummary['state'], string>> = {
  escalating: 'Escalating: the next level follows unless someone acknowledges',
  stopped: 'Stopped: acknowledged or resolved, the remaining levels were cancelled',
  done: 'Done: every level ran',
};

/**
 * One escalation level in words: "sent", "scheduled at 03:45:00 CET (in 12 min)", "due at … ,
 * not sent yet" once late, "cancelled: acknowledged", "skipped: nobody on call".
 */
export function levelOutcome(level: EscalationProgress, now: number): string {
  const due = `${localTime(level.dueAt)} (${relativeTime(level.dueAt, now)})`;
  const reason = level.reason ? `: ${level.reason}` : '';
  switch (level.state) {
    case 'sent':
      return `sent${reason}`;
    case 'scheduled':
      return Date.parse(level.dueAt) < now - 60_000
        ? `due at ${due}, not sent yet`
        : `scheduled at ${due}`;
    case 'cancelled':
      return `cancelled${reason}`;
    case 'skipped':
      return `skipped${reason}`;
  }
}

/** "Level 2 of 4 reached" (levels sent), or "No level sent yet". */
export function escalationSummary(notification: AlertNotificationSummary): string {
  const levels = notification.escalation;
  const sent = levels.filter((l) => l.state === 'sent').map((l) => l.level);
  if (levels.length === 0) return 'No escalation levels';
  if (sent.length === 0) return 'No level sent yet';
  return `Level ${Math.max(...sent)} of ${levels.length} reached`;
}
