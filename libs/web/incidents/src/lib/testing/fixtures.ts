import type {
  IncidentChecklist,
  IncidentContactRule,
  IncidentDetail,
  IncidentSettings,
  IncidentSeverity,
  IncidentSummary,
  IncidentTimelineEntry,
  PostmortemDetail,
} from '@hyperion/contracts';
import {
  DEFAULT_INCIDENT_CONTACT_LABELS,
  DEFAULT_INCIDENT_MODULES,
  INCIDENT_CHECKLIST_ITEMS,
} from '@hyperion/contracts';

/** For the specs only: incidents and their records as the API sends them. */
export const ID = '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11';
export const AT = '2026-12-07T03:12:05.000Z';

export function anIncident(patch: Partial<IncidentSummary> = {}): IncidentSummary {
  return {
    id: ID,
    number: 1,
    title: 'Sign-in fails for every user',
    status: 'open',
    severity: 'critical',
    module: 'Authentication',
    serviceId: null,
    serviceName: null,
    assignee: null,
    reportedAt: AT,
    acknowledgedAt: null,
    resolvedAt: null,
    closedAt: null,
    createdAt: AT,
    updatedAt: AT,
    alertCount: 0,
    version: 1,
    ...patch,
  };
}

export function emptyChecklist(): IncidentChecklist {
  return Object.fromEntries(
    INCIDENT_CHECKLIST_ITEMS.map((item) => [item, { done: false, at: null, by: null }]),
  ) as IncidentChecklist;
}

export function aDetail(patch: Partial<IncidentDetail> = {}): IncidentDetail {
  return {
    ...anIncident(),
    reportedBy: { kind: 'user', userId: 'u-me', name: 'ada' },
    errorType: 'failed_login',
    errorTypeOther: null,
    description: 'Every sign-in answers 500.',
    reproductionSteps: [
      { action: 'Sign in', endpoint: 'POST /api/v1/auth/login', parameters: 'ada / secret' },
    ],
    expectedBehaviour: 'A session',
    observedBehaviour: 'HTTP 500',
    environment: { os: 'Linux', browser: 'Firefox', browserVersion: '133', versions: [] },
    technicalLogs: { auditLogId: null, traceback: null, ipAddress: '203.0.113.7', timestamp: null },
    analysis: { failingComponent: null, probableCause: null, userImpact: null },
    proposedSolution: { codeFix: null, dbMigration: null, servicesToRestart: ['Redis'] },
    testChecklist: emptyChecklist(),
    commander: null,
    communicationsLead: null,
    responders: [],
    acknowledgedBy: null,
    startedAt: null,
    startedBy: null,
    resolvedBy: null,
    closedBy: null,
    reopenedAt: null,
    reopenedBy: null,
    reopenCount: 0,
    phases: { detection: { at: AT, by: { type: 'system', userId: null, name: 'Hyperion' } } },
    allowedActions: ['acknowledge', 'start', 'resolve'],
    alerts: [],
    attachments: [],
    hasPostmortem: false,
    ...patch,
  };
}

export function anEntry(patch: Partial<IncidentTimelineEntry> = {}): IncidentTimelineEntry {
  return {
    id: 't-1',
    at: AT,
    kind: 'created',
    actor: { type: 'user', userId: 'u-me', name: 'ada' },
    summary: 'Incident #001 opened',
    body: null,
    details: {},
    pinned: false,
    ...patch,
  };
}

export function settings(patch: Partial<IncidentSettings> = {}): IncidentSettings {
  const rule = (severity: IncidentSeverity): IncidentContactRule => ({
    label: DEFAULT_INCIDENT_CONTACT_LABELS[severity],
    targets: [],
    channelKinds: severity === 'critical' || severity === 'high' ? ['email', 'slack'] : ['email'],
  });
  const contacts: IncidentSettings['contacts'] = {
    critical: rule('critical'),
    high: rule('high'),
    medium: rule('medium'),
    low: rule('low'),
  };
  return {
    modules: [...DEFAULT_INCIDENT_MODULES],
    openFromAlertSeverities: ['critical'],
    resolveAlertsOnResolve: true,
    contacts,
    ...patch,
  };
}

export function aPostmortem(patch: Partial<PostmortemDetail> = {}): PostmortemDetail {
  return {
    incidentId: ID,
    summary: '',
    rootCause: '',
    impact: '',
    timeline: [
      { at: '2026-12-07T03:12:05.000Z', text: 'Incident #001 opened' },
      { at: '2026-12-07T03:20:00.000Z', text: 'Status: open → resolved' },
    ],
    wentWell: '',
    wentBadly: '',
    status: 'draft',
    version: 0,
    createdAt: null,
    updatedAt: null,
    actionItems: [],
    ...patch,
  };
}
