import type {
  ContactSummary,
  CreateContactRequest,
  NotificationChannelKind,
  UpdateContactRequest,
} from '@hyperion/contracts';
import { ON_CALL_RULES } from '@hyperion/contracts';

/** The chat services a contact has a handle on (email, SMS and voice use the address and number). */
export const HANDLE_KINDS = ['slack', 'mattermost', 'discord', 'teams', 'telegram'] as const;
export type HandleKind = (typeof HANDLE_KINDS)[number];

/** What each handle is, as its field explains it. */
export const HANDLE_HINTS: Readonly<Record<HandleKind, string>> = {
  slack: 'Member ID, e.g. U024BE7LH',
  mattermost: 'Username, e.g. @alice',
  discord: 'User ID, e.g. 80351110224678912',
  teams: 'User principal name or ID',
  telegram: 'Chat ID, e.g. 123456789',
};

/** The API's limit of a handle (not in the contracts yet). */
export const HANDLE_MAX_LENGTH = ON_CALL_RULES.handleMax;
/** The API's limit of an email address. */
export const EMAIL_MAX_LENGTH = ON_CALL_RULES.emailMax;

/** The contact form: strings, '' for "not given". */
export interface ContactFormValue {
  name: string;
  email: string;
  phone: string;
  timeZone: string;
  /** '' for none. */
  userId: string;
  handles: Record<HandleKind, string>;
}

const emptyHandles = (): Record<HandleKind, string> => ({
  slack: '',
  mattermost: '',
  discord: '',
  teams: '',
  telegram: '',
});

export function emptyContactForm(timeZone: string): ContactFormValue {
  return { name: '', email: '', phone: '', timeZone, userId: '', handles: emptyHandles() };
}

export function contactFormFrom(contact: ContactSummary): ContactFormValue {
  const handles = emptyHandles();
  for (const kind of HANDLE_KINDS) handles[kind] = contact.handles[kind] ?? '';
  return {
    name: contact.name,
    email: contact.email ?? '',
    phone: contact.phone ?? '',
    timeZone: contact.timeZone,
    userId: contact.userId ?? '',
    handles,
  };
}

/** "+33 6 12-34.56 (78)" → "+33612345678": people type numbers with separators, E.164 has none. */
export function normalizePhone(value: string): string {
  return value.replace(/[\s().-]/g, '');
}

/** Whether the phone field holds an E.164 number once its separators are gone ('' passes). */
export function phoneProblem(value: string): boolean {
  const phone = normalizePhone(value);
  return phone !== '' && !ON_CALL_RULES.phonePattern.test(phone);
}

/** The handles given, trimmed, other kinds the contact already has (set elsewhere) kept. */
function handlesOf(
  value: ContactFormValue,
  kept: Partial<Record<NotificationChannelKind, string>> = {},
): Partial<Record<NotificationChannelKind, string>> {
  const out: Partial<Record<NotificationChannelKind, string>> = {};
  for (const [kind, handle] of Object.entries(kept) as [NotificationChannelKind, string][]) {
    if (!(HANDLE_KINDS as readonly string[]).includes(kind)) out[kind] = handle;
  }
  for (const kind of HANDLE_KINDS) {
    const handle = value.handles[kind].trim();
    if (handle !== '') out[kind] = handle;
  }
  return out;
}

export function createContactRequest(value: ContactFormValue): CreateContactRequest {
  const request: CreateContactRequest = {
    name: value.name.trim(),
    timeZone: value.timeZone.trim(),
  };
  const email = value.email.trim();
  const phone = normalizePhone(value.phone);
  if (email) request.email = email;
  if (phone) request.phone = phone;
  if (value.userId) request.userId = value.userId;
  const handles = handlesOf(value);
  if (Object.keys(handles).length > 0) request.handles = handles;
  return request;
}

const sameHandles = (
  a: Partial<Record<NotificationChannelKind, string>>,
  b: Partial<Record<NotificationChannelKind, string>>,
) => {
  const keys = new Set([...Object.keys(a), ...Object.keys(b)]) as Set<NotificationChannelKind>;
  return [...keys].every((key) => a[key] === b[key]);
};

/** The PATCH body: only what changed (an emptied field is sent as null); null when nothing did. */
export function updateContactRequest(
  contact: ContactSummary,
  value: ContactFormValue,
): UpdateContactRequest | null {
  const request: UpdateContactRequest = {};
  const name = value.name.trim();
  const email = value.email.trim() || null;
  const phone = normalizePhone(value.phone) || null;
  const timeZone = value.timeZone.trim();
  const userId = value.userId || null;
  if (name !== contact.name) request.name = name;
  if (email !== contact.email) request.email = email;
  if (phone !== contact.phone) request.phone = phone;
  if (timeZone !== contact.timeZone) request.timeZone = timeZone;
  if (userId !== contact.userId) request.userId = userId;
  const handles = handlesOf(value, contact.handles);
  if (!sameHandles(handles, contact.handles)) request.handles = handles;
  return Object.keys(request).length > 0 ? request : null;
}

/** "Slack U024BE7LH, Telegram 123" for the list; '' when none. */
export function handlesText(
  handles: Partial<Record<NotificationChannelKind, string>>,
  label: (kind: NotificationChannelKind) => string,
): string {
  return (Object.entries(handles) as [NotificationChannelKind, string][])
    .filter(([, handle]) => handle)
    .map(([kind, handle]) => `${label(kind)} ${handle}`)
    .join(', ');
}
