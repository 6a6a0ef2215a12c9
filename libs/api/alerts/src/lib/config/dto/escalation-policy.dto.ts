import type {
  CreateEscalationPolicyRequest,
  EscalationLevel,
  UpdateEscalationPolicyRequest,
} from '@hyperion/contracts';
import { ALERT_RULES, SERVICE_RULES } from '@hyperion/contracts';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsInt,
  IsOptional,
  IsString,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const NAME_MESSAGE = `name: ${SERVICE_RULES.nameHint}`;
const DESCRIPTION_MESSAGE = `description: text of at most ${SERVICE_RULES.descriptionMax} characters`;
const REPEAT_MESSAGE = `repeat: a whole number from 0 to ${ALERT_RULES.repeatMax}`;
const LEVELS_MESSAGE = `levels: a list of 1 to ${ALERT_RULES.levelsMax} levels`;

/**
 * POST /api/v1/alerts/escalation-policies. Each level's fields (name, delayMinutes increasing
 * from level to level, targets that exist, channel kinds) are checked by the service, which names
 * the field (`levels[1].targets[0].id`).
 */
export class CreateEscalationPolicyDto implements CreateEscalationPolicyRequest {
  @IsString({ message: NAME_MESSAGE })
  @Length(1, SERVICE_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(SERVICE_RULES.namePattern, { message: NAME_MESSAGE })
  name!: string;

  @IsOptional()
  @IsString({ message: DESCRIPTION_MESSAGE })
  @MaxLength(SERVICE_RULES.descriptionMax, { message: DESCRIPTION_MESSAGE })
  description?: string;

  @IsOptional()
  @IsBoolean({ message: 'isDefault: true or false' })
  isDefault?: boolean;

  @IsOptional()
  @IsInt({ message: REPEAT_MESSAGE })
  @Min(0, { message: REPEAT_MESSAGE })
  @Max(ALERT_RULES.repeatMax, { message: REPEAT_MESSAGE })
  repeat?: number;

  @IsArray({ message: LEVELS_MESSAGE })
  @ArrayMinSize(1, { message: LEVELS_MESSAGE })
  @ArrayMaxSize(ALERT_RULES.levelsMax, { message: LEVELS_MESSAGE })
  levels!: EscalationLevel[];
}

/** PATCH …/escalation-policies/:id: what is given changes; `isDefault: true` moves the default here. */
export class UpdateEscalationPolicyDto implements UpdateEscalationPolicyRequest {
  @IsOptional()
  @IsString({ message: NAME_MESSAGE })
  @Length(1, SERVICE_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(SERVICE_RULES.namePattern, { message: NAME_MESSAGE })
  name?: string;

  @IsOptional()
  @IsString({ message: DESCRIPTION_MESSAGE })
  @MaxLength(SERVICE_RULES.descriptionMax, { message: DESCRIPTION_MESSAGE })
  description?: string;

  @IsOptional()
  @IsBoolean({ message: 'isDefault: true or false' })
  isDefault?: boolean;

  @IsOptional()
  @IsInt({ message: REPEAT_MESSAGE })
  @Min(0, { message: REPEAT_MESSAGE })
  @Max(ALERT_RULES.repeatMax, { message: REPEAT_MESSAGE })
  repeat?: number;

  @IsOptional()
  @IsArray({ message: LEVELS_MESSAGE })
  @ArrayMinSize(1, { message: LEVELS_MESSAGE })
  @ArrayMaxSize(ALERT_RULES.levelsMax, { message: LEVELS_MESSAGE })
  levels?: EscalationLevel[];
}
