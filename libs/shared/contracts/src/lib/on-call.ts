import type { NotificationChannelKind, NotificationSeverity } from './notification-channel';

/** A person Hyperion can page: linked to a user of the organisation, or not. */
export interface ContactSummary {
  id: string;
  name: string;
  /** The user this contact is (their own notification rules), if any. */
  userId: string | null;
  email: string | null;
  /** E.164, e.g. +33612345678. */
  phone: string | null;
  /** Chat handles by kind, e.g. { slack: 'U024BE7LH', telegram: '123456789' }. */
  handles: Partial<Record<NotificationChannelKind, string>>;
  /** IANA time zone, e.g. Europe/Paris. */
  timeZone: string;
  createdAt: string;
  updatedAt: string;
  /** The path of the contact's own iCal feed (their shifts over every schedule); rotating it invalidates the old URL. */
  icalUrl?: string;
}

export interface CreateContactRequest {
  name: string;
  userId?: string | null;
  email?: string | null;
  phone?: string | null;
  handles?: Partial<Record<NotificationChannelKind, string>>;
  timeZone: string;
}
export type UpdateContactRequest = Partial<CreateContactRequest>;

export interface TeamSummary {
  id: string;
  name: string;
  description: string;
  /** Contact ids, in the order given. */
  memberIds: string[];
  createdAt: string;
  updatedAt: string;
}
export interface CreateTeamRequest {
  name: string;
  description?: string;
  memberIds?: string[];
}
export type UpdateTeamRequest = Partial<CreateTeamRequest>;

/**
 * One layer of a rotation: people take turns of `turnLength` (daily = 1 day, weekly = 7 days, or
 * custom: any number of hours), each turn handing off at `handoffTime` wall-clock time in
 * `timeZone` (so a weekly turn stays Monday 09:00 local across DST changes), starting from
 * `startsAt`. Optional `restrictions` keep the layer to some hours of the week. Higher layers win.
 */
export interface ScheduleLayer {
  name: string;
  rotation: 'daily' | 'weekly' | 'custom';
  /** custom only: the turn length in hours (1 – 8,760). */
  turnHours?: number;
  /** HH:MM in the layer's time zone. */
  handoffTime: string;
  /** ISO 8601: the first turn starts at the first hand-off at or after this instant. */
  startsAt: string;
  /** ISO 8601 or null: the layer ends. */
  endsAt?: string | null;
  /** Contact ids in turn order. */
  memberIds: string[];
  /** Active only inside these weekly windows (days 0 = Sunday … 6, HH:MM local), if given. */
  restrictions?: { day: number; from: string; to: string }[];
}

/** Someone covers for whoever is on call between `start` and `end`. */
export interface ScheduleOverride {
  id: string;
  contactId: string;
  /** ISO 8601. */
  start: string;
  /** ISO 8601. */
  end: string;
}

export interface ScheduleSummary {
  id: string;
  name: string;
  description: string;
  /** IANA zone the schedule is shown in (layers carry their own hand-off zone). */
  timeZone: string;
  /** Lowest first; a later layer wins where it has someone on call. */
  layers: ScheduleLayer[];
  overrides: ScheduleOverride[];
  /** The token of the schedule's iCal feed URL (rotating it invalidates the old URL). */
  icalUrl: string;
  createdAt: string;
  updatedAt: string;
}
export interface CreateScheduleRequest {
  name: string;
  description?: string;
  timeZone: string;
  layers: ScheduleLayer[];
}
export type UpdateScheduleRequest = Partial<CreateScheduleRequest>;
export interface CreateOverrideRequest {
  contactId: string;
  start: string;
  end: string;
}

/** Who is on call at an instant, and until when that stays so. */
export interface OnCallNow {
  scheduleId: string;
  /** ISO 8601: the instant asked about. */
  at: string;
  /** null when nobody is on call (a gap between layers). */
  contactId: string | null;
  contactName: string | null;
  /** 'override', or the layer's name. */
  source: string | null;
  /** ISO 8601: the current shift's bounds (as far as computed, at most 90 days). */
  shiftStart: string | null;
  shiftEnd: string | null;
}

/** One continuous shift, for the calendar view and the iCal feed. */
export interface OnCallShift {
  contactId: string;
  contactName: string;
  source: string;
  start: string;
  end: string;
}

/**
 * A personal notification rule (PagerDuty's model): `delayMinutes` after a page starts, notify me
 * through `kind` (my handle / email / phone for that kind, through the organisation's channel of
 * that kind). Separate rule lists for high- and low-urgency pages; quiet hours hold low-urgency
 * ones back.
 */
export interface NotificationRule {
  delayMinutes: number;
  kind: NotificationChannelKind;
}
export interface NotificationPreferences {
  contactId: string;
  highUrgency: NotificationRule[];
  lowUrgency: NotificationRule[];
  /** Low-urgency pages wait until the end of these hours (HH:MM in the contact's zone). */
  quietHours: { from: string; to: string } | null;
}

export type PageUrgency = 'high' | 'low';
/** notifying: steps remain; exhausted: every step ran and nobody acknowledged; acknowledged. */
export type PageState = 'notifying' | 'acknowledged' | 'exhausted';
/** scheduled: waits for its time; sent: its delivery exists; skipped: no way to reach the person that way; cancelled: acknowledged first. */
export type PageStepState = 'scheduled' | 'sent' | 'skipped' | 'cancelled';

/** One step of a page: a personal rule, made concrete. */
export interface PageStep {
  /** 0-based, in the order of the rules. */
  step: number;
  delayMinutes: number;
  kind: NotificationChannelKind;
  /** ISO 8601: when it runs (later than delayMinutes when quiet hours held a low-urgency page). */
  dueAt: string;
  state: PageStepState;
  /** The delivery (see its receipts under /notification-deliveries), once sent. */
  deliveryId: string | null;
  /** Why it was skipped or cancelled. */
  reason: string | null;
  doneAt: string | null;
}

/** A page: one person being notified about one thing, step by step, until they acknowledge. */
export interface PageSummary {
  id: string;
  /** null once the contact was deleted (contactName keeps who it was). */
  contactId: string | null;
  contactName: string;
  /** The schedule whose on-call person was paged, if the page named a schedule. */
  scheduleId: string | null;
  urgency: PageUrgency;
  state: PageState;
  title: string;
  summary: string;
  severity: NotificationSeverity;
  service: string;
  dedupKey: string | null;
  steps: PageStep[];
  createdAt: string;
  acknowledgedAt: string | null;
  /** The user who acknowledged (null: an API key, or not acknowledged). */
  acknowledgedBy: string | null;
}

/**
 * POST /pages: page a contact, or whoever is on call on a schedule now. A dedupKey already used
 * in the organisation returns that page (200) instead of paging again (201).
 */
export interface CreatePageRequest {
  contactId?: string;
  scheduleId?: string;
  urgency: PageUrgency;
  title: string;
  summary?: string;
  severity: NotificationSeverity;
  service?: string;
  dedupKey?: string;
  details?: Record<string, string | number | boolean>;
}

export const PAGE_RULES = {
  titleMax: 512,
  summaryMax: 4000,
  serviceMax: 128,
  dedupKeyMax: 255,
  /** Printable ASCII, no spaces. */
  dedupKeyPattern: /^[\x21-\x7e]+$/,
  detailsMax: 50,
} as const;

export const ON_CALL_RULES = {
  nameMaxLength: 128,
  turnHoursMax: 8760,
  layersMax: 10,
  membersMax: 100,
  rulesMax: 10,
  delayMinutesMax: 1440,
  /** HH:MM, 24-hour. */
  timeOfDayPattern: /^([01]\d|2[0-3]):[0-5]\d$/,
  /** E.164. */
  phonePattern: /^\+[1-9]\d{6,14}$/,
  /** A team's or a schedule's description. */
  descriptionMax: 2000,
  /** A chat handle (Slack member id, Telegram chat id …). */
  handleMax: 256,
  emailMax: 254,
} as const;

export const ON_CALL_ROUTES = {
  contacts: '/api/v1/contacts',
  contact: (id: string) => `/api/v1/contacts/${encodeURIComponent(id)}`,
  /** GET / PUT NotificationPreferences of a contact (a user may edit their own). */
  /** POST → ContactSummary with a new icalUrl (the old one stops working). */
  contactIcalToken: (id: string) => `/api/v1/contacts/${encodeURIComponent(id)}/ical-token`,
  contactPreferences: (id: string) =>
    `/api/v1/contacts/${encodeURIComponent(id)}/notification-rules`,
  teams: '/api/v1/teams',
  team: (id: string) => `/api/v1/teams/${encodeURIComponent(id)}`,
  schedules: '/api/v1/schedules',
  schedule: (id: string) => `/api/v1/schedules/${encodeURIComponent(id)}`,
  /** POST → ScheduleSummary with a new icalUrl (the old one stops working). */
  scheduleIcalToken: (id: string) => `/api/v1/schedules/${encodeURIComponent(id)}/ical-token`,
  /** GET ?at=ISO → OnCallNow (default: now). */
  onCall: (id: string) => `/api/v1/schedules/${encodeURIComponent(id)}/on-call`,
  /** GET ?from=&to= → OnCallShift[] (at most 92 days). */
  shifts: (id: string) => `/api/v1/schedules/${encodeURIComponent(id)}/shifts`,
  overrides: (id: string) => `/api/v1/schedules/${encodeURIComponent(id)}/overrides`,
  override: (id: string, overrideId: string) =>
    `/api/v1/schedules/${encodeURIComponent(id)}/overrides/${encodeURIComponent(overrideId)}`,
  /** Public, token in the path: text/calendar of the schedule's shifts (90 days ahead). */
  scheduleIcal: (token: string) => `/api/v1/ical/schedules/${encodeURIComponent(token)}.ics`,
  /** Public, token in the path: one person's shifts over every schedule. */
  contactIcal: (token: string) => `/api/v1/ical/contacts/${encodeURIComponent(token)}.ics`,
  /** POST CreatePageRequest → PageSummary; GET ?state=&limit= → PageSummary[] (newest first). */
  pages: '/api/v1/pages',
  page: (id: string) => `/api/v1/pages/${encodeURIComponent(id)}`,
  /** POST: stops the remaining steps (what the alerts issue calls on acknowledge). */
  pageAcknowledge: (id: string) => `/api/v1/pages/${encodeURIComponent(id)}/acknowledge`,
} as const;
