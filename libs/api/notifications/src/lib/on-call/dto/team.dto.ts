import type { CreateTeamRequest, UpdateTeamRequest } from '@hyperion/contracts';
import { ON_CALL_RULES } from '@hyperion/contracts';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

import { DESCRIPTION_MAX_LENGTH, NAME_PATTERN } from './on-call-validators';

const NAME_MESSAGE = `name: 1 to ${ON_CALL_RULES.nameMaxLength} characters on one line, without leading or trailing spaces`;
const MEMBERS_MESSAGE = `memberIds: at most ${ON_CALL_RULES.membersMax} distinct contact ids`;

export class CreateTeamDto implements CreateTeamRequest {
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

  @IsOptional()
  @IsArray({ message: MEMBERS_MESSAGE })
  @ArrayMaxSize(ON_CALL_RULES.membersMax, { message: MEMBERS_MESSAGE })
  @ArrayUnique({ message: MEMBERS_MESSAGE })
  @IsUUID('all', { each: true, message: 'memberIds: each a contact id (UUID)' })
  memberIds?: string[];
}

export class UpdateTeamDto implements UpdateTeamRequest {
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
  @IsArray({ message: MEMBERS_MESSAGE })
  @ArrayMaxSize(ON_CALL_RULES.membersMax, { message: MEMBERS_MESSAGE })
  @ArrayUnique({ message: MEMBERS_MESSAGE })
  @IsUUID('all', { each: true, message: 'memberIds: each a contact id (UUID)' })
  memberIds?: string[];
}
