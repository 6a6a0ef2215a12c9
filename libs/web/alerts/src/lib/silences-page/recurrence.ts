import type { SilenceRecurrence } from '@hyperion/contracts';

import { minutesInWords } from '../config-shared/labels';

export const WEEKDAYS = [
  { code: 'MO', label: 'Monday' },
  { code: 'TU', label: 'Tuesday' },
  { code: 'WE', label: 'Wednesday' },
  { code: 'TH', label: 'Thursday' },
  { code: 'FR', label: 'Friday' },
  { code: 'SA', label: 'Saturday' },
  { code: 'SU', label: 'Sunday' },
] as const;
export type Weekday = (typeof WEEKDAYS)[number]['code'];

/** What the builder edits: a daily or weekly window starting at HH:MM for N minutes. */
export interface RecurrenceParts {
  frequency: 'DAILY' | 'WEEKLY';
  days: Weekday[];
  /** HH:MM, 24-hour, in `timeZone`. */
  time: string;
  durationMinutes: number;
}

export interface RecurrencePreset {
  readonly id: string;
  readonly label: string;
  readonly parts: RecurrenceParts;
}

export const RECURRENCE_PRESETS: readonly RecurrencePreset[] = [
  {
    id: 'sunday-night',
    label: 'Every Sunday 02:00 for 2 h',
    parts: { frequency: 'WEEKLY', days: ['SU'], time: '02:00', durationMinutes: 120 },
  },
  {
    id: 'nightly',
    label: 'Every day 03:00 for 1 h',
    parts: { frequency: 'DAILY', days: [], time: '03:00', durationMinutes: 60 },
  },
  {
    id: 'weekday-evenings',
    label: 'Monday to Friday 22:00 for 30 min',
    parts: {
      frequency: 'WEEKLY',
      days: ['MO', 'TU', 'WE', 'TH', 'FR'],
      time: '22:00',
      durationMinutes: 30,
    },
  },
];

/** RFC 5545: `FREQ=WEEKLY;BYDAY=SU;BYHOUR=2;BYMINUTE=0`. */
export function buildRrule(parts: Pick<RecurrenceParts, 'frequency' | 'days' | 'time'>): string {
  const [hour, minute] = parts.time.split(':').map(Number);
  const rule = [`FREQ=${parts.frequency}`];
  if (parts.frequency === 'WEEKLY') {
    const order = WEEKDAYS.map((d) => d.code);
    const days = [...parts.days].sort((a, b) => order.indexOf(a) - order.indexOf(b));
    rule.push(`BYDAY=${days.join(',')}`);
  }
  rule.push(`BYHOUR=${hour}`, `BYMINUTE=${minute}`);
  return rule.join(';');
}

/** The builder's parts of an RRULE it wrote; null for one it cannot show (shown as text). */
export function parseRrule(rrule: string): Omit<RecurrenceParts, 'durationMinutes'> | null {
  const fields = new Map(
    rrule
      .replace(/^RRULE:/i, '')
      .split(';')
      .map((part) => part.split('=') as [string, string]),
  );
  const frequency = fields.get('FREQ');
  const hour = Number(fields.get('BYHOUR'));
  const minute = Number(fields.get('BYMINUTE') ?? '0');
  const known = new Set(['FREQ', 'BYDAY', 'BYHOUR', 'BYMINUTE']);
  if ([...fields.keys()].some((key) => !known.has(key))) return null;
  if ((frequency !== 'DAILY' && frequency !== 'WEEKLY') || !Number.isInteger(hour)) return null;
  if (!Number.isInteger(minute) || hour > 23 || minute > 59) return null;
  const codes = WEEKDAYS.map((d) => d.code) as string[];
  const days = (fields.get('BYDAY') ?? '').split(',').filter((d) => d !== '');
  if (days.some((day) => !codes.includes(day))) return null;
  if (frequency === 'WEEKLY' && days.length === 0) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return { frequency, days: days as Weekday[], time: `${pad(hour)}:${pad(minute)}` };
}

/** "Every Sunday at 02:00 for 2 h (Europe/Paris)". */
export function recurrenceInWords(recurrence: SilenceRecurrence): string {
  const parts = parseRrule(recurrence.rrule);
  const length = minutesInWords(recurrence.durationMinutes);
  if (!parts) return `${recurrence.rrule} for ${length} (${recurrence.timeZone})`;
  let when: string;
  if (parts.frequency === 'DAILY') {
    when = 'Every day';
  } else {
    const labels = WEEKDAYS.filter((d) => parts.days.includes(d.code)).map((d) => d.label);
    when =
      labels.length === 5 && !parts.days.includes('SA') && !parts.days.includes('SU')
        ? 'Monday to Friday'
        : labels.length === 7
          ? 'Every day'
          : `Every ${labels.join(', ')}`;
  }
  return `${when} at ${parts.time} for ${length} (${recurrence.timeZone})`;
}
