import { OptionalQueryInteger } from '@hyperion/api/core';
import type {
  AlertActionRequest,
  AlertBulkActionRequest,
  AlertListQuery,
  AlertSeverity,
  AlertState,
} from '@hyperion/contracts';
import { ALERT_RULES, ALERT_SEVERITIES, ALERT_STATES } from '@hyperion/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const STATES = [...ALERT_STATES, 'open'] as const;
const ACTIONS = ['acknowledge', 'resolve', 'snooze'] as const;

export class AlertListQueryDto implements AlertListQuery {
  @IsOptional()
  @IsIn(STATES, { message: `state must be one of ${STATES.join(', ')}` })
  state?: AlertState | 'open';

  @IsOptional()
  @IsIn(ALERT_SEVERITIES, { message: `severity must be one of ${ALERT_SEVERITIES.join(', ')}` })
  severity?: AlertSeverity;

  @IsOptional()
  @IsUUID('all', { message: 'serviceId must be a UUID' })
  serviceId?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'suppressed must be true or false' })
  suppressed?: 'true' | 'false';

  @IsOptional()
  @IsString()
  @MaxLength(200, { message: 'q must be at most 200 characters' })
  q?: string;

  @OptionalQueryInteger(1, ALERT_RULES.listLimitMax)
  limit?: number;

  @OptionalQueryInteger(0, 1_000_000)
  offset?: number;
}

const MINUTES = `minutes must be an integer between 1 and ${ALERT_RULES.snoozeMinutesMax}`;

export class AlertActionDto implements AlertActionRequest {
  @IsIn(ACTIONS, { message: `action must be one of ${ACTIONS.join(', ')}` })
  action!: AlertActionRequest['action'];

  @IsOptional()
  @IsInt({ message: MINUTES })
  @Min(1, { message: MINUTES })
  @Max(ALERT_RULES.snoozeMinutesMax, { message: MINUTES })
  minutes?: number;
}

export class AlertBulkActionDto extends AlertActionDto implements AlertBulkActionRequest {
  @IsArray({ message: 'ids must be an array of alert ids' })
  @ArrayMinSize(1, { message: 'ids: give at least one alert id' })
  @ArrayMaxSize(ALERT_RULES.bulkMax, {
    message: `ids: at most ${ALERT_RULES.bulkMax} alerts at once`,
  })
  @IsUUID('all', { each: true, message: 'ids must contain alert ids (UUIDs)' })
  ids!: string[];
}

export class MonthQueryDto {
  @IsString({ message: 'month must be YYYY-MM, e.g. 2025-01' })
  @Matches(ALERT_RULES.monthPattern, { message: 'month must be YYYY-MM, e.g. 2025-01' })
  month!: string;
}

export class TrendQueryDto {
  @OptionalQueryInteger(1, ALERT_RULES.trendMonthsMax)
  months?: number;

  @IsOptional()
  @IsString({ message: 'to must be YYYY-MM, e.g. 2025-01' })
  @Matches(ALERT_RULES.monthPattern, { message: 'to must be YYYY-MM, e.g. 2025-01' })
  to?: string;
}
