import type {
  CreateOverrideRequest,
  CreateScheduleRequest,
  ScheduleLayer,
  UpdateScheduleRequest,
} from '@hyperion/contracts';
import { ON_CALL_RULES } from '@hyperion/contracts';
import {
  ArrayMaxSize,
  IsArray,
  IsISO8601,
  IsObject,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

import { DESCRIPTION_MAX_LENGTH, NAME_PATTERN } from './on-call-validators';

const NAME_MESSAGE = `name: 1 to ${ON_CALL_RULES.nameMaxLength} characters on one line, without leading or trailing spaces`;
const TIME_ZONE_MESSAGE = 'timeZone: an IANA time zone, e.g. Europe/Paris';
const LAYERS_MESSAGE = `layers: a list of at most ${ON_CALL_RULES.layersMax} layers`;

/** The layers' contents are checked by scheduleProblems in the service (400 naming the path). */
export class CreateScheduleDto implements CreateScheduleRequest {
  @IsString({ message: NAME_MESSAGE })
  @Length(1, ON_CALL_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(NAME_PATTERN, { message: NAME_MESSAGE })
  name!: string;

  @IsOptional()
  @IsString({ message: 'description: text' })
  @MaxLength(DESCRIPTION_MAX_LENGTH, {
    message: `description: at most ${DESCRIPTION_MAX_LENGTH} characters`,
  })
  description?: string;

  @IsTimeZone({ message: TIME_ZONE_MESSAGE })
  timeZone!: string;

  @IsArray({ message: LAYERS_MESSAGE })
  @ArrayMaxSize(ON_CALL_RULES.layersMax, { message: LAYERS_MESSAGE })
  @IsObject({ each: true, message: 'layers: each layer an object' })
  layers!: ScheduleLayer[];
}

export class UpdateScheduleDto implements UpdateScheduleRequest {
  @IsOptional()
  @IsString({ message: NAME_MESSAGE })
  @Length(1, ON_CALL_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(NAME_PATTERN, { message: NAME_MESSAGE })
  name?: string;

  @IsOptional()
  @IsString({ message: 'description: text' })
  @MaxLength(DESCRIPTION_MAX_LENGTH, {
    message: `description: at most ${DESCRIPTION_MAX_LENGTH} characters`,
  })
  description?: string;

  @IsOptional()
  @IsTimeZone({ message: TIME_ZONE_MESSAGE })
  timeZone?: string;

  @IsOptional()
  @IsArray({ message: LAYERS_MESSAGE })
  @ArrayMaxSize(ON_CALL_RULES.layersMax, { message: LAYERS_MESSAGE })
  @IsObject({ each: true, message: 'layers: each layer an object' })
  layers?: ScheduleLayer[];
}

export class CreateOverrideDto implements CreateOverrideRequest {
  @IsUUID('all', { message: 'contactId: a contact id (UUID)' })
  contactId!: string;

  @IsISO8601({ strict: true }, { message: 'start: an ISO 8601 instant' })
  start!: string;

  @IsISO8601({ strict: true }, { message: 'end: an ISO 8601 instant' })
  end!: string;
}

/** `?at=` of GET …/on-call (default: now). */
export class OnCallQueryDto {
  @IsOptional()
  @IsISO8601({ strict: true }, { message: 'at: an ISO 8601 instant' })
  at?: string;
}

/** `?from=&to=` of GET …/shifts (at most 92 days apart). */
export class ShiftsQueryDto {
  @IsISO8601({ strict: true }, { message: 'from: an ISO 8601 instant' })
  from!: string;

  @IsISO8601({ strict: true }, { message: 'to: an ISO 8601 instant' })
  to!: string;
}
