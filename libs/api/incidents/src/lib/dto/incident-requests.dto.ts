import { OptionalQueryInteger } from '@hyperion/api/core';
import type {
  IncidentActionRequest,
  IncidentChecklistRequest,
  IncidentCommentRequest,
  IncidentListQuery,
  IncidentNoteRequest,
  IncidentPhaseRequest,
  IncidentPinRequest,
  IncidentSort,
} from '@hyperion/contracts';
import {
  INCIDENT_RULES,
  INCIDENT_SEVERITIES,
  INCIDENT_SORTS,
  INCIDENT_STATUSES,
} from '@hyperion/contracts';
import { IsBoolean, IsOptional } from 'class-validator';

import { DateTime, Id, OneOf, Rule, Text, Version } from './dto-fields';

const R = INCIDENT_RULES;

/** `a,b,c` where each is one of `values`. */
const commaList = (values: readonly string[]) =>
  new RegExp(`^(?:${values.join('|')})(?:,(?:${values.join('|')}))*$`);
const STATUS_LIST = commaList(INCIDENT_STATUSES);
const SEVERITY_LIST = commaList(INCIDENT_SEVERITIES);

/** GET /api/v1/incidents: filters, search, sort and the keyset cursor. */
export class IncidentListQueryDto implements IncidentListQuery {
  @IsOptional()
  @Rule(
    'statuses',
    (value) => typeof value === 'string' && STATUS_LIST.test(value),
    `status: comma-separated among ${INCIDENT_STATUSES.join(', ')}`,
  )
  status?: string;

  @IsOptional()
  @Rule(
    'severities',
    (value) => typeof value === 'string' && SEVERITY_LIST.test(value),
    `severity: comma-separated among ${INCIDENT_SEVERITIES.join(', ')}`,
  )
  severity?: string;

  @Text('module', R.moduleMaxLength, { optional: true })
  module?: string;

  @Id('serviceId', 'a service id', { optional: true })
  serviceId?: string;

  @Id('assigneeId', 'a user id', { optional: true })
  assigneeId?: string;

  @Text('q', R.searchMaxLength, { optional: true })
  q?: string;

  @DateTime('from', { optional: true })
  from?: string;

  @DateTime('to', { optional: true })
  to?: string;

  @OneOf('sort', INCIDENT_SORTS, { optional: true })
  sort?: IncidentSort;

  @Text('cursor', 512, { optional: true, min: 0, hint: 'the nextCursor of the previous page' })
  cursor?: string;

  @OptionalQueryInteger(1, R.listLimitMax)
  limit?: number;
}

/** POST /api/v1/incidents/:id/<action>: all optional. */
export class IncidentActionDto implements IncidentActionRequest {
  @Version({ optional: true })
  version?: number;

  @Text('note', R.commentMaxLength, { optional: true })
  note?: string;

  @IsOptional()
  @IsBoolean({ message: 'resolveAlerts: true or false' })
  resolveAlerts?: boolean;
}

export class IncidentChecklistDto implements IncidentChecklistRequest {
  @IsBoolean({ message: 'done: true or false' })
  done!: boolean;
}

export class IncidentPhaseDto implements IncidentPhaseRequest {
  @DateTime('at', { optional: true })
  at?: string;
}

/** Not blank: at least one character that is not a space. */
const NOT_BLANK = /\S/;

export class IncidentCommentDto implements IncidentCommentRequest {
  @Text('body', R.commentMaxLength, { pattern: NOT_BLANK })
  body!: string;
}

export class IncidentNoteDto implements IncidentNoteRequest {
  @Text('body', R.commentMaxLength, { pattern: NOT_BLANK })
  body!: string;

  @DateTime('at', { optional: true })
  at?: string;
}

export class IncidentPinDto implements IncidentPinRequest {
  @IsBoolean({ message: 'pinned: true or false' })
  pinned!: boolean;
}
