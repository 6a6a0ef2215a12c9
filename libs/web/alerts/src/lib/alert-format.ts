import type {
  AlertSeverity,
  AlertState,
  AlertSummary,
  CriticalAlertChannel,
} from '@hyperion/contracts';
import { ALERT_SEVERITIES, CRITICAL_ALERT_CHANNEL_LABELS } from '@hyperion/contracts';

export { localTime, relativeTime } from '@hyperion/web/util';

/** A severity or a state in words, with a mark that repeats them (colour and shape only add). */
export interface Tone {
  readonly label: string;
  readonly mark: string;
  /** One sentence, shown as a tooltip. */
  readonly detail: string;
}

export const SEVERITY_INFO: Readonly<Record<AlertSeverity, Tone>> = {
  critical: { label: 'Critical', mark: '!!', detail: 'Every channel at once, SMS included.' },
  high: { label: 'High', mark: '!', detail: 'Email and chat.' },
  medium: { label: 'Medium', mark: '•', detail: 'Email.' },
  low: { label: 'Low', mark: '·', detail: 'Recorded only: nobody is paged.' },
};

export const STATE_INFO: Readonly<Record<AlertState, Tone>> = {
  triggered: { label: 'Triggered', mark: '!', detail: 'Nobody acknowledged it yet.' },
  acknowledged: { label: 'Acknowledged', mark: '✓', detail: 'Someone is on it.' },
  snoozed: { label: 'Snoozed', mark: 'z', detail: 'Triggers again when the snooze ends.' },
  resolved: { label: 'Resolved', mark: '✓✓', detail: 'Over.' },
};

/** States counted as open: still needing someone (the API's `state=open`). */
export const OPEN_STATES: readonly AlertState[] = ['triggered', 'acknowledged', 'snoozed'];

export function isOpen(state: AlertState): boolean {
  return OPEN_STATES.includes(state);
}

/** Severities, most severe first. */
export const SEVERITY_ORDER: readonly AlertSeverity[] = ALERT_SEVERITIES;

export function channelLabel(channel: string): string {
  return Object.prototype.hasOwnProperty.call(CRITICAL_ALERT_CHANNEL_LABELS, channel)
    ? CRITICAL_ALERT_CHANNEL_LABELS[channel as CriticalAlertChannel]
    : channel;
}

/** Snooze lengths offered (minutes), with their words. */
export const SNOOZE_CHOICES: readonly { minutes: number; label: string }[] = [
  { minutes: 15, label: '15 minutes' },
  { minutes: 30, label: '30 minutes' },
  { minutes: 60, label: '1 hour' },
  { minutes: 240, label: '4 hours' },
  { minutes: 480, label: '8 hours' },
  { minutes: 1440, label: '24 hours' },
];

export function snoozeLabel(minutes: number): string {
  return SNOOZE_CHOICES.find((c) => c.minutes === minutes)?.label ?? `${minutes} minutes`;
}

/** "2026-12-07 03:12:05 UTC". */
export function utcTime(iso: string): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  return `${new Date(then).toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

/** Why nobody is paged for it, in words; null when it pages as usual. */
export function suppressionText(
  alert: Pick<AlertSummary, 'suppressed' | 'inhibitedBy'>,
): string | null {
  switch (alert.suppressed) {
    case 'silenced':
      return 'Silenced';
    case 'inhibited':
      return alert.inhibitedBy ? 'Inhibited by' : 'Inhibited';
    default:
      return null;
  }
}
