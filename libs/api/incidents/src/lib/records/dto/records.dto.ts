import type {
  ActionItemListQuery,
  ActionItemStatus,
  CreateActionItemRequest,
  PostmortemStatus,
  PostmortemTimelineLine,
  SavePostmortemRequest,
  UpdateActionItemRequest,
} from '@hyperion/contracts';
import { ACTION_ITEM_STATUSES, INCIDENT_RULES, POSTMORTEM_STATUSES } from '@hyperion/contracts';
import {
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  Min,
  ValidateIf,
} from 'class-validator';

import { DateTime, Id, NestedList, OneOf, Text } from '../../dto/dto-fields';

const R = INCIDENT_RULES;

/** One line of a post-mortem's timeline. */
export class PostmortemTimelineLineDto implements PostmortemTimelineLine {
  @DateTime('at')
  at!: string;

  @Text('text', R.stepTextMaxLength)
  text!: string;
}

const POSTMORTEM_VERSION = 'version: the version you read (0 for the first save)';

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

  @IsInt({ message: POSTMORTEM_VERSION })
  @Min(0, { message: POSTMORTEM_VERSION })
  @Max(2_147_483_647, { message: POSTMORTEM_VERSION })
  version!: number;
}

const DUE_DATE = 'dueDate: a day as YYYY-MM-DD';
const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** POST /api/v1/incidents/:id/action-items */
export class CreateActionItemDto implements CreateActionItemRequest {
  @Text('title', R.actionItemTitleMaxLength, {
    pattern: R.titlePattern,
    hint: `1 to ${R.actionItemTitleMaxLength} characters on one line, without leading or trailing spaces`,
  })
  title!: string;

  @Id('ownerId', 'a user id of a member of this organisation', { optional: true })
  ownerId?: string;

  @IsOptional()
  @IsString({ message: DUE_DATE })
  @Matches(DAY, { message: DUE_DATE })
  @IsISO8601({ strict: true }, { message: DUE_DATE })
  dueDate?: string;
}

const OWNER_OR_NONE =
  'ownerId: a user id (UUID) of a member of this organisation, or "" for nobody';
const DUE_OR_NONE = 'dueDate: a day as YYYY-MM-DD, or "" for none';

/**
 * PATCH /api/v1/incidents/action-items/:itemId: only what is given changes. The API takes no
 * null: "" clears the owner or the due date.
 */
export class UpdateActionItemDto implements Omit<UpdateActionItemRequest, 'ownerId' | 'dueDate'> {
  @Text('title', R.actionItemTitleMaxLength, {
    optional: true,
    pattern: R.titlePattern,
    hint: `1 to ${R.actionItemTitleMaxLength} characters on one line, without leading or trailing spaces`,
  })
  title?: string;

  @IsOptional()
  @IsString({ message: OWNER_OR_NONE })
  @ValidateIf((o: UpdateActionItemDto) => o.ownerId !== '')
  @IsUUID('all', { message: OWNER_OR_NONE })
  ownerId?: string;

  @IsOptional()
  @IsString({ message: DUE_OR_NONE })
  @ValidateIf((o: UpdateActionItemDto) => o.dueDate !== '')
  @Matches(DAY, { message: DUE_OR_NONE })
  @IsISO8601({ strict: true }, { message: DUE_OR_NONE })
  dueDate?: string;

  @OneOf('status', ACTION_ITEM_STATUSES, { optional: true })
  status?: ActionItemStatus;
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
