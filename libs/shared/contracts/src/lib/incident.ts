import type { EscalationTarget } from './alerts';
import type { NotificationChannelKind } from './notification-channel';
import type { Permission } from './permissions';

/**
 * Incidents: the anomaly sheet of anomaly-process.md ("Fiche type d'anomalie") as the incident
 * record, its lifecycle, roles, timeline, attachments, post-mortem and action items.
 */

// ---------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------

export const INCIDENT_STATUSES = [
  'open',
  'acknowledged',
  'in_progress',
  'resolved',
  'closed',
] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];

export const INCIDENT_STATUS_LABELS: Readonly<Record<IncidentStatus, string>> = {
  open: 'Open',
  acknowledged: 'Acknowledged',
  in_progress: 'In progress',
  resolved: 'Resolved',
  closed: 'Closed',
};

/** The moves of the lifecycle; each is an endpoint `POST /api/v1/incidents/:id/<action>`. */
export const INCIDENT_ACTIONS = ['acknowledge', 'start', 'resolve', 'close', 'reopen'] as const;
export type IncidentAction = (typeof INCIDENT_ACTIONS)[number];

/**
 * The lifecycle: open → acknowledged → in progress → resolved → closed, reopen from resolved or
 * closed. Any other move answers 409 with the moves allowed from the current status.
 */
export const INCIDENT_TRANSITIONS: Readonly<
  Record<IncidentAction, { readonly from: readonly IncidentStatus[]; readonly to: IncidentStatus }>
> = {
  acknowledge: { from: ['open'], to: 'acknowledged' },
  start: { from: ['open', 'acknowledged'], to: 'in_progress' },
  resolve: { from: ['open', 'acknowledged', 'in_progress'], to: 'resolved' },
  close: { from: ['resolved'], to: 'closed' },
  reopen: { from: ['resolved', 'closed'], to: 'open' },
};

export const INCIDENT_ACTION_LABELS: Readonly<Record<IncidentAction, string>> = {
  acknowledge: 'Acknowledge',
  start: 'Start work',
  resolve: 'Resolve',
  close: 'Close',
  reopen: 'Reopen',
};

export const INCIDENT_SEVERITIES = ['critical', 'high', 'medium', 'low'] as const;
export type IncidentSeverity = (typeof INCIDENT_SEVERITIES)[number];

/** The anomaly sheet's own labels: Critique, Majeure, Mineure. */
export const INCIDENT_SEVERITY_SHEET_LABELS: Readonly<Record<IncidentSeverity, string>> = {
  critical: 'Critical',
  high: 'Major',
  medium: 'Minor',
  low: 'Minor',
};

/** What each severity means (operational-procedures.md §5.1 and the sheet). */
export const INCIDENT_SEVERITY_HINTS: Readonly<Record<IncidentSeverity, string>> = {
  critical: 'System unreachable or data lost; major impact on the service',
  high: 'A main feature unavailable; significant impact',
  medium: 'Moderate impact; cosmetic or performance problem',
  low: 'Minor impact',
};

/** The affected modules of the document, the default of each organisation's editable list. */
export const DEFAULT_INCIDENT_MODULES = [
  'API',
  'Dashboard',
  'Authentication',
  'Monitoring',
  'SSH',
  'Notifications',
  'File Management',
  'WebSockets',
] as const;

export const INCIDENT_ERROR_TYPES = [
  'login',
  'logout',
  'failed_login',
  '2fa_setup',
  '2fa_disable',
  'process_stop',
  'service_control',
  'role_created',
  'role_deleted',
  'other',
] as const;
export type IncidentErrorType = (typeof INCIDENT_ERROR_TYPES)[number];

export const INCIDENT_REPORTER_KINDS = ['user', 'admin', 'system'] as const;
export type IncidentReporterKind = (typeof INCIDENT_REPORTER_KINDS)[number];

/** The procedure's phases (operational-procedures.md §5.2), each stamped when reached. */
export const INCIDENT_PHASES = [
  'detection',
  'notification',
  'evaluation',
  'containment',
  'resolution',
  'recovery',
  'post_mortem',
] as const;
export type IncidentPhase = (typeof INCIDENT_PHASES)[number];

export const INCIDENT_PHASE_LABELS: Readonly<Record<IncidentPhase, string>> = {
  detection: 'Detection',
  notification: 'Notification',
  evaluation: 'Evaluation',
  containment: 'Containment',
  resolution: 'Resolution',
  recovery: 'Recovery',
  post_mortem: 'Post-mortem',
};

/** The sheet's "Tests à effectuer", ticked one by one. */
export const INCIDENT_CHECKLIST_ITEMS = [
  'unit',
  'api_integration',
  'browser',
  'audit_log',
  'dev_environment',
] as const;
export type IncidentChecklistItem = (typeof INCIDENT_CHECKLIST_ITEMS)[number];

export const INCIDENT_CHECKLIST_LABELS: Readonly<Record<IncidentChecklistItem, string>> = {
  unit: 'Unit tests',
  api_integration: 'API integration tests',
  browser: 'Browser tests',
  audit_log: 'Audit log checked',
  dev_environment: 'Tested in the development environment',
};

// ---------------------------------------------------------------------------------------------
// The sheet
// ---------------------------------------------------------------------------------------------

/** A member of the organisation, as shown on an incident. */
export interface IncidentPerson {
  userId: string;
  /** The username (null when the account no longer exists). */
  name: string | null;
}

/** Who did something on an incident: a user, or Hyperion itself. */
export interface IncidentActor {
  type: 'user' | 'system';
  userId: string | null;
  name: string;
}

export interface IncidentReporter {
  kind: IncidentReporterKind;
  /** The account that reported it (null for `system`, or when reported for someone else). */
  userId: string | null;
  /** Free text: who reported it (e.g. a customer's name), or the account's username. */
  name: string | null;
}

/** One reproduction step, in order. */
export interface ReproductionStep {
  action: string;
  /** URL or endpoint, if any (e.g. `POST /api/v1/auth/login`). */
  endpoint: string | null;
  /** The parameters used. */
  parameters: string | null;
}

export interface IncidentEnvironment {
  /** e.g. Linux, macOS, Windows. */
  os: string | null;
  /** e.g. Chrome, Firefox, Safari. */
  browser: string | null;
  browserVersion: string | null;
  /** Versions of what was involved (Hyperion, PostgreSQL, Redis …). */
  versions: { name: string; version: string }[];
}

export interface IncidentTechnicalLogs {
  /** The linked audit entry's id, if any. */
  auditLogId: string | null;
  traceback: string | null;
  ipAddress: string | null;
  /** ISO 8601, the precise time of the failure. */
  timestamp: string | null;
}

export interface IncidentAnalysis {
  failingComponent: string | null;
  probableCause: string | null;
  userImpact: string | null;
}

export interface IncidentProposedSolution {
  codeFix: string | null;
  dbMigration: string | null;
  /** e.g. Redis, the workers, the API. */
  servicesToRestart: string[];
}

export interface IncidentChecklistEntry {
  done: boolean;
  /** ISO 8601, when it was ticked (null when not done). */
  at: string | null;
  by: IncidentPerson | null;
}

export type IncidentChecklist = Record<IncidentChecklistItem, IncidentChecklistEntry>;

export interface IncidentPhaseStamp {
  /** ISO 8601. */
  at: string;
  by: IncidentActor;
}

/** The fields of the anomaly sheet a person writes (create, PUT, PATCH). */
export interface IncidentSheetFields {
  title: string;
  severity: IncidentSeverity;
  /** ISO 8601: when the problem was detected or reported (default: now). */
  reportedAt: string;
  reportedBy: IncidentReporter;
  /** One of the organisation's modules (settings), or null. */
  module: string | null;
  errorType: IncidentErrorType | null;
  /** What "other" means (required when errorType is `other`). */
  errorTypeOther: string | null;
  description: string;
  reproductionSteps: ReproductionStep[];
  expectedBehaviour: string | null;
  observedBehaviour: string | null;
  environment: IncidentEnvironment;
  technicalLogs: IncidentTechnicalLogs;
  analysis: IncidentAnalysis;
  proposedSolution: IncidentProposedSolution;
  /** A service of the alerts domain, or null. */
  serviceId: string | null;
  assigneeId: string | null;
  commanderId: string | null;
  communicationsLeadId: string | null;
  responderIds: string[];
}

/** One incident in a list. */
export interface IncidentSummary {
  id: string;
  /** Per organisation, from 1: shown as #001. */
  number: number;
  title: string;
  status: IncidentStatus;
  severity: IncidentSeverity;
  module: string | null;
  serviceId: string | null;
  serviceName: string | null;
  assignee: IncidentPerson | null;
  /** ISO 8601. */
  reportedAt: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  alertCount: number;
  /** Optimistic concurrency: send it back with PUT / PATCH / a move; a stale one answers 409. */
  version: number;
}

/** An alert linked to an incident. */
export interface IncidentAlertLink {
  alertId: string;
  dedupKey: string;
  summary: string;
  severity: string;
  state: string;
  /** ISO 8601. */
  linkedAt: string;
}

export interface IncidentAttachment {
  id: string;
  filename: string;
  /** Detected from the content, never taken from the upload. */
  contentType: string;
  size: number;
  sha256: string;
  createdAt: string;
  createdBy: IncidentPerson | null;
}

/** GET /api/v1/incidents/:id: the whole sheet and where it stands. */
export interface IncidentDetail extends IncidentSummary {
  reportedBy: IncidentReporter;
  errorType: IncidentErrorType | null;
  errorTypeOther: string | null;
  description: string;
  reproductionSteps: ReproductionStep[];
  expectedBehaviour: string | null;
  observedBehaviour: string | null;
  environment: IncidentEnvironment;
  technicalLogs: IncidentTechnicalLogs;
  analysis: IncidentAnalysis;
  proposedSolution: IncidentProposedSolution;
  testChecklist: IncidentChecklist;
  commander: IncidentPerson | null;
  communicationsLead: IncidentPerson | null;
  responders: IncidentPerson[];
  /** Each lifecycle move's last time and actor. */
  acknowledgedBy: IncidentActor | null;
  startedAt: string | null;
  startedBy: IncidentActor | null;
  resolvedBy: IncidentActor | null;
  closedBy: IncidentActor | null;
  reopenedAt: string | null;
  reopenedBy: IncidentActor | null;
  reopenCount: number;
  phases: Partial<Record<IncidentPhase, IncidentPhaseStamp>>;
  /** The moves allowed from the current status (the console offers only these). */
  allowedActions: IncidentAction[];
  alerts: IncidentAlertLink[];
  attachments: IncidentAttachment[];
  hasPostmortem: boolean;
}

// ---------------------------------------------------------------------------------------------
// Requests: the API refuses `null` anywhere in a body — an empty field is left out instead (a
// PATCH names the fields it empties in `clear`)
// ---------------------------------------------------------------------------------------------

export interface IncidentReporterRequest {
  kind: IncidentReporterKind;
  /** A member's account (left out for someone without one, and for `system`). */
  userId?: string;
  name?: string;
}

export interface ReproductionStepRequest {
  action: string;
  endpoint?: string;
  parameters?: string;
}

export interface IncidentEnvironmentRequest {
  os?: string;
  browser?: string;
  browserVersion?: string;
  versions?: { name: string; version: string }[];
}

export interface IncidentTechnicalLogsRequest {
  auditLogId?: string;
  traceback?: string;
  ipAddress?: string;
  /** ISO 8601. */
  timestamp?: string;
}

export interface IncidentAnalysisRequest {
  failingComponent?: string;
  probableCause?: string;
  userImpact?: string;
}

export interface IncidentProposedSolutionRequest {
  codeFix?: string;
  dbMigration?: string;
  servicesToRestart?: string[];
}

/**
 * The anomaly sheet as a request gives it (IncidentSheetFields without null): title and
 * severity, the rest left out when empty — reportedAt defaults to now, reportedBy to the caller.
 * Nested objects (environment, technical logs …) are given whole.
 */
export interface IncidentSheetRequest {
  title: string;
  severity: IncidentSeverity;
  /** ISO 8601. */
  reportedAt?: string;
  reportedBy?: IncidentReporterRequest;
  /** One of the organisation's modules (settings). */
  module?: string;
  errorType?: IncidentErrorType;
  /** Required when errorType is `other`. */
  errorTypeOther?: string;
  description?: string;
  reproductionSteps?: ReproductionStepRequest[];
  expectedBehaviour?: string;
  observedBehaviour?: string;
  environment?: IncidentEnvironmentRequest;
  technicalLogs?: IncidentTechnicalLogsRequest;
  analysis?: IncidentAnalysisRequest;
  proposedSolution?: IncidentProposedSolutionRequest;
  serviceId?: string;
  /** Members of the organisation. */
  assigneeId?: string;
  commanderId?: string;
  communicationsLeadId?: string;
  responderIds?: string[];
}

export type CreateIncidentRequest = IncidentSheetRequest;

/**
 * PUT: the whole sheet (fields left out are cleared; reportedAt and reportedBy left out keep
 * their value), with the version read.
 */
export type ReplaceIncidentRequest = IncidentSheetRequest & { version: number };

/** The optional fields a PATCH can empty (the API refuses `null`: name them in `clear`). */
export const INCIDENT_CLEARABLE_FIELDS = [
  'module',
  'errorType',
  'errorTypeOther',
  'expectedBehaviour',
  'observedBehaviour',
  'serviceId',
  'assigneeId',
  'commanderId',
  'communicationsLeadId',
] as const;
export type IncidentClearableField = (typeof INCIDENT_CLEARABLE_FIELDS)[number];

/**
 * PATCH: only the fields given change, `clear` empties optional ones (a field both given and
 * cleared is refused), with the version read. Nested objects given replace theirs whole.
 */
export type UpdateIncidentRequest = Partial<IncidentSheetRequest> & {
  version: number;
  clear?: IncidentClearableField[];
};

/** The body of a lifecycle move (all optional). */
export interface IncidentActionRequest {
  /** When given, a stale version answers 409. */
  version?: number;
  /** A line on the timeline with the move. */
  note?: string;
  /** resolve only: also resolve the incident's open alerts (default: the organisation's setting). */
  resolveAlerts?: boolean;
}

/** POST /:id/checklist/:item */
export interface IncidentChecklistRequest {
  done: boolean;
}

/** POST /:id/phases/:phase */
export interface IncidentPhaseRequest {
  /** ISO 8601, default now. */
  at?: string;
}

// ---------------------------------------------------------------------------------------------
// List
// ---------------------------------------------------------------------------------------------

export const INCIDENT_SORTS = ['newest', 'oldest', 'severity', 'updated'] as const;
export type IncidentSort = (typeof INCIDENT_SORTS)[number];

/** GET /api/v1/incidents query (comma-separated lists for status and severity). */
export interface IncidentListQuery {
  status?: string;
  severity?: string;
  module?: string;
  serviceId?: string;
  assigneeId?: string;
  /** Full-text search (English and French stemming) over title, description and the sheet. */
  q?: string;
  /** ISO 8601 bounds on reportedAt: from inclusive, to exclusive. */
  from?: string;
  to?: string;
  sort?: IncidentSort;
  /** From the previous page's nextCursor. */
  cursor?: string;
  /** 1–100, default 50. */
  limit?: number;
}

/**
 * GET /api/v1/incidents/members: at most INCIDENT_RULES.membersMax (200) people sorted by
 * username; `q` keeps those whose username starts with it (case-insensitive, at most 64
 * characters).
 */
export interface IncidentMembersQuery {
  q?: string;
}

export interface IncidentListResponse {
  items: IncidentSummary[];
  /** Null on the last page. Keyset-based: a page never repeats or skips a row inserted meanwhile. */
  nextCursor: string | null;
}

// ---------------------------------------------------------------------------------------------
// Timeline
// ---------------------------------------------------------------------------------------------

export const INCIDENT_TIMELINE_KINDS = [
  'created',
  'updated',
  'status_changed',
  'role_changed',
  'phase_reached',
  'checklist',
  'comment',
  'note',
  'alert_linked',
  'alert_resolved',
  'notification_sent',
  'attachment_added',
  'attachment_deleted',
  'postmortem',
  'action_item',
] as const;
export type IncidentTimelineKind = (typeof INCIDENT_TIMELINE_KINDS)[number];

export interface IncidentTimelineEntry {
  id: string;
  /** ISO 8601: when it happened (a note may be placed earlier than it was written). */
  at: string;
  kind: IncidentTimelineKind;
  actor: IncidentActor;
  /** One line, written by the server (e.g. "Status: open → acknowledged"). */
  summary: string;
  /** A comment's or note's text. */
  body: string | null;
  details: Record<string, unknown>;
  pinned: boolean;
}

/** POST /:id/comments */
export interface IncidentCommentRequest {
  body: string;
}

/** POST /:id/notes: a line of the team's own on the timeline, at `at` (default now). */
export interface IncidentNoteRequest {
  body: string;
  at?: string;
}

/** PUT /:id/timeline/:entryId/pin */
export interface IncidentPinRequest {
  pinned: boolean;
}

// ---------------------------------------------------------------------------------------------
// Post-mortem and action items
// ---------------------------------------------------------------------------------------------

export interface PostmortemTimelineLine {
  /** ISO 8601. */
  at: string;
  text: string;
}

export const POSTMORTEM_STATUSES = ['draft', 'published'] as const;
export type PostmortemStatus = (typeof POSTMORTEM_STATUSES)[number];

export interface PostmortemFields {
  summary: string;
  rootCause: string;
  impact: string;
  /** Pre-filled from the incident's timeline, editable. */
  timeline: PostmortemTimelineLine[];
  wentWell: string;
  wentBadly: string;
  status: PostmortemStatus;
}

export interface PostmortemDetail extends PostmortemFields {
  incidentId: string;
  /** 0: not saved yet (a draft pre-filled from the incident). */
  version: number;
  createdAt: string | null;
  updatedAt: string | null;
  actionItems: ActionItemSummary[];
}

/** PUT /:id/postmortem: the version read (0 for the first save). Only for a resolved or closed incident. */
export type SavePostmortemRequest = PostmortemFields & { version: number };

export const ACTION_ITEM_STATUSES = ['open', 'in_progress', 'done'] as const;
export type ActionItemStatus = (typeof ACTION_ITEM_STATUSES)[number];

export interface ActionItemSummary {
  id: string;
  incidentId: string;
  incidentNumber: number;
  incidentTitle: string;
  title: string;
  owner: IncidentPerson | null;
  /** YYYY-MM-DD, or null. */
  dueDate: string | null;
  status: ActionItemStatus;
  /** Not done and past its due date (UTC). */
  overdue: boolean;
  createdAt: string;
  updatedAt: string;
}

/** POST /:id/action-items: without an owner or a due date, leave them out (never null). */
export interface CreateActionItemRequest {
  title: string;
  /** A member of the organisation. */
  ownerId?: string;
  /** YYYY-MM-DD. */
  dueDate?: string;
}

/** The optional fields of an action item a PATCH can empty (the API refuses `null` and ""). */
export const ACTION_ITEM_CLEARABLE_FIELDS = ['ownerId', 'dueDate'] as const;
export type ActionItemClearableField = (typeof ACTION_ITEM_CLEARABLE_FIELDS)[number];

/**
 * PATCH /action-items/:itemId: only the fields given change; `clear` empties the owner or the
 * due date (a field both given and cleared is refused).
 */
export type UpdateActionItemRequest = Partial<CreateActionItemRequest> & {
  status?: ActionItemStatus;
  clear?: ActionItemClearableField[];
};

/** GET /api/v1/incidents/action-items */
export interface ActionItemListQuery {
  status?: ActionItemStatus;
  /** true: only those past due and not done. */
  overdue?: boolean;
  ownerId?: string;
}

// ---------------------------------------------------------------------------------------------
// Metrics
// ---------------------------------------------------------------------------------------------

/**
 * Time to acknowledge: first acknowledgement − reportedAt; time to resolve: first resolution −
 * reportedAt. Means over the incidents that have one (null when none has).
 */
export interface IncidentStatsRow {
  /** The severity, the service id (or "none"), or the month (YYYY-MM, UTC). */
  key: string;
  label: string;
  count: number;
  acknowledged: number;
  resolved: number;
  mttaSeconds: number | null;
  mttrSeconds: number | null;
}

/** GET /api/v1/incidents/stats?from&to (ISO 8601 bounds on reportedAt; default: the last 12 months). */
export interface IncidentStats {
  from: string;
  to: string;
  total: IncidentStatsRow;
  bySeverity: IncidentStatsRow[];
  byService: IncidentStatsRow[];
  byMonth: IncidentStatsRow[];
}

// ---------------------------------------------------------------------------------------------
// Settings
// ---------------------------------------------------------------------------------------------

/** Who is told when an incident of a severity opens (operational-procedures.md "Contacts d'urgence"). */
export interface IncidentContactRule {
  /** e.g. "CTO + Lead Dev + DevOps". */
  label: string;
  targets: EscalationTarget[];
  /** The organisation's enabled channels of these kinds, each to its own default recipients. */
  channelKinds: NotificationChannelKind[];
}

export interface IncidentSettings {
  /** The affected-module list of the sheet. */
  modules: string[];
  /** Emitted alerts of these severities open (or join) an incident. */
  openFromAlertSeverities: ('critical' | 'high')[];
  /** Resolving an incident resolves its open alerts (unless the move says otherwise). */
  resolveAlertsOnResolve: boolean;
  contacts: Record<IncidentSeverity, IncidentContactRule>;
}

export type UpdateIncidentSettingsRequest = Partial<IncidentSettings>;

/** The document's contacts by severity: labels only until teams are chosen. */
export const DEFAULT_INCIDENT_CONTACT_LABELS: Readonly<Record<IncidentSeverity, string>> = {
  critical: 'CTO + Lead Dev + DevOps',
  high: 'Lead Dev + DevOps',
  medium: 'DevOps',
  low: 'Support',
};

// ---------------------------------------------------------------------------------------------
// Live
// ---------------------------------------------------------------------------------------------

/** `incidents:changed`: an incident was created or changed (its timeline may have grown). */
export interface IncidentsChangedEvent {
  incident: IncidentSummary;
}

// ---------------------------------------------------------------------------------------------
// Rules, permissions, routes
// ---------------------------------------------------------------------------------------------

/** Validation rules of incidents: the API's DTOs and the console's forms both use these. */
export const INCIDENT_RULES = {
  titleMaxLength: 200,
  /** One line, without leading or trailing spaces. */
  titlePattern: /^\S(?:.*\S)?$/,
  titleHint: '1 to 200 characters on one line, without leading or trailing spaces',
  /** description, expected / observed behaviour, analysis and solution texts. */
  textMaxLength: 20_000,
  tracebackMaxLength: 100_000,
  /** Short fields: reporter name, OS, browser, versions, step endpoint, module … */
  shortMaxLength: 200,
  stepsMax: 50,
  stepTextMaxLength: 2_000,
  versionsMax: 20,
  servicesToRestartMax: 20,
  respondersMax: 50,
  modulesMax: 50,
  moduleMaxLength: 64,
  commentMaxLength: 10_000,
  listLimitMax: 100,
  listLimitDefault: 50,
  searchMaxLength: 200,
  /** GET /incidents/members answers at most this many (by name; narrow with `q`). */
  membersMax: 200,
  /** Its `q`: the start of a username (usernames have at most 64 characters). */
  membersQueryMaxLength: 64,
  /** Screenshots: PNG, JPEG, GIF or WebP, detected from the bytes. */
  attachmentMaxBytes: 10 * 1024 * 1024,
  attachmentTypes: ['image/png', 'image/jpeg', 'image/gif', 'image/webp'] as readonly string[],
  attachmentsMax: 50,
  filenameMaxLength: 200,
  actionItemTitleMaxLength: 500,
  postmortemTextMaxLength: 50_000,
  postmortemTimelineMax: 500,
} as const;

/** What reading and changing incidents requires (the API's routes and the console's module). */
export const INCIDENT_PERMISSIONS = {
  read: 'incidents:read',
  write: 'incidents:write',
} as const satisfies Record<'read' | 'write', Permission>;

const id = (value: string) => encodeURIComponent(value);

export const INCIDENT_ROUTES = {
  /** GET: the incidents of the active organisation (IncidentListQuery); POST: a new one. */
  collection: '/api/v1/incidents',
  /** GET (IncidentDetail), PUT, PATCH: one incident. */
  item: (incidentId: string) => `/api/v1/incidents/${id(incidentId)}`,
  /** POST: a lifecycle move. */
  action: (incidentId: string, action: IncidentAction) =>
    `/api/v1/incidents/${id(incidentId)}/${action}`,
  /** GET: the timeline, oldest first. */
  timeline: (incidentId: string) => `/api/v1/incidents/${id(incidentId)}/timeline`,
  /** PUT: pin or unpin an entry. */
  pin: (incidentId: string, entryId: string) =>
    `/api/v1/incidents/${id(incidentId)}/timeline/${id(entryId)}/pin`,
  /** POST: a comment. */
  comments: (incidentId: string) => `/api/v1/incidents/${id(incidentId)}/comments`,
  /** POST: a note. */
  notes: (incidentId: string) => `/api/v1/incidents/${id(incidentId)}/notes`,
  /** POST: tick or untick an item of the test checklist. */
  checklist: (incidentId: string, item: IncidentChecklistItem) =>
    `/api/v1/incidents/${id(incidentId)}/checklist/${item}`,
  /** POST: stamp a phase of the procedure. */
  phase: (incidentId: string, phase: IncidentPhase) =>
    `/api/v1/incidents/${id(incidentId)}/phases/${phase}`,
  /** POST (multipart, field `file`): upload a screenshot; GET: the list. */
  attachments: (incidentId: string) => `/api/v1/incidents/${id(incidentId)}/attachments`,
  /** GET: the bytes; DELETE. */
  attachment: (incidentId: string, attachmentId: string) =>
    `/api/v1/incidents/${id(incidentId)}/attachments/${id(attachmentId)}`,
  /** GET: the sheet as Markdown. */
  exportMarkdown: (incidentId: string) => `/api/v1/incidents/${id(incidentId)}/export.md`,
  /** GET: the sheet as PDF. */
  exportPdf: (incidentId: string) => `/api/v1/incidents/${id(incidentId)}/export.pdf`,
  /** GET (a saved one, or a draft pre-filled from the timeline), PUT. */
  postmortem: (incidentId: string) => `/api/v1/incidents/${id(incidentId)}/postmortem`,
  /** GET: the post-mortem as Markdown. */
  postmortemMarkdown: (incidentId: string) =>
    `/api/v1/incidents/${id(incidentId)}/postmortem/export.md`,
  /** POST: a new action item of the incident's post-mortem. */
  incidentActionItems: (incidentId: string) => `/api/v1/incidents/${id(incidentId)}/action-items`,
  /** GET: action items of every incident (ActionItemListQuery). */
  actionItems: '/api/v1/incidents/action-items',
  /** PATCH, DELETE: one action item. */
  actionItem: (itemId: string) => `/api/v1/incidents/action-items/${id(itemId)}`,
  /** GET: MTTA / MTTR (IncidentStats). */
  stats: '/api/v1/incidents/stats',
  /** GET, PUT: modules, contacts by severity, alert → incident rules. */
  settings: '/api/v1/incidents/settings',
  /**
   * GET (incidents:read): the organisation's members whose account is active, as the role and
   * owner pickers offer them (IncidentPerson[], by name; IncidentMembersQuery).
   */
  members: '/api/v1/incidents/members',
} as const;
