import type {
  ActionItemClearableField,
  ActionItemListQuery,
  ActionItemStatus,
  CreateActionItemRequest,
  PostmortemStatus,
  PostmortemTimelineLine,
  SavePostmortemRequest,
  UpdateActionItemRequest,
} from '@hyperion/contracts';
import {
  ACTION_ITEM_CLEARABLE_FIELDS,
  ACTION_ITEM_STATUSES,
  INCIDENT_RULES,
  POSTMORTEM_STATUSES,
} from '@hyperion/contracts';
import { IsIn, isISO8601, IsOptional, isUUID } from 'class-validator';

import {
  DateTime,
  Id,
  ListOf,
  NestedList,
  OneOf,
  Rule,
  Text,
  WholeNumber,
} from '../../dto/dto-fields';

const R = INCIDENT_RULES;

/** One line of a post-mortem's timeline. */
export class PostmortemTimelineLineDto implements PostmortemTimelineLine {
  @DateTime('at')
  at!: string;

  @Text('text', R.stepTextMaxLength)
  text!: string;
}

/** PUT /api/v1/incidents/:id/postmortem: the whole post-mortem and the version read. */
export class SavePostmortemDto implements SavePostmortemRequest {
  @Text('summary', R.postmortemTextMaxLength, { min: 0 })
  summary!: string;

  @Text('rootCause', R.postmortemTextMaxLength, { min: 0 })
  rootCause!: string;

  @Text('impact', R.postmortemTextMaxLength, { min: 0 })
  impact!: string;

  @NestedList(
    'timeline',
    () => PostmortemTimelineLineDto,
    R.postmortemTimelineMax,
    'lines {at, text}',
  )
  timeline!: PostmortemTimelineLineDto[];

  @Text('wentWell', R.postmortemTextMaxLength, { min: 0 })
  wentWell!: string;

  @Text('wentBadly', R.postmortemTextMaxLength, { min: 0 })
  wentBadly!: string;

  @OneOf('status', POSTMORTEM_STATUSES)
  status!: PostmortemStatus;

  @WholeNumber(0, 2_147_483_647, 'version: the version you read (0 for the first save)')
  version!: number;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const ACTION_ITEM_TITLE = `1 to ${R.actionItemTitleMaxLength} characters on one line, without leading or trailing spaces`;

/** `what` of `field`; "" is refused with the way to empty it (the API takes neither "" nor null). */
const orClear = (field: string, what: string) => (value: unknown) =>
  value === ''
    ? `${field}: ${what}; to remove it, name ${field} in clear instead of ""`
    : `${field}: ${what}`;

/** A day, YYYY-MM-DD. */
const Day = (field: string) =>
  Rule(
    'day',
    (value) => typeof value === 'string' && DAY.test(value) && isISO8601(value, { strict: true }),
    orClear(field, 'a day as YYYY-MM-DD'),
  );

/** The user id of a member of the organisation (whether it is one, the service checks). */
const Owner = (field: string) =>
  Rule(
    'owner',
    (value) => typeof value === 'string' && isUUID(value, 'all'),
    orClear(field, 'the user id (UUID) of a member of this organisation'),
  );

/** POST /api/v1/incidents/:id/action-items: owner and due date left out when there is none. */
export class CreateActionItemDto implements CreateActionItemRequest {
  @Text('title', R.actionItemTitleMaxLength, { pattern: R.titlePattern, hint: ACTION_ITEM_TITLE })
  title!: string;

  @IsOptional()
  @Owner('ownerId')
  ownerId?: string;

  @IsOptional()
  @Day('dueDate')
  dueDate?: string;
}

/**
 * PATCH /api/v1/incidents/action-items/:itemId: only what is given changes; `clear` empties the
 * owner or the due date (the API takes neither null nor "").
 */
export class UpdateActionItemDto implements UpdateActionItemRequest {
  @Text('title', R.actionItemTitleMaxLength, {
    optional: true,
    pattern: R.titlePattern,
    hint: ACTION_ITEM_TITLE,
  })
  title?: string;

  @IsOptional()
  @Owner('ownerId')
  ownerId?: string;

  @IsOptional()
  @Day('dueDate')
  dueDate?: string;

  @OneOf('status', ACTION_ITEM_STATUSES, { optional: true })
  status?: ActionItemStatus;

  @ListOf('clear', ACTION_ITEM_CLEARABLE_FIELDS, { optional: true, what: 'fields' })
  clear?: ActionItemClearableField[];
}

/** GET /api/v1/incidents/action-items */
export class ActionItemListQueryDto implements Omit<ActionItemListQuery, 'overdue'> {
  @OneOf('status', ACTION_ITEM_STATUSES, { optional: true })
  status?: ActionItemStatus;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'overdue: true or false' })
  overdue?: 'true' | 'false';

  @Id('ownerId', 'a user id', { optional: true })
  ownerId?: string;
}

/** GET /api/v1/incidents/stats: bounds on reportedAt (default: the last 12 months). */
export class IncidentStatsQueryDto {
  @DateTime('from', { optional: true })
  from?: string;

  @DateTime('to', { optional: true })
  to?: string;
}
