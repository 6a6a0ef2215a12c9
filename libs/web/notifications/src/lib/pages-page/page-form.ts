import type { CreatePageRequest, NotificationSeverity, PageUrgency } from '@hyperion/contracts';
import { PAGE_RULES } from '@hyperion/contracts';

/** The API's dedup key rule: 1 to PAGE_RULES.dedupKeyMax printable ASCII characters, no spaces. */
export const DEDUP_KEY_PATTERN = PAGE_RULES.dedupKeyPattern;

/** Who is paged: a contact, or whoever is on call on a schedule when the page starts. */
export type PageTarget = { kind: 'contact'; id: string } | { kind: 'schedule'; id: string };

/** The "Page someone" form; '' for a field left empty. */
export interface PageFormValue {
  /** `contact:<id>` or `schedule:<id>` (one select lists both), '' before a choice. */
  target: string;
  urgency: PageUrgency;
  severity: NotificationSeverity;
  title: string;
  summary: string;
  service: string;
  dedupKey: string;
}

export function emptyPageForm(): PageFormValue {
  return {
    target: '',
    urgency: 'high',
    severity: 'critical',
    title: '',
    summary: '',
    service: '',
    dedupKey: '',
  };
}

/** The select's value of a target. */
export function targetValue(target: PageTarget): string {
  return `${target.kind}:${target.id}`;
}

/** The target a select value names; null when it names none. */
export function parseTarget(value: string): PageTarget | null {
  const match = /^(contact|schedule):(.+)$/.exec(value);
  if (!match) return null;
  return match[1] === 'contact'
    ? { kind: 'contact', id: match[2] }
    : { kind: 'schedule', id: match[2] };
}

/**
 * `POST /pages` of a filled-in form: exactly one of contactId / scheduleId; the optional fields
 * only when given (the API refuses `null`, and '' is no summary).
 */
export function createPageRequest(value: PageFormValue): CreatePageRequest {
  const target = parseTarget(value.target);
  if (!target) throw new Error('Choose who to page first');
  const request: CreatePageRequest = {
    ...(target.kind === 'contact' ? { contactId: target.id } : { scheduleId: target.id }),
    urgency: value.urgency,
    severity: value.severity,
    title: value.title.trim(),
  };
  const summary = value.summary.trim();
  const service = value.service.trim();
  const dedupKey = value.dedupKey.trim();
  if (summary) request.summary = summary;
  if (service) request.service = service;
  if (dedupKey) request.dedupKey = dedupKey;
  return request;
}
