import type {
  IncidentAlertLink,
  IncidentAttachment,
  IncidentDetail,
  IncidentPerson,
  IncidentSummary,
} from '@hyperion/contracts';

import { IncidentEntity } from './entities/incident.entity';
import { allowedActions } from './incident-lifecycle';
import { sheetOf } from './incident-sheet';

/** The names an incident shows: its people and its service. */
export interface IncidentNames {
  people: Map<string, IncidentPerson>;
  services: Map<string, string>;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

/** A person by id: their username, or null once the account is gone. */
const person = (names: IncidentNames, id: string | null): IncidentPerson | null =>
  id ? (names.people.get(id) ?? { userId: id, name: null }) : null;

/** One incident in a list (and in `incidents:changed`). */
export function toIncidentSummary(row: IncidentEntity, names: IncidentNames): IncidentSummary {
  return {
    id: row.id,
    number: row.number,
    title: row.title,
    status: row.status,
    severity: row.severity,
    module: row.module,
    serviceId: row.serviceId,
    serviceName: row.serviceId ? (names.services.get(row.serviceId) ?? null) : null,
    assignee: person(names, row.assigneeId),
    reportedAt: row.reportedAt.toISOString(),
    acknowledgedAt: iso(row.acknowledgedAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
    alertCount: row.alertCount,
    version: row.version,
  };
}

/** The whole sheet and where it stands. */
export function toIncidentDetail(
  row: IncidentEntity,
  names: IncidentNames,
  records: {
    alerts: IncidentAlertLink[];
    attachments: IncidentAttachment[];
    hasPostmortem: boolean;
  },
): IncidentDetail {
  const sheet = sheetOf(row);
  return {
    ...toIncidentSummary(row, names),
    reportedBy: sheet.reportedBy,
    errorType: sheet.errorType,
    errorTypeOther: sheet.errorTypeOther,
    description: sheet.description,
    reproductionSteps: sheet.reproductionSteps,
    expectedBehaviour: sheet.expectedBehaviour,
    observedBehaviour: sheet.observedBehaviour,
    environment: sheet.environment,
    technicalLogs: sheet.technicalLogs,
    analysis: sheet.analysis,
    proposedSolution: sheet.proposedSolution,
    testChecklist: row.testChecklist,
    commander: person(names, row.commanderId),
    communicationsLead: person(names, row.communicationsLeadId),
    responders: row.responderIds.map((id) => person(names, id) as IncidentPerson),
    acknowledgedBy: row.acknowledgedBy,
    startedAt: iso(row.startedAt),
    startedBy: row.startedBy,
    resolvedBy: row.resolvedBy,
    closedBy: row.closedBy,
    reopenedAt: iso(row.reopenedAt),
    reopenedBy: row.reopenedBy,
    reopenCount: row.reopenCount,
    phases: row.phases,
    allowedActions: allowedActions(row.status),
    alerts: records.alerts,
    attachments: records.attachments,
    hasPostmortem: records.hasPostmortem,
  };
}

/** Every person an incident names (for one lookup of their usernames). */
export const peopleOf = (row: IncidentEntity) => [
  row.assigneeId,
  row.commanderId,
  row.communicationsLeadId,
  row.reporterUserId,
  ...row.responderIds,
];
