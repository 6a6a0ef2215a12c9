import type {
  IncidentActor,
  IncidentErrorType,
  IncidentPerson,
  IncidentReporterKind,
  IncidentSeverity,
  IncidentSort,
  IncidentStatus,
  NotificationChannelKind,
} from '@hyperion/contracts';
import {
  INCIDENT_SEVERITIES,
  INCIDENT_SEVERITY_HINTS,
  INCIDENT_SEVERITY_SHEET_LABELS,
  INCIDENT_STATUS_LABELS,
} from '@hyperion/contracts';

export { localTime, relativeTime } from '@hyperion/web/util';

/** "#001": the organisation's incident number, as the sheet writes it. */
export function incidentNumber(value: number): string {
  return `#${String(value).padStart(3, '0')}`;
}

/** A severity in words, with the anomaly sheet's own label and what it means. */
export interface SeverityInfo {
  readonly label: string;
  /** Critical / Major / Minor. */
  readonly sheet: string;
  /** A mark that repeats the words (colour and shape only add to them). */
  readonly mark: string;
  readonly hint: string;
}

const SEVERITY_WORDS: Readonly<Record<IncidentSeverity, [string, string]>> = {
  critical: ['Critical', '!!'],
  high: ['High', '!'],
  medium: ['Medium', '•'],
  low: ['Low', '·'],
};

export const SEVERITY_INFO: Readonly<Record<IncidentSeverity, SeverityInfo>> = Object.fromEntries(
  INCIDENT_SEVERITIES.map((severity) => [
    severity,
    {
      label: SEVERITY_WORDS[severity][0],
      sheet: INCIDENT_SEVERITY_SHEET_LABELS[severity],
      mark: SEVERITY_WORDS[severity][1],
      hint: INCIDENT_SEVERITY_HINTS[severity],
    },
  ]),
) as Record<IncidentSeverity, SeverityInfo>;

/** "High (Major)"; "Critical" where both words are the same. */
export function severityText(severity: IncidentSeverity): string {
  const info = SEVERITY_INFO[severity];
  return info.label === info.sheet ? info.label : `${info.label} (${info.sheet})`;
}

export function statusText(status: IncidentStatus): string {
  return INCIDENT_STATUS_LABELS[status];
}

export const REPORTER_KIND_LABELS: Readonly<Record<IncidentReporterKind, string>> = {
  user: 'A user',
  admin: 'An administrator',
  system: 'The system (Hyperion itself)',
};

export const ERROR_TYPE_LABELS: Readonly<Record<IncidentErrorType, string>> = {
  login: 'Sign-in (login)',
  logout: 'Sign-out (logout)',
  failed_login: 'Failed sign-in (failed_login)',
  '2fa_setup': 'Two-factor set-up (2fa_setup)',
  '2fa_disable': 'Two-factor disabled (2fa_disable)',
  process_stop: 'Process stopped (process_stop)',
  service_control: 'Service control (service_control)',
  role_created: 'Role created (role_created)',
  role_deleted: 'Role deleted (role_deleted)',
  other: 'Other (describe it)',
};

export const SORT_LABELS: Readonly<Record<IncidentSort, string>> = {
  newest: 'Newest first',
  oldest: 'Oldest first',
  severity: 'Most severe first',
  updated: 'Recently changed first',
};

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

/** A person on an incident by name ("a deleted account" once the account is gone). */
export function personName(person: IncidentPerson | null | undefined): string {
  if (!person) return 'Nobody';
  return person.name ?? 'a deleted account';
}

export function actorName(actor: IncidentActor | null | undefined): string {
  if (!actor) return 'Unknown';
  return actor.type === 'system' ? `${actor.name || 'Hyperion'} (automatic)` : actor.name;
}

const CLOCK_FORMAT = new Intl.DateTimeFormat('en-GB', {
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/** "03:12:05" in the browser's time zone. */
export function clockTime(at: number | Date): string {
  return CLOCK_FORMAT.format(at);
}

/** A duration in words: "45 s", "12 min", "2 h 5 min", "3 d 4 h"; "—" when unknown. */
export function durationText(seconds: number | null | undefined): string {
  if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return '—';
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const minutes = Math.floor(s / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** "1.2 MB", "340 KB", "12 bytes". */
export function sizeText(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** An ISO instant as a `datetime-local` field shows it (local time, to the second). */
export function toLocalInput(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return '';
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/** A `datetime-local` field's value (local time) as an ISO instant; null when empty or invalid. */
export function fromLocalInput(value: string): string | null {
  if (!value.trim()) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date.toISOString();
}

/** A `date` field's day (local) at midnight, as an ISO instant; `nextDay` moves one day on. */
export function dayStart(value: string, nextDay = false): string | null {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) return null;
  const date = new Date(
    Number(match[1]),
    Number(match[2]) - 1,
    Number(match[3]) + (nextDay ? 1 : 0),
  );
  return date.toISOString();
}

/** Today as a `date` field holds it (local). */
export function today(now = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

/** "a, b and c"; "" for none. */
export function listInWords(items: readonly string[]): string {
  if (items.length <= 1) return items[0] ?? '';
  return `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}

/** `rows` with the row at `from` moved to `to` (out of range: unchanged). */
export function moveRow<T>(rows: readonly T[], from: number, to: number): T[] {
  if (from < 0 || from >= rows.length || to < 0 || to >= rows.length) return [...rows];
  const out = [...rows];
  const [row] = out.splice(from, 1);
  out.splice(to, 0, row);
  return out;
}
