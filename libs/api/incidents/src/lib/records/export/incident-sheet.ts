import type {
  IncidentActor,
  IncidentAttachment,
  IncidentDetail,
  IncidentPerson,
  IncidentTimelineEntry,
} from '@hyperion/contracts';
import {
  INCIDENT_CHECKLIST_ITEMS,
  INCIDENT_CHECKLIST_LABELS,
  INCIDENT_PHASE_LABELS,
  INCIDENT_PHASES,
  INCIDENT_ROUTES,
  INCIDENT_SEVERITY_SHEET_LABELS,
  INCIDENT_STATUS_LABELS,
} from '@hyperion/contracts';

import { ExportDocument, given } from './sheet-document';

/** #001 */
export const incidentNumber = (n: number) => `#${String(n).padStart(3, '0')}`;

const person = (p: IncidentPerson | null) => (p ? (p.name ?? `deleted user ${p.userId}`) : null);
const actor = (a: IncidentActor | null) => (a ? a.name : null);

const REPORTER_KINDS = { user: 'User', admin: 'Admin', system: 'System' } as const;

const size = (bytes: number) =>
  bytes < 1024
    ? `${bytes} B`
    : bytes < 1024 * 1024
      ? `${(bytes / 1024).toFixed(1)} KiB`
      : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/**
 * The anomaly sheet of anomaly-process.md, section by section in the document's order, then the
 * response (roles, service, phases) and the timeline.
 */
export function incidentSheet(
  incident: IncidentDetail,
  timeline: readonly IncidentTimelineEntry[],
  attachments: readonly IncidentAttachment[],
  exportedAt: Date,
): ExportDocument {
  const reporter = incident.reportedBy;
  const env = incident.environment;
  const logs = incident.technicalLogs;
  const errorType =
    incident.errorType === 'other'
      ? `other: ${incident.errorTypeOther ?? ''}`.trim()
      : incident.errorType;
  return {
    title: `Anomaly sheet ${incidentNumber(incident.number)}: ${incident.title}`,
    subtitle: `Hyperion incident ${incident.id}, exported ${exportedAt.toISOString()}`,
    sections: [
      {
        title: 'Sheet',
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: 'Date', value: incident.reportedAt },
              {
                label: 'Reported by',
                value: `${REPORTER_KINDS[reporter.kind]}${reporter.name ? `: ${reporter.name}` : ''}`,
              },
              {
                label: 'Severity',
                value: `${INCIDENT_SEVERITY_SHEET_LABELS[incident.severity]} (${incident.severity})`,
              },
              { label: 'Affected module', value: given(incident.module) },
              { label: 'Error type', value: given(errorType) },
            ],
          },
        ],
      },
      { title: 'Description', blocks: [{ kind: 'text', text: given(incident.description) }] },
      {
        title: 'Reproduction steps',
        blocks: [
          {
            kind: 'numbered',
            items: incident.reproductionSteps.map((step) => ({
              text: step.action,
              details: [
                ...(given(step.endpoint) ? [{ label: 'Endpoint', value: step.endpoint }] : []),
                ...(given(step.parameters)
                  ? [{ label: 'Parameters', value: step.parameters }]
                  : []),
              ],
            })),
          },
        ],
      },
      {
        title: 'Expected behaviour',
        blocks: [{ kind: 'text', text: given(incident.expectedBehaviour) }],
      },
      {
        title: 'Observed behaviour',
        blocks: [{ kind: 'text', text: given(incident.observedBehaviour) }],
      },
      {
        title: 'Environment',
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: 'OS', value: given(env.os) },
              {
                label: 'Browser',
                value: given([env.browser, env.browserVersion].filter(Boolean).join(' ')),
              },
              ...(env.versions.length === 0
                ? [{ label: 'Versions', value: null }]
                : env.versions.map((v) => ({ label: v.name, value: v.version }))),
            ],
          },
        ],
      },
      {
        title: 'Technical logs',
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: 'Audit log entry', value: given(logs.auditLogId) },
              { label: 'IP address', value: given(logs.ipAddress) },
              { label: 'Timestamp', value: given(logs.timestamp) },
            ],
          },
          given(logs.traceback)
            ? { kind: 'code', label: 'Traceback', text: logs.traceback ?? '' }
            : { kind: 'fields', fields: [{ label: 'Traceback', value: null }] },
        ],
      },
      {
        title: 'Screenshots',
        blocks: [
          {
            kind: 'links',
            items: attachments.map((a) => ({
              text: a.filename,
              href: INCIDENT_ROUTES.attachment(incident.id, a.id),
              note: `(${a.contentType}, ${size(a.size)})`,
            })),
          },
        ],
      },
      {
        title: 'Technical analysis',
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: 'Failing component', value: given(incident.analysis.failingComponent) },
              { label: 'Probable cause', value: given(incident.analysis.probableCause) },
              { label: 'User impact', value: given(incident.analysis.userImpact) },
            ],
          },
        ],
      },
      {
        title: 'Proposed solution',
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: 'Code fix', value: given(incident.proposedSolution.codeFix) },
              { label: 'Database migration', value: given(incident.proposedSolution.dbMigration) },
              {
                label: 'Services to restart',
                value: given(incident.proposedSolution.servicesToRestart.join(', ')),
              },
            ],
          },
        ],
      },
      {
        title: 'Tests to run',
        blocks: [
          {
            kind: 'checklist',
            items: INCIDENT_CHECKLIST_ITEMS.map((item) => {
              const entry = incident.testChecklist[item];
              const by = entry?.by ? person(entry.by) : null;
              return {
                label: INCIDENT_CHECKLIST_LABELS[item],
                done: entry?.done ?? false,
                note: entry?.done && entry.at ? `${entry.at}${by ? ` by ${by}` : ''}` : null,
              };
            }),
          },
        ],
      },
      {
        title: 'Status',
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: 'Status', value: INCIDENT_STATUS_LABELS[incident.status] },
              { label: 'Assigned to', value: person(incident.assignee) },
              { label: 'Resolution date', value: incident.resolvedAt },
            ],
          },
        ],
      },
      {
        title: 'Response',
        blocks: [
          {
            kind: 'fields',
            fields: [
              { label: 'Service', value: incident.serviceName },
              { label: 'Incident commander', value: person(incident.commander) },
              { label: 'Communications lead', value: person(incident.communicationsLead) },
              {
                label: 'Responders',
                value: given(incident.responders.map((r) => person(r)).join(', ')),
              },
              {
                label: 'Acknowledged',
                value: incident.acknowledgedAt
                  ? `${incident.acknowledgedAt}${incident.acknowledgedBy ? ` by ${actor(incident.acknowledgedBy)}` : ''}`
                  : null,
              },
              {
                label: 'Closed',
                value: incident.closedAt
                  ? `${incident.closedAt}${incident.closedBy ? ` by ${actor(incident.closedBy)}` : ''}`
                  : null,
              },
              {
                label: 'Reopened',
                value: incident.reopenCount > 0 ? `${incident.reopenCount} times` : null,
              },
              ...INCIDENT_PHASES.filter((p) => incident.phases[p]).map((p) => ({
                label: `Phase: ${INCIDENT_PHASE_LABELS[p]}`,
                value: `${incident.phases[p]?.at} by ${incident.phases[p]?.by.name}`,
              })),
            ],
          },
        ],
      },
      {
        title: 'Timeline',
        blocks: [
          {
            kind: 'entries',
            items: timeline.map((e) => ({
              at: e.at,
              who: e.actor.name,
              text: e.pinned ? `${e.summary} (pinned)` : e.summary,
              body: given(e.body),
            })),
          },
        ],
      },
    ],
  };
}
