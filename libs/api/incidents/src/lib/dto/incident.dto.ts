import type {
  CreateIncidentRequest,
  IncidentAnalysisRequest,
  IncidentClearableField,
  IncidentEnvironmentRequest,
  IncidentErrorType,
  IncidentProposedSolutionRequest,
  IncidentReporterKind,
  IncidentReporterRequest,
  IncidentSeverity,
  IncidentTechnicalLogsRequest,
  ReproductionStepRequest,
  UpdateIncidentRequest,
} from '@hyperion/contracts';
import {
  INCIDENT_CLEARABLE_FIELDS,
  INCIDENT_ERROR_TYPES,
  INCIDENT_REPORTER_KINDS,
  INCIDENT_RULES,
  INCIDENT_SEVERITIES,
} from '@hyperion/contracts';
import { PartialType } from '@nestjs/swagger';
import { IsIP, IsOptional, isUUID, ValidateIf } from 'class-validator';

import type { SheetInput, SheetPatch } from '../incident-sheet';
import {
  DateTime,
  Id,
  ListOf,
  Nested,
  NestedList,
  OneOf,
  Rule,
  Text,
  TextList,
  Version,
} from './dto-fields';

const R = INCIDENT_RULES;

// ---------------------------------------------------------------------------------------------
// The sheet's nested parts (absent optional fields are stored as null)
// ---------------------------------------------------------------------------------------------

export class IncidentReporterDto implements IncidentReporterRequest {
  @OneOf('kind', INCIDENT_REPORTER_KINDS)
  kind!: IncidentReporterKind;

  @Id('userId', 'a member of the organisation', { optional: true })
  userId?: string;

  @Text('name', R.shortMaxLength, { optional: true })
  name?: string;
}

export class ReproductionStepDto implements ReproductionStepRequest {
  @Text('action', R.stepTextMaxLength)
  action!: string;

  @Text('endpoint', R.stepTextMaxLength, { optional: true })
  endpoint?: string;

  @Text('parameters', R.stepTextMaxLength, { optional: true })
  parameters?: string;
}

export class ComponentVersionDto {
  @Text('name', R.shortMaxLength)
  name!: string;

  @Text('version', R.shortMaxLength)
  version!: string;
}

export class IncidentEnvironmentDto implements IncidentEnvironmentRequest {
  @Text('os', R.shortMaxLength, { optional: true })
  os?: string;

  @Text('browser', R.shortMaxLength, { optional: true })
  browser?: string;

  @Text('browserVersion', R.shortMaxLength, { optional: true })
  browserVersion?: string;

  @NestedList('versions', () => ComponentVersionDto, R.versionsMax, 'versions { name, version }', {
    optional: true,
  })
  versions?: ComponentVersionDto[];
}

export class IncidentTechnicalLogsDto implements IncidentTechnicalLogsRequest {
  @Text('auditLogId', 19, {
    optional: true,
    pattern: /^\d+$/,
    hint: 'the id of an audit entry (digits)',
  })
  auditLogId?: string;

  @Text('traceback', R.tracebackMaxLength, { optional: true })
  traceback?: string;

  @IsOptional()
  @IsIP(undefined, { message: 'ipAddress: an IPv4 or IPv6 address' })
  ipAddress?: string;

  @DateTime('timestamp', { optional: true })
  timestamp?: string;
}

export class IncidentAnalysisDto implements IncidentAnalysisRequest {
  @Text('failingComponent', R.shortMaxLength, { optional: true })
  failingComponent?: string;

  @Text('probableCause', R.textMaxLength, { optional: true })
  probableCause?: string;

  @Text('userImpact', R.textMaxLength, { optional: true })
  userImpact?: string;
}

export class IncidentProposedSolutionDto implements IncidentProposedSolutionRequest {
  @Text('codeFix', R.textMaxLength, { optional: true })
  codeFix?: string;

  @Text('dbMigration', R.textMaxLength, { optional: true })
  dbMigration?: string;

  @TextList('servicesToRestart', R.servicesToRestartMax, R.shortMaxLength, { optional: true })
  servicesToRestart?: string[];
}

// ---------------------------------------------------------------------------------------------
// Create, replace (PUT), update (PATCH)
// ---------------------------------------------------------------------------------------------

const ERROR_TYPE_OTHER_HINT = `1 to ${R.shortMaxLength} characters, required when errorType is other`;

/**
 * POST /api/v1/incidents: the anomaly sheet. Title and severity are required; reportedAt
 * defaults to now, reportedBy to the caller, the rest to empty. Unknown fields are refused (the
 * app's ValidationPipe), nested ones too. Whether the module is one of the organisation's and
 * the people are its members is the service's business (it needs the database).
 */
export class CreateIncidentDto implements SheetInput, CreateIncidentRequest {
  @Text('title', R.titleMaxLength, { pattern: R.titlePattern, hint: R.titleHint })
  title!: string;

  @OneOf('severity', INCIDENT_SEVERITIES)
  severity!: IncidentSeverity;

  @DateTime('reportedAt', { optional: true })
  reportedAt?: string;

  @Nested('reportedBy', () => IncidentReporterDto, '{ kind, userId, name }', { optional: true })
  reportedBy?: IncidentReporterDto;

  @Text('module', R.moduleMaxLength, { optional: true, hint: "one of the organisation's modules" })
  module?: string;

  @OneOf('errorType', INCIDENT_ERROR_TYPES, { optional: true })
  errorType?: IncidentErrorType;

  /** Required when errorType is `other`. */
  @ValidateIf((o: CreateIncidentDto) => o.errorType === 'other' || o.errorTypeOther !== undefined)
  @Text('errorTypeOther', R.shortMaxLength, { hint: ERROR_TYPE_OTHER_HINT })
  errorTypeOther?: string;

  @Text('description', R.textMaxLength, { optional: true, min: 0 })
  description?: string;

  @NestedList(
    'reproductionSteps',
    () => ReproductionStepDto,
    R.stepsMax,
    'steps { action, endpoint, parameters }',
    { optional: true },
  )
  reproductionSteps?: ReproductionStepDto[];

  @Text('expectedBehaviour', R.textMaxLength, { optional: true, min: 0 })
  expectedBehaviour?: string;

  @Text('observedBehaviour', R.textMaxLength, { optional: true, min: 0 })
  observedBehaviour?: string;

  @Nested(
    'environment',
    () => IncidentEnvironmentDto,
    '{ os, browser, browserVersion, versions }',
    {
      optional: true,
    },
  )
  environment?: IncidentEnvironmentDto;

  @Nested(
    'technicalLogs',
    () => IncidentTechnicalLogsDto,
    '{ auditLogId, traceback, ipAddress, timestamp }',
    { optional: true },
  )
  technicalLogs?: IncidentTechnicalLogsDto;

  @Nested(
    'analysis',
    () => IncidentAnalysisDto,
    '{ failingComponent, probableCause, userImpact }',
    {
      optional: true,
    },
  )
  analysis?: IncidentAnalysisDto;

  @Nested(
    'proposedSolution',
    () => IncidentProposedSolutionDto,
    '{ codeFix, dbMigration, servicesToRestart }',
    { optional: true },
  )
  proposedSolution?: IncidentProposedSolutionDto;

  @Id('serviceId', 'a service id', { optional: true })
  serviceId?: string;

  @Id('assigneeId', 'a member of the organisation', { optional: true })
  assigneeId?: string;

  @Id('commanderId', 'a member of the organisation', { optional: true })
  commanderId?: string;

  @Id('communicationsLeadId', 'a member of the organisation', { optional: true })
  communicationsLeadId?: string;

  @IsOptional()
  @Rule(
    'responders',
    (value) =>
      Array.isArray(value) &&
      value.length <= R.respondersMax &&
      new Set(value).size === value.length,
    `responderIds: a list of at most ${R.respondersMax} distinct user ids`,
  )
  @Rule(
    'responderIds',
    (value) =>
      !Array.isArray(value) || value.every((id) => typeof id === 'string' && isUUID(id, 'all')),
    'responderIds: members of the organisation (UUIDs)',
  )
  responderIds?: string[];
}

/** PUT /api/v1/incidents/:id: the whole sheet (fields left out are cleared), with the version read. */
export class ReplaceIncidentDto extends CreateIncidentDto {
  @Version()
  version!: number;
}

/** PATCH /api/v1/incidents/:id: only the fields given change; `clear` empties optional ones. */
export class UpdateIncidentDto
  extends PartialType(CreateIncidentDto)
  implements SheetPatch, UpdateIncidentRequest
{
  @Version()
  version!: number;

  @ListOf('clear', INCIDENT_CLEARABLE_FIELDS, { optional: true, what: 'fields' })
  clear?: IncidentClearableField[];
}
