import {
  AbstractControl,
  FormArray,
  FormControl,
  FormGroup,
  ValidatorFn,
  Validators,
} from '@angular/forms';
import type {
  CreateIncidentRequest,
  IncidentClearableField,
  IncidentDetail,
  IncidentErrorType,
  IncidentReporterKind,
  IncidentSeverity,
  IncidentSheetFields,
  UpdateIncidentRequest,
} from '@hyperion/contracts';
import { INCIDENT_CLEARABLE_FIELDS, INCIDENT_RULES } from '@hyperion/contracts';

import { fromLocalInput, toLocalInput } from '../shared/format';

const R = INCIDENT_RULES;

export type StepGroup = FormGroup<{
  action: FormControl<string>;
  endpoint: FormControl<string>;
  parameters: FormControl<string>;
}>;

export type VersionGroup = FormGroup<{
  name: FormControl<string>;
  version: FormControl<string>;
}>;

/** A `datetime-local` value the browser can read ('' passes: pair with `required`). */
export const localDateTime: ValidatorFn = (control) =>
  control.value && fromLocalInput(String(control.value)) === null ? { dateTime: true } : null;

/** IPv4 (each part 0–255) or IPv6 ('' passes). */
export const ipAddress: ValidatorFn = (control) => {
  const value = String(control.value ?? '').trim();
  if (!value) return null;
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(value);
  if (v4) return v4.slice(1).every((part) => Number(part) <= 255) ? null : { ip: true };
  return /^[0-9a-fA-F:.]+$/.test(value) && value.includes(':') && value.length <= 45
    ? null
    : { ip: true };
};

/**
 * The title as it is sent (spaces around it are dropped): 1 to 200 characters on one line
 * (INCIDENT_RULES.titlePattern).
 */
export const titleRule: ValidatorFn = (control) => {
  const title = String(control.value ?? '').trim();
  return title.length > 0 && title.length <= R.titleMaxLength && R.titlePattern.test(title)
    ? null
    : { title: true };
};

/** At most `max` entries in a list control. */
export const listMax =
  (max: number): ValidatorFn =>
  (control) =>
    Array.isArray(control.value) && control.value.length > max ? { listMax: max } : null;

/** "Other" needs its text: required when the sibling `errorType` is `other`. */
const otherNeedsText: ValidatorFn = (control: AbstractControl) =>
  control.parent?.get('errorType')?.value === 'other' && !String(control.value ?? '').trim()
    ? { required: true }
    : null;

const text = (value: string | null | undefined, max: number = R.textMaxLength) =>
  new FormControl(value ?? '', { nonNullable: true, validators: Validators.maxLength(max) });

export function stepGroup(step?: Partial<IncidentDetail['reproductionSteps'][number]>): StepGroup {
  return new FormGroup({
    action: new FormControl(step?.action ?? '', {
      nonNullable: true,
      validators: [Validators.required, Validators.maxLength(R.stepTextMaxLength)],
    }),
    endpoint: text(step?.endpoint, R.shortMaxLength),
    parameters: text(step?.parameters, R.stepTextMaxLength),
  });
}

export function versionGroup(entry?: { name: string; version: string }): VersionGroup {
  const required = [Validators.required, Validators.maxLength(R.shortMaxLength)];
  return new FormGroup({
    name: new FormControl(entry?.name ?? '', { nonNullable: true, validators: required }),
    version: new FormControl(entry?.version ?? '', { nonNullable: true, validators: required }),
  });
}

/** The anomaly sheet as a form, in the document's order (filled from `incident` when editing). */
export function sheetForm(incident: IncidentDetail | null, reporterName: string) {
  const i = incident;
  return new FormGroup({
    title: new FormControl(i?.title ?? '', { nonNullable: true, validators: titleRule }),
    reportedAt: new FormControl(toLocalInput(i?.reportedAt ?? new Date().toISOString()), {
      nonNullable: true,
      validators: [Validators.required, localDateTime],
    }),
    reporterKind: new FormControl<IncidentReporterKind>(i?.reportedBy.kind ?? 'user', {
      nonNullable: true,
    }),
    reporterName: text(i ? i.reportedBy.name : reporterName, R.shortMaxLength),
    severity: new FormControl<IncidentSeverity | ''>(i?.severity ?? '', {
      nonNullable: true,
      validators: Validators.required,
    }),
    module: text(i?.module, R.moduleMaxLength),
    errorType: new FormControl<IncidentErrorType | ''>(i?.errorType ?? '', { nonNullable: true }),
    errorTypeOther: new FormControl(i?.errorTypeOther ?? '', {
      nonNullable: true,
      validators: [otherNeedsText, Validators.maxLength(R.shortMaxLength)],
    }),
    description: text(i?.description),
    steps: new FormArray<StepGroup>(
      (i?.reproductionSteps ?? []).map((step) => stepGroup(step)),
      { validators: listMax(R.stepsMax) },
    ),
    expectedBehaviour: text(i?.expectedBehaviour),
    observedBehaviour: text(i?.observedBehaviour),
    os: text(i?.environment.os, R.shortMaxLength),
    browser: text(i?.environment.browser, R.shortMaxLength),
    browserVersion: text(i?.environment.browserVersion, R.shortMaxLength),
    versions: new FormArray<VersionGroup>(
      (i?.environment.versions ?? []).map((entry) => versionGroup(entry)),
      { validators: listMax(R.versionsMax) },
    ),
    auditLogId: text(i?.technicalLogs.auditLogId, R.shortMaxLength),
    traceback: text(i?.technicalLogs.traceback, R.tracebackMaxLength),
    ipAddress: new FormControl(i?.technicalLogs.ipAddress ?? '', {
      nonNullable: true,
      validators: ipAddress,
    }),
    logTimestamp: new FormControl(toLocalInput(i?.technicalLogs.timestamp), {
      nonNullable: true,
      validators: localDateTime,
    }),
    failingComponent: text(i?.analysis.failingComponent),
    probableCause: text(i?.analysis.probableCause),
    userImpact: text(i?.analysis.userImpact),
    codeFix: text(i?.proposedSolution.codeFix),
    dbMigration: text(i?.proposedSolution.dbMigration),
    servicesToRestart: new FormControl<string[]>(
      [...(i?.proposedSolution.servicesToRestart ?? [])],
      {
        nonNullable: true,
        validators: listMax(R.servicesToRestartMax),
      },
    ),
    serviceId: new FormControl(i?.serviceId ?? '', { nonNullable: true }),
    assigneeId: new FormControl(i?.assignee?.userId ?? '', { nonNullable: true }),
    commanderId: new FormControl(i?.commander?.userId ?? '', { nonNullable: true }),
    communicationsLeadId: new FormControl(i?.communicationsLead?.userId ?? '', {
      nonNullable: true,
    }),
    responderIds: new FormControl<string[]>(
      (i?.responders ?? []).map((person) => person.userId),
      { nonNullable: true, validators: listMax(R.respondersMax) },
    ),
  });
}

export type SheetForm = ReturnType<typeof sheetForm>;
export type SheetValue = ReturnType<SheetForm['getRawValue']>;

const orNull = (value: string) => (value.trim() === '' ? null : value.trim());

/** An instant field: the value read when it was not touched (the field drops milliseconds). */
function instant(value: string, before: string | null | undefined): string | null {
  if (before && value === toLocalInput(before)) return before;
  return fromLocalInput(value);
}

/** Who the signed-in user is, to link the report to their account. */
export interface Me {
  readonly id: string;
  readonly username: string;
}

/** The request's fields of the form (`incident`: the sheet it edits, if any). */
export function sheetFields(
  value: SheetValue,
  me: Me | null,
  incident: IncidentDetail | null,
): IncidentSheetFields {
  const name = orNull(value.reporterName);
  let userId: string | null = null;
  if (value.reporterKind !== 'system') {
    if (incident && incident.reportedBy.userId && name === incident.reportedBy.name) {
      userId = incident.reportedBy.userId;
    } else if (me && name === me.username) {
      userId = me.id;
    }
  }
  return {
    title: value.title.trim(),
    severity: value.severity as IncidentSeverity,
    reportedAt: instant(value.reportedAt, incident?.reportedAt) ?? new Date().toISOString(),
    reportedBy: { kind: value.reporterKind, userId, name },
    module: orNull(value.module),
    errorType: value.errorType || null,
    errorTypeOther: value.errorType === 'other' ? orNull(value.errorTypeOther) : null,
    description: value.description.trim(),
    reproductionSteps: value.steps.map((step) => ({
      action: step.action.trim(),
      endpoint: orNull(step.endpoint),
      parameters: orNull(step.parameters),
    })),
    expectedBehaviour: orNull(value.expectedBehaviour),
    observedBehaviour: orNull(value.observedBehaviour),
    environment: {
      os: orNull(value.os),
      browser: orNull(value.browser),
      browserVersion: orNull(value.browserVersion),
      versions: value.versions.map((entry) => ({
        name: entry.name.trim(),
        version: entry.version.trim(),
      })),
    },
    technicalLogs: {
      auditLogId: orNull(value.auditLogId),
      // A traceback keeps its lines and indentation.
      traceback: value.traceback.trim() === '' ? null : value.traceback,
      ipAddress: orNull(value.ipAddress),
      timestamp: instant(value.logTimestamp, incident?.technicalLogs.timestamp),
    },
    analysis: {
      failingComponent: orNull(value.failingComponent),
      probableCause: orNull(value.probableCause),
      userImpact: orNull(value.userImpact),
    },
    proposedSolution: {
      codeFix: orNull(value.codeFix),
      dbMigration: orNull(value.dbMigration),
      servicesToRestart: [...value.servicesToRestart],
    },
    serviceId: value.serviceId || null,
    assigneeId: value.assigneeId || null,
    commanderId: value.commanderId || null,
    communicationsLeadId: value.communicationsLeadId || null,
    responderIds: [...value.responderIds],
  };
}

/** The sheet's fields as an incident holds them. */
export function fieldsOf(incident: IncidentDetail): IncidentSheetFields {
  return {
    title: incident.title,
    severity: incident.severity,
    reportedAt: incident.reportedAt,
    reportedBy: incident.reportedBy,
    module: incident.module,
    errorType: incident.errorType,
    errorTypeOther: incident.errorTypeOther,
    description: incident.description,
    reproductionSteps: incident.reproductionSteps,
    expectedBehaviour: incident.expectedBehaviour,
    observedBehaviour: incident.observedBehaviour,
    environment: incident.environment,
    technicalLogs: incident.technicalLogs,
    analysis: incident.analysis,
    proposedSolution: incident.proposedSolution,
    serviceId: incident.serviceId,
    assigneeId: incident.assignee?.userId ?? null,
    commanderId: incident.commander?.userId ?? null,
    communicationsLeadId: incident.communicationsLead?.userId ?? null,
    responderIds: incident.responders.map((person) => person.userId),
  };
}

/** The people fields: edited in the incident page's roles panel, not in the sheet's editor. */
export const PEOPLE_FIELDS = [
  'assigneeId',
  'commanderId',
  'communicationsLeadId',
  'responderIds',
] as const;

/** T with its nullable fields optional and never null, in nested objects and lists too. */
export type WithoutNulls<T> = T extends readonly (infer U)[]
  ? WithoutNulls<U>[]
  : T extends object
    ? { [K in keyof T as null extends T[K] ? never : K]: WithoutNulls<T[K]> } & {
        [K in keyof T as null extends T[K] ? K : never]?: WithoutNulls<Exclude<T[K], null>>;
      }
    : T;

/**
 * `value` as a request sends it: the API answers 400 to any `null` in a body, so empty fields
 * are left out (in nested objects and lists too).
 */
export function withoutNulls<T>(value: T): WithoutNulls<T> {
  const strip = (item: unknown): unknown => {
    if (Array.isArray(item)) return item.map(strip);
    if (item === null || typeof item !== 'object') return item;
    return Object.fromEntries(
      Object.entries(item)
        .filter(([, inner]) => inner !== null)
        .map(([key, inner]) => [key, strip(inner)]),
    );
  };
  return strip(value) as WithoutNulls<T>;
}

/** POST of a new sheet: the fields given, the empty ones left out. */
export function createRequest(fields: IncidentSheetFields): CreateIncidentRequest {
  return withoutNulls(fields);
}

const CLEARABLE: readonly string[] = INCIDENT_CLEARABLE_FIELDS;

/**
 * PATCH of an edited sheet: only the fields that changed (compared as JSON, the people left out),
 * with the version read; a field emptied is named in `clear` (the API refuses `null`); a nested
 * object given replaces the stored one whole, its empty members left out. Null when nothing
 * changed.
 */
export function sheetPatch(
  incident: IncidentDetail,
  next: IncidentSheetFields,
): UpdateIncidentRequest | null {
  const before = fieldsOf(incident);
  const patch: Record<string, unknown> = {};
  const clear: IncidentClearableField[] = [];
  for (const key of Object.keys(next) as (keyof IncidentSheetFields)[]) {
    if ((PEOPLE_FIELDS as readonly string[]).includes(key)) continue;
    if (JSON.stringify(next[key]) === JSON.stringify(before[key])) continue;
    const value = next[key];
    if (value === null) {
      if (CLEARABLE.includes(key)) clear.push(key as IncidentClearableField);
    } else {
      patch[key] = withoutNulls(value);
    }
  }
  if (Object.keys(patch).length === 0 && clear.length === 0) return null;
  return {
    ...(patch as Partial<UpdateIncidentRequest>),
    ...(clear.length > 0 ? { clear } : {}),
    version: incident.version,
  };
}

/** Which control shows a message of the API about `path` ("technicalLogs.ipAddress" → ipAddress). */
export function controlOfPath(path: string): string {
  const parts = path.replace(/\[(\d+)\]/g, '.$1').split('.');
  const [head, second] = parts;
  if (['environment', 'technicalLogs', 'analysis', 'proposedSolution'].includes(head) && second) {
    if (head === 'technicalLogs' && second === 'timestamp') return 'logTimestamp';
    return second;
  }
  if (head === 'reportedBy') return second === 'kind' ? 'reporterKind' : 'reporterName';
  if (head === 'reproductionSteps') return 'steps';
  return head;
}

/**
 * The API's messages of a refused save, each with the control it names (by its request path:
 * `title: …`, `technicalLogs.ipAddress must be …`), or null when it names none.
 */
export function messagesByControl(
  messages: readonly string[],
): { control: string | null; text: string }[] {
  return messages.map((message) => {
    const labelled = /^([A-Za-z][\w.[\]]*): (.+)$/s.exec(message);
    if (labelled) return { control: controlOfPath(labelled[1]), text: labelled[2] };
    const leading = /^([a-z][A-Za-z]*(?:[.[][\w.[\]]*)?) (.+)$/s.exec(message);
    if (leading && /[A-Z.[]/.test(leading[1])) {
      return { control: controlOfPath(leading[1]), text: message };
    }
    if (leading && ['title', 'severity', 'module', 'description'].includes(leading[1])) {
      return { control: leading[1], text: message };
    }
    return { control: null, text: message };
  });
}
