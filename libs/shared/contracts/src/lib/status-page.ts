import type { Permission } from './permissions';

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

/** What a component of a status page shows: a monitor, or an alerts service. */
export const STATUS_PAGE_COMPONENT_KINDS = ['monitor', 'service'] as const;
export type StatusPageComponentKind = (typeof STATUS_PAGE_COMPONENT_KINDS)[number];

/** A component's public state (and, for the whole page, the worst of them). */
export const STATUS_COMPONENT_STATES = [
  'operational',
  'degraded',
  'outage',
  'maintenance',
  'unknown',
] as const;
export type StatusComponentState = (typeof STATUS_COMPONENT_STATES)[number];

/** The status of a public incident update (Atlassian Statuspage's vocabulary). */
export const STATUS_PAGE_INCIDENT_STATUSES = [
  'investigating',
  'identified',
  'monitoring',
  'resolved',
] as const;
export type StatusPageIncidentStatus = (typeof STATUS_PAGE_INCIDENT_STATUSES)[number];

export const STATUS_PAGE_INCIDENT_STATUS_LABELS: Readonly<
  Record<StatusPageIncidentStatus, string>
> = {
  investigating: 'Investigating',
  identified: 'Identified',
  monitoring: 'Monitoring',
  resolved: 'Resolved',
};

export const STATUS_PAGE_SUBSCRIBER_STATES = ['pending', 'confirmed'] as const;
export type StatusPageSubscriberState = (typeof STATUS_PAGE_SUBSCRIBER_STATES)[number];

// ---------------------------------------------------------------------------------------------
// Pages and their components
// ---------------------------------------------------------------------------------------------

/** A monitor or a service of the organisation, as a component of a page. */
export interface StatusPageComponentRef {
  kind: StatusPageComponentKind;
  id: string;
}

export interface StatusPageComponent extends StatusPageComponentRef {
  /** What the public page shows: `displayName`, or the monitor's / service's own name. */
  name: string;
  /** The public name chosen for it (internal names often say more than the public should see). */
  displayName: string | null;
}

export interface StatusPageGroup {
  name: string;
  components: StatusPageComponent[];
}

/** A status page of the active organisation, as the API returns it. */
export interface StatusPageSummary {
  id: string;
  /** The page's address: `/status/<slug>`, unique across the instance. */
  slug: string;
  /** The page's title, its heading in public. */
  name: string;
  description: string;
  /** Unpublished pages answer 404 in public. */
  published: boolean;
  /** Whether the published post-mortems of its incidents show on the page. */
  showPostmortems: boolean;
  /** The page's address as the public reaches it (the links of subscription emails). */
  publicUrl: string | null;
  /** The email notification channel (its SMTP server and sender) that mails subscribers. */
  emailChannelId: string | null;
  /** Email subscriptions are offered: both `publicUrl` and `emailChannelId` are set. */
  subscriptions: boolean;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC. */
  updatedAt: string;
}

/** One page with its components, in their groups, in order. */
export interface StatusPageDetail extends StatusPageSummary {
  groups: StatusPageGroup[];
}

/** Fields `clear` may empty (a request never carries null). */
export const STATUS_PAGE_CLEARABLE = ['publicUrl', 'emailChannelId'] as const;
export type StatusPageClearable = (typeof STATUS_PAGE_CLEARABLE)[number];

export interface CreateStatusPageRequest {
  name: string;
  slug: string;
  description?: string;
  published?: boolean;
  showPostmortems?: boolean;
  publicUrl?: string;
  emailChannelId?: string;
}

/** Only the fields given change; `clear` empties the optional ones. */
export interface UpdateStatusPageRequest {
  name?: string;
  slug?: string;
  description?: string;
  published?: boolean;
  showPostmortems?: boolean;
  publicUrl?: string;
  emailChannelId?: string;
  clear?: StatusPageClearable[];
}

export interface StatusPageComponentInput extends StatusPageComponentRef {
  displayName?: string;
}

/** PUT: the page's whole layout, groups and components in the order shown. */
export interface ReplaceStatusPageComponentsRequest {
  groups: { name: string; components: StatusPageComponentInput[] }[];
}

// ---------------------------------------------------------------------------------------------
// Maintenance, public incidents, subscribers
// ---------------------------------------------------------------------------------------------

/** A maintenance window (one-off, or repeating by an RFC 5545 RRULE from `startsAt`). */
export interface StatusPageMaintenance {
  id: string;
  title: string;
  description: string;
  /** ISO 8601, UTC: the (first) window's start. */
  startsAt: string;
  durationMinutes: number;
  /** e.g. `FREQ=WEEKLY;BYDAY=SU`; null for a one-off window. */
  rrule: string | null;
  affects: StatusPageComponentRef[];
  /** The window in progress, or the next one; null when none is left. */
  nextWindow: { start: string; end: string } | null;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC. */
  updatedAt: string;
}

export interface CreateStatusPageMaintenanceRequest {
  title: string;
  description?: string;
  /** ISO 8601 with a time zone. */
  startsAt: string;
  durationMinutes: number;
  rrule?: string;
  affects?: StatusPageComponentRef[];
  /** Mail the confirmed subscribers about it (default true). */
  notifySubscribers?: boolean;
}

export interface UpdateStatusPageMaintenanceRequest {
  title?: string;
  description?: string;
  startsAt?: string;
  durationMinutes?: number;
  rrule?: string;
  affects?: StatusPageComponentRef[];
  /** `['rrule']` makes a repeating window a one-off. */
  clear?: 'rrule'[];
}

export interface StatusPageIncidentUpdate {
  id: string;
  status: StatusPageIncidentStatus;
  message: string;
  /** ISO 8601, UTC. */
  createdAt: string;
}

/** An incident as a page publishes it: its public title and updates, newest first. */
export interface StatusPageIncident {
  incidentId: string;
  title: string;
  status: StatusPageIncidentStatus;
  updates: StatusPageIncidentUpdate[];
  /** ISO 8601, UTC: when it was first published. */
  createdAt: string;
  /** ISO 8601, UTC; null while not resolved. */
  resolvedAt: string | null;
}

/**
 * POST: a public update of an incident on a page. The first one publishes the incident (its
 * public title defaults to the incident's own); `title` renames it in public.
 */
export interface PostStatusPageIncidentUpdateRequest {
  status: StatusPageIncidentStatus;
  message: string;
  title?: string;
}

/** A subscriber as administrators see it: the address masked (`j•••@example.com`). */
export interface StatusPageSubscriberSummary {
  id: string;
  email: string;
  state: StatusPageSubscriberState;
  /** ISO 8601, UTC. */
  createdAt: string;
  /** ISO 8601, UTC; null while pending. */
  confirmedAt: string | null;
}

export interface StatusPageSubscriberList {
  confirmed: number;
  pending: number;
  /** The newest first, at most STATUS_PAGE_RULES.subscribersListed. */
  items: StatusPageSubscriberSummary[];
}

/** POST /status/<slug>/subscribe (JSON or a form). */
export interface StatusPageSubscribeRequest {
  email: string;
}

// ---------------------------------------------------------------------------------------------
// Rules, permissions, routes
// ---------------------------------------------------------------------------------------------

/** Validation rules of status pages: the API's DTOs and the console's forms both use these. */
export const STATUS_PAGE_RULES = {
  nameMaxLength: 128,
  /** One line, without leading or trailing spaces. */
  namePattern: /^\S(?:.*\S)?$/,
  nameHint: '1 to 128 characters on one line, without leading or trailing spaces',
  slugPattern: /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/,
  slugHint: '1 to 48 lower-case letters, digits and dashes, not starting or ending with a dash',
  descriptionMaxLength: 2000,
  publicUrlMaxLength: 500,
  publicUrlHint:
    'the http(s) address of this page as the public reaches it, e.g. https://status.example.com/status/acme (no query or fragment)',
  groupsMax: 20,
  componentsMax: 100,
  groupNameMaxLength: 64,
  displayNameMaxLength: 128,
  maintenanceTitleMaxLength: 200,
  maintenanceDescriptionMaxLength: 2000,
  durationMinutesMax: 43_200,
  rruleMaxLength: 500,
  /** Windows repeat at most daily: finer rules make no sense for maintenance. */
  rruleFrequencies: ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'],
  incidentTitleMaxLength: 200,
  updateMessageMaxLength: 5000,
  emailMaxLength: 254,
  subscribersListed: 200,
} as const;

/** What reading and changing status pages requires (the API's routes and the console's module). */
export const STATUS_PAGE_PERMISSIONS = {
  read: 'monitoring:read',
  write: 'monitoring:control',
} as const satisfies Record<'read' | 'write', Permission>;

const pageItem = (id: string) => `/api/v1/status-pages/${encodeURIComponent(id)}`;

export const STATUS_PAGE_ROUTES = {
  /** GET: every status page of the active organisation; POST: a new one. */
  collection: '/api/v1/status-pages',
  /** GET (with its groups), PATCH, DELETE: one status page. */
  item: pageItem,
  /** PUT: the page's groups and components (ReplaceStatusPageComponentsRequest). */
  components: (id: string) => `${pageItem(id)}/components`,
  /** GET: the page's maintenance windows; POST: a new one. */
  maintenance: (id: string) => `${pageItem(id)}/maintenance`,
  /** PATCH, DELETE: one maintenance window. */
  maintenanceItem: (id: string, maintenanceId: string) =>
    `${pageItem(id)}/maintenance/${encodeURIComponent(maintenanceId)}`,
  /** GET: the incidents the page publishes, with their updates. */
  incidents: (id: string) => `${pageItem(id)}/incidents`,
  /** DELETE: takes an incident (and its public updates) off the page. */
  incident: (id: string, incidentId: string) =>
    `${pageItem(id)}/incidents/${encodeURIComponent(incidentId)}`,
  /** POST: a public update (PostStatusPageIncidentUpdateRequest). */
  incidentUpdates: (id: string, incidentId: string) =>
    `${pageItem(id)}/incidents/${encodeURIComponent(incidentId)}/updates`,
  /** GET: counts and masked addresses. */
  subscribers: (id: string) => `${pageItem(id)}/subscribers`,
  /** DELETE: one subscriber. */
  subscriber: (id: string, subscriberId: string) =>
    `${pageItem(id)}/subscribers/${encodeURIComponent(subscriberId)}`,
} as const;

const publicPage = (slug: string) => `/status/${encodeURIComponent(slug)}`;

/** The public pages: no session, server-rendered. */
export const STATUS_PUBLIC_ROUTES = {
  page: publicPage,
  feed: (slug: string) => `${publicPage(slug)}/feed.atom`,
  calendar: (slug: string) => `${publicPage(slug)}/calendar.ics`,
  subscribe: (slug: string) => `${publicPage(slug)}/subscribe`,
  confirm: (slug: string) => `${publicPage(slug)}/confirm`,
  unsubscribe: (slug: string) => `${publicPage(slug)}/unsubscribe`,
} as const;
