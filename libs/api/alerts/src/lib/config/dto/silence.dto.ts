import type { CreateSilenceRequest, LabelMatcher, SilenceRecurrence } from '@hyperion/contracts';
import { ALERT_RULES } from '@hyperion/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  Length,
  Matches,
} from 'class-validator';

const COMMENT_MESSAGE = `comment: 1 to ${ALERT_RULES.silenceCommentMax} characters, not only spaces`;
const MATCHERS_MESSAGE = `matchers: a list of 1 to ${ALERT_RULES.matchersMax} matchers { name, op, value }`;

/**
 * POST /api/v1/alerts/silences. The service checks each matcher, the recurrence (RRULE, time
 * zone, duration) and the dates (`endsAt` after `startsAt`, at most a year ahead).
 */
export class CreateSilenceDto implements CreateSilenceRequest {
  @IsString({ message: COMMENT_MESSAGE })
  @Length(1, ALERT_RULES.silenceCommentMax, { message: COMMENT_MESSAGE })
  @Matches(/\S/, { message: COMMENT_MESSAGE })
  comment!: string;

  @IsArray({ message: MATCHERS_MESSAGE })
  @ArrayMinSize(1, { message: MATCHERS_MESSAGE })
  @ArrayMaxSize(ALERT_RULES.matchersMax, { message: MATCHERS_MESSAGE })
  matchers!: LabelMatcher[];

  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'startsAt: an ISO 8601 date and time' })
  startsAt?: string;

  @IsISO8601({ strict: true }, { message: 'endsAt: an ISO 8601 date and time' })
  endsAt!: string;

  @IsOptional()
  @IsObject({ message: 'recurrence: an object { rrule, durationMinutes, timeZone }' })
  recurrence?: SilenceRecurrence;
}

export const SILENCE_STATUS_FILTERS = ['active', 'pending', 'expired', 'all'] as const;
export type SilenceStatusFilter = (typeof SILENCE_STATUS_FILTERS)[number];

/** GET /api/v1/alerts/silences?status=…: by default, those not yet expired. */
export class SilenceListQueryDto {
  @ApiPropertyOptional({ enum: SILENCE_STATUS_FILTERS })
  @IsOptional()
  @IsIn(SILENCE_STATUS_FILTERS, {
    message: `status: one of ${SILENCE_STATUS_FILTERS.join(', ')}`,
  })
  status?: SilenceStatusFilter;
}
