import type {
  NotificationChannelKind,
  NotificationPreferences,
  NotificationRule,
} from '@hyperion/contracts';
import { NOTIFICATION_CHANNEL_KINDS, ON_CALL_RULES } from '@hyperion/contracts';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  Matches,
  Max,
  Min,
  ValidateNested,
} from 'class-validator';

const RULES_MESSAGE = (field: string) =>
  `${field}: a list of at most ${ON_CALL_RULES.rulesMax} rules`;

export class NotificationRuleDto implements NotificationRule {
  @IsInt({ message: 'delayMinutes: a whole number of minutes' })
  @Min(0, { message: 'delayMinutes: 0 or more' })
  @Max(ON_CALL_RULES.delayMinutesMax, {
    message: `delayMinutes: at most ${ON_CALL_RULES.delayMinutesMax}`,
  })
  delayMinutes!: number;

  @IsIn(NOTIFICATION_CHANNEL_KINDS, {
    message: `kind: one of ${NOTIFICATION_CHANNEL_KINDS.join(', ')}`,
  })
  kind!: NotificationChannelKind;
}

export class QuietHoursDto {
  @Matches(ON_CALL_RULES.timeOfDayPattern, { message: 'quietHours.from: HH:MM (24-hour)' })
  from!: string;

  @Matches(ON_CALL_RULES.timeOfDayPattern, { message: 'quietHours.to: HH:MM (24-hour)' })
  to!: string;
}

/** PUT …/notification-rules: the whole preferences (the contact id comes from the path). */
export class UpdatePreferencesDto implements Omit<NotificationPreferences, 'contactId'> {
  @IsArray({ message: RULES_MESSAGE('highUrgency') })
  @ArrayMaxSize(ON_CALL_RULES.rulesMax, { message: RULES_MESSAGE('highUrgency') })
  @ValidateNested({ each: true })
  @Type(() => NotificationRuleDto)
  highUrgency!: NotificationRuleDto[];

  @IsArray({ message: RULES_MESSAGE('lowUrgency') })
  @ArrayMaxSize(ON_CALL_RULES.rulesMax, { message: RULES_MESSAGE('lowUrgency') })
  @ValidateNested({ each: true })
  @Type(() => NotificationRuleDto)
  lowUrgency!: NotificationRuleDto[];

  @IsOptional()
  @ValidateNested()
  @Type(() => QuietHoursDto)
  quietHours!: QuietHoursDto | null;
}
