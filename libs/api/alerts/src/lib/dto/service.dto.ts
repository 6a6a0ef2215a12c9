import type {
  CreateIntegrationRequest,
  CreateServiceRequest,
  IntegrationKind,
  ServiceUrgencyRule,
  UpdateServiceRequest,
} from '@hyperion/contracts';
import { INTEGRATION_KINDS, SERVICE_RULES } from '@hyperion/contracts';
import { PartialType } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
} from 'class-validator';

const NAME_MESSAGE = `name: ${SERVICE_RULES.nameHint}`;
const URGENCY_RULES: readonly ServiceUrgencyRule[] = ['severity', 'high', 'low'];
const CLEARABLE = ['teamId', 'escalationPolicyId', 'autoResolveMinutes'] as const;

const between = (field: string, min: number, max: number) =>
  `${field} must be an integer between ${min} and ${max}`;

export class CreateServiceDto implements CreateServiceRequest {
  @IsString({ message: NAME_MESSAGE })
  @Length(1, SERVICE_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(SERVICE_RULES.namePattern, { message: NAME_MESSAGE })
  name!: string;

  @IsOptional()
  @IsString({ message: 'description must be text' })
  @MaxLength(SERVICE_RULES.descriptionMax, {
    message: `description must be at most ${SERVICE_RULES.descriptionMax} characters`,
  })
  description?: string;

  @IsOptional()
  @IsUUID('all', { message: 'teamId must be the id of a team' })
  teamId?: string;

  @IsOptional()
  @IsUUID('all', { message: 'escalationPolicyId must be the id of an escalation policy' })
  escalationPolicyId?: string;

  @IsOptional()
  @IsInt({ message: between('autoResolveMinutes', 1, SERVICE_RULES.autoResolveMinutesMax) })
  @Min(1, { message: between('autoResolveMinutes', 1, SERVICE_RULES.autoResolveMinutesMax) })
  @Max(SERVICE_RULES.autoResolveMinutesMax, {
    message: between('autoResolveMinutes', 1, SERVICE_RULES.autoResolveMinutesMax),
  })
  autoResolveMinutes?: number;

  @IsOptional()
  @IsIn(URGENCY_RULES, { message: `urgencyRule must be one of ${URGENCY_RULES.join(', ')}` })
  urgencyRule?: ServiceUrgencyRule;

  @IsOptional()
  @IsArray({ message: 'groupBy must be a list of label names' })
  @ArrayMaxSize(SERVICE_RULES.groupByMax, {
    message: `groupBy: at most ${SERVICE_RULES.groupByMax} labels`,
  })
  @Matches(SERVICE_RULES.labelNamePattern, {
    each: true,
    message: 'groupBy must contain label names (letters, digits and _, not starting with a digit)',
  })
  groupBy?: string[];

  @IsOptional()
  @IsInt({ message: between('groupWaitSeconds', 0, SERVICE_RULES.groupWaitSecondsMax) })
  @Min(0, { message: between('groupWaitSeconds', 0, SERVICE_RULES.groupWaitSecondsMax) })
  @Max(SERVICE_RULES.groupWaitSecondsMax, {
    message: between('groupWaitSeconds', 0, SERVICE_RULES.groupWaitSecondsMax),
  })
  groupWaitSeconds?: number;

  @IsOptional()
  @IsInt({ message: between('groupIntervalSeconds', 1, SERVICE_RULES.groupIntervalSecondsMax) })
  @Min(1, { message: between('groupIntervalSeconds', 1, SERVICE_RULES.groupIntervalSecondsMax) })
  @Max(SERVICE_RULES.groupIntervalSecondsMax, {
    message: between('groupIntervalSeconds', 1, SERVICE_RULES.groupIntervalSecondsMax),
  })
  groupIntervalSeconds?: number;

  @IsOptional()
  @IsArray({ message: 'dependsOn must be a list of service ids' })
  @ArrayMaxSize(SERVICE_RULES.dependsOnMax, {
    message: `dependsOn: at most ${SERVICE_RULES.dependsOnMax} services`,
  })
  @IsUUID('all', { each: true, message: 'dependsOn must contain service ids' })
  dependsOn?: string[];
}

/** Every field of CreateServiceDto, optional, plus `clear`. */
export class UpdateServiceDto
  extends PartialType(CreateServiceDto)
  implements UpdateServiceRequest
{
  @IsOptional()
  @IsArray({ message: `clear must be a list among ${CLEARABLE.join(', ')}` })
  @IsIn(CLEARABLE, { each: true, message: `clear must be a list among ${CLEARABLE.join(', ')}` })
  clear?: (typeof CLEARABLE)[number][];
}

export class CreateIntegrationDto implements CreateIntegrationRequest {
  @IsString({ message: NAME_MESSAGE })
  @Length(1, SERVICE_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(SERVICE_RULES.namePattern, { message: NAME_MESSAGE })
  name!: string;

  @IsIn(INTEGRATION_KINDS, { message: `kind must be one of ${INTEGRATION_KINDS.join(', ')}` })
  kind!: IntegrationKind;

  @IsOptional()
  @IsInt({ message: between('rateLimitPerMinute', 1, SERVICE_RULES.rateLimitPerMinuteMax) })
  @Min(1, { message: between('rateLimitPerMinute', 1, SERVICE_RULES.rateLimitPerMinuteMax) })
  @Max(SERVICE_RULES.rateLimitPerMinuteMax, {
    message: between('rateLimitPerMinute', 1, SERVICE_RULES.rateLimitPerMinuteMax),
  })
  rateLimitPerMinute?: number;
}
