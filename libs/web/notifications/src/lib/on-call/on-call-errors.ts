import { HttpErrorResponse } from '@angular/common/http';
import { apiErrorMessage } from '@hyperion/web/util';

/** The contact, team, schedule, rule and page fields the API names, as the forms label them. */
const FIELDS: Readonly<Record<string, string>> = {
  name: 'the name',
  description: 'the description',
  email: 'the email address',
  phone: 'the phone number',
  timeZone: 'the time zone',
  userId: 'the linked user',
  handles: 'the chat handles',
  memberIds: 'the members',
  contactId: 'the person',
  start: 'the start',
  end: 'the end',
  at: 'the moment asked about',
  from: 'the start of the range',
  to: 'the end of the range',
  layers: 'the layers',
  highUrgency: 'the high-urgency steps',
  lowUrgency: 'the low-urgency steps',
  quietHours: 'the quiet hours',
  scheduleId: 'the schedule',
  urgency: 'the urgency',
  severity: 'the severity',
  title: 'the title',
  summary: 'the summary',
  service: 'the service',
  dedupKey: 'the dedup key',
  details: 'the details',
};

const LAYER_FIELDS: Readonly<Record<string, string>> = {
  name: 'name',
  rotation: 'rotation',
  turnHours: 'turn length in hours',
  handoffTime: 'hand-off time',
  startsAt: 'start',
  endsAt: 'end',
  memberIds: 'members',
  restrictions: 'restrictions',
};

const RULE_FIELDS: Readonly<Record<string, string>> = {
  delayMinutes: 'delay in minutes',
  kind: 'channel kind',
};

const RESTRICTION_FIELDS: Readonly<Record<string, string>> = {
  day: 'day',
  from: 'start',
  to: 'end',
};

/** The label of `key`, only from the table's own entries ("constructor" is no field). */
function own(table: Readonly<Record<string, string>>, key: unknown): string | null {
  return typeof key === 'string' && Object.prototype.hasOwnProperty.call(table, key)
    ? table[key]
    : null;
}

/** `layers[0].memberIds` / `highUrgency.1.kind` as its words and numbers. */
function tokens(path: string): (string | number)[] {
  const out: (string | number)[] = [];
  for (const match of path.matchAll(/([A-Za-z]+)|\[(\d+)\]|\.(\d+)/g)) {
    if (match[1] !== undefined) out.push(match[1]);
    else out.push(Number(match[2] ?? match[3]));
  }
  return out;
}

/**
 * "layers[1].turnHours" → "layer 2's turn length in hours", "highUrgency.0.kind" → "high-urgency
 * step 1's channel kind", "quietHours.from" → "the start of the quiet hours"; null when unknown.
 */
export function onCallFieldLabel(path: string): string | null {
  const t = tokens(path);
  const [head, index, field, subIndex, subField] = t;
  if (typeof head !== 'string') return null;
  if (t.length === 1) return own(FIELDS, head);
  if (head === 'quietHours' && t.length === 2) {
    if (index === 'from') return 'the start of the quiet hours';
    if (index === 'to') return 'the end of the quiet hours';
    return null;
  }
  if (typeof index !== 'number') return null;
  const n = index + 1;
  if (head === 'layers') {
    if (field === undefined) return `layer ${n}`;
    const label = own(LAYER_FIELDS, field);
    if (!label) return null;
    if (subIndex === undefined) return `layer ${n}'s ${label}`;
    if (typeof subIndex !== 'number') return null;
    if (field === 'memberIds') return `layer ${n}'s member ${subIndex + 1}`;
    if (field === 'restrictions') {
      const part = own(RESTRICTION_FIELDS, subField);
      return part
        ? `layer ${n}'s restriction ${subIndex + 1} (${part})`
        : `layer ${n}'s restriction ${subIndex + 1}`;
    }
    return null;
  }
  if (head === 'highUrgency' || head === 'lowUrgency') {
    const list = head === 'highUrgency' ? 'high-urgency' : 'low-urgency';
    if (field === undefined) return `${list} step ${n}`;
    const label = own(RULE_FIELDS, field);
    return label ? `${list} step ${n}'s ${label}` : null;
  }
  if (head === 'memberIds' && field === undefined) return `member ${n}`;
  return null;
}

const PATH = /^([A-Za-z]+(?:\[\d+\]|\.\d+|\.[A-Za-z]+)*): /;

const capitalize = (text: string) => (text ? text[0].toUpperCase() + text.slice(1) : text);

/** One of the API's messages with its leading field path in words ("Layer 2's hand-off time: HH:MM"). */
export function humanizeOnCallMessage(message: string): string {
  const match = PATH.exec(message);
  if (!match) return message;
  const label = onCallFieldLabel(match[1]);
  return label ? `${capitalize(label)}: ${message.slice(match[0].length)}` : message;
}

/**
 * A refused on-call request in words: apiErrorMessage, with the field each of the API's
 * messages is about named as the forms name it.
 */
export function onCallErrorMessage(error: unknown, fallback: string): string {
  if (!(error instanceof HttpErrorResponse) || typeof error.error !== 'object' || !error.error) {
    return apiErrorMessage(error, fallback);
  }
  const body = error.error as { message?: unknown };
  const rewrite = (text: unknown) =>
    typeof text === 'string' ? humanizeOnCallMessage(text) : text;
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
