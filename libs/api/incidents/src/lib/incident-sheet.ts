import type {
  IncidentAnalysis,
  IncidentChecklist,
  IncidentClearableField,
  IncidentEnvironment,
  IncidentProposedSolution,
  IncidentReporter,
  IncidentSeverity,
  IncidentSheetFields,
  IncidentTechnicalLogs,
  ReproductionStep,
} from '@hyperion/contracts';
import { INCIDENT_CHECKLIST_ITEMS, INCIDENT_SEVERITIES } from '@hyperion/contracts';

import type { IncidentEntity } from './entities/incident.entity';

/**
 * The anomaly sheet between the API and the table (pure): requests become a whole sheet (absent
 * optional fields empty), a PATCH is applied field by field, and the fields that changed are
 * named. Nested objects (environment, technical logs …) are replaced whole.
 */

/** The sheet's fields in the order of the document. */
export const SHEET_FIELDS = [
  'title',
  'severity',
  'reportedAt',
  'reportedBy',
  'module',
  'errorType',
  'errorTypeOther',
  'description',
  'reproductionSteps',
  'expectedBehaviour',
  'observedBehaviour',
  'environment',
  'technicalLogs',
  'analysis',
  'proposedSolution',
  'serviceId',
  'assigneeId',
  'commanderId',
  'communicationsLeadId',
  'responderIds',
] as const satisfies readonly (keyof IncidentSheetFields)[];

export type SheetField = (typeof SHEET_FIELDS)[number];

/** The fields that are roles: a change is a `role_changed` line of its own. */
export const ROLE_FIELDS = [
  'assigneeId',
  'commanderId',
  'communicationsLeadId',
  'responderIds',
] as const satisfies readonly SheetField[];

export const severityRank = (severity: IncidentSeverity) => INCIDENT_SEVERITIES.indexOf(severity);

type Partially<T> = { [K in keyof T]?: T[K] | null | undefined };

/**
 * A sheet as a request gives it (the contract's request types, or the DTOs, where absent
 * optional fields are left out: the API refuses `null`).
 */
export interface SheetInput {
  title: string;
  severity: IncidentSeverity;
  reportedAt?: string | null;
  reportedBy?: (Partially<IncidentReporter> & Pick<IncidentReporter, 'kind'>) | null;
  module?: string | null;
  errorType?: IncidentSheetFields['errorType'];
  errorTypeOther?: string | null;
  description?: string | null;
  reproductionSteps?: Partially<ReproductionStep>[] | null;
  expectedBehaviour?: string | null;
  observedBehaviour?: string | null;
  environment?: Partially<IncidentEnvironment> | null;
  technicalLogs?: Partially<IncidentTechnicalLogs> | null;
  analysis?: Partially<IncidentAnalysis> | null;
  proposedSolution?: Partially<IncidentProposedSolution> | null;
  serviceId?: string | null;
  assigneeId?: string | null;
  commanderId?: string | null;
  communicationsLeadId?: string | null;
  responderIds?: string[] | null;
}

/** A PATCH: the fields given, and the optional ones to empty. */
export type SheetPatch = Partial<SheetInput> & { clear?: IncidentClearableField[] };

const orNull = <T>(value: T | null | undefined): T | null => value ?? null;

export const reporter = (r: Partially<IncidentReporter> & Pick<IncidentReporter, 'kind'>) => ({
  kind: r.kind,
  userId: orNull(r.userId),
  name: orNull(r.name),
});

export const steps = (list: Partially<ReproductionStep>[] | null | undefined): ReproductionStep[] =>
  (list ?? []).map((s) => ({
    action: s.action ?? '',
    endpoint: orNull(s.endpoint),
    parameters: orNull(s.parameters),
  }));

export const environment = (
  e: Partially<IncidentEnvironment> | null | undefined,
): IncidentEnvironment => ({
  os: orNull(e?.os),
  browser: orNull(e?.browser),
  browserVersion: orNull(e?.browserVersion),
  versions: (e?.versions ?? []).map((v) => ({ name: v.name, version: v.version })),
});

export const technicalLogs = (
  t: Partially<IncidentTechnicalLogs> | null | undefined,
): IncidentTechnicalLogs => ({
  auditLogId: orNull(t?.auditLogId),
  traceback: orNull(t?.traceback),
  ipAddress: orNull(t?.ipAddress),
  timestamp: orNull(t?.timestamp),
});

export const analysis = (a: Partially<IncidentAnalysis> | null | undefined): IncidentAnalysis => ({
  failingComponent: orNull(a?.failingComponent),
  probableCause: orNull(a?.probableCause),
  userImpact: orNull(a?.userImpact),
});

export const proposedSolution = (
  p: Partially<IncidentProposedSolution> | null | undefined,
): IncidentProposedSolution => ({
  codeFix: orNull(p?.codeFix),
  dbMigration: orNull(p?.dbMigration),
  servicesToRestart: [...(p?.servicesToRestart ?? [])],
});

export function emptyChecklist(): IncidentChecklist {
  return Object.fromEntries(
    INCIDENT_CHECKLIST_ITEMS.map((item) => [item, { done: false, at: null, by: null }]),
  ) as IncidentChecklist;
}

const iso = (value: string) => new Date(value).toISOString();

/**
 * The whole sheet of a create or a PUT: what is left out is empty, except reportedAt and
 * reportedBy, which take `base` (now and the caller on create; their stored values on PUT).
 */
export function fullSheet(
  request: SheetInput,
  base: { reportedAt: string; reportedBy: IncidentReporter },
): IncidentSheetFields {
  return {
    title: request.title,
    severity: request.severity,
    reportedAt: iso(request.reportedAt ?? base.reportedAt),
    reportedBy: reporter(request.reportedBy ?? base.reportedBy),
    module: orNull(request.module),
    errorType: orNull(request.errorType),
    errorTypeOther: orNull(request.errorTypeOther),
    description: request.description ?? '',
    reproductionSteps: steps(request.reproductionSteps),
    expectedBehaviour: orNull(request.expectedBehaviour),
    observedBehaviour: orNull(request.observedBehaviour),
    environment: environment(request.environment),
    technicalLogs: technicalLogs(request.technicalLogs),
    analysis: analysis(request.analysis),
    proposedSolution: proposedSolution(request.proposedSolution),
    serviceId: orNull(request.serviceId),
    assigneeId: orNull(request.assigneeId),
    commanderId: orNull(request.commanderId),
    communicationsLeadId: orNull(request.communicationsLeadId),
    responderIds: [...(request.responderIds ?? [])],
  };
}

/** `current` with the PATCH applied: the fields given replace theirs, `clear` empties others. */
export function patchedSheet(current: IncidentSheetFields, patch: SheetPatch): IncidentSheetFields {
  const given = <K extends SheetField>(key: K) => patch[key] !== undefined && patch[key] !== null;
  const next: IncidentSheetFields = { ...current };
  const set = <K extends SheetField>(
    key: K,
    map: (v: NonNullable<(typeof patch)[K]>) => IncidentSheetFields[K],
  ) => {
    if (given(key)) next[key] = map(patch[key] as NonNullable<(typeof patch)[K]>);
  };
  set('title', (v) => v);
  set('severity', (v) => v);
  set('reportedAt', iso);
  set('reportedBy', reporter);
  set('module', (v) => v);
  set('errorType', (v) => v);
  set('errorTypeOther', (v) => v);
  set('description', (v) => v);
  set('reproductionSteps', steps);
  set('expectedBehaviour', (v) => v);
  set('observedBehaviour', (v) => v);
  set('environment', environment);
  set('technicalLogs', technicalLogs);
  set('analysis', analysis);
  set('proposedSolution', proposedSolution);
  set('serviceId', (v) => v);
  set('assigneeId', (v) => v);
  set('commanderId', (v) => v);
  set('communicationsLeadId', (v) => v);
  set('responderIds', (v) => [...v]);
  for (const field of patch.clear ?? []) next[field] = null;
  return next;
}

/** The sheet as stored in an incident row (normalised, so equal sheets compare equal). */
export function sheetOf(row: IncidentEntity): IncidentSheetFields {
  return {
    title: row.title,
    severity: row.severity,
    reportedAt: row.reportedAt.toISOString(),
    reportedBy: reporter({
      kind: row.reporterKind,
      userId: row.reporterUserId,
      name: row.reporterName,
    }),
    module: row.module,
    errorType: row.errorType,
    errorTypeOther: row.errorTypeOther,
    description: row.description,
    reproductionSteps: steps(row.reproductionSteps),
    expectedBehaviour: row.expectedBehaviour,
    observedBehaviour: row.observedBehaviour,
    environment: environment(row.environment),
    technicalLogs: technicalLogs(row.technicalLogs),
    analysis: analysis(row.analysis),
    proposedSolution: proposedSolution(row.proposedSolution),
    serviceId: row.serviceId,
    assigneeId: row.assigneeId,
    commanderId: row.commanderId,
    communicationsLeadId: row.communicationsLeadId,
    responderIds: [...row.responderIds],
  };
}

/** The columns of a sheet. */
export function sheetColumns(sheet: IncidentSheetFields) {
  return {
    title: sheet.title,
    severity: sheet.severity,
    severityRank: severityRank(sheet.severity),
    reportedAt: new Date(sheet.reportedAt),
    reporterKind: sheet.reportedBy.kind,
    reporterUserId: sheet.reportedBy.userId,
    reporterName: sheet.reportedBy.name,
    module: sheet.module,
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
    serviceId: sheet.serviceId,
    assigneeId: sheet.assigneeId,
    commanderId: sheet.commanderId,
    communicationsLeadId: sheet.communicationsLeadId,
    responderIds: sheet.responderIds,
  } satisfies Partial<IncidentEntity>;
}

/** The fields whose value differs between two sheets, in the order of the document. */
export function changedFields(
  before: IncidentSheetFields,
  after: IncidentSheetFields,
): SheetField[] {
  return SHEET_FIELDS.filter((f) => JSON.stringify(before[f]) !== JSON.stringify(after[f]));
}
