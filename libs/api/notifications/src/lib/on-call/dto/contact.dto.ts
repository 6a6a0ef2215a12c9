import type {
  CreateContactRequest,
  NotificationChannelKind,
  UpdateContactRequest,
} from '@hyperion/contracts';
import { ON_CALL_RULES } from '@hyperion/contracts';
import {
  IsEmail,
  IsOptional,
  IsString,
  IsTimeZone,
  IsUUID,
  Length,
  Matches,
  MaxLength,
} from 'class-validator';

import { IsHandles, NAME_PATTERN } from './on-call-validators';

const NAME_MESSAGE = `name: 1 to ${ON_CALL_RULES.nameMaxLength} characters on one line, without leading or trailing spaces`;
const PHONE_MESSAGE = 'phone: an E.164 number, e.g. +33612345678';
const TIME_ZONE_MESSAGE = 'timeZone: an IANA time zone, e.g. Europe/Paris';

export class CreateContactDto implements CreateContactRequest {
  @IsString({ message: NAME_MESSAGE })
  @Length(1, ON_CALL_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(NAME_PATTERN, { message: NAME_MESSAGE })
  name!: string;

  @IsOptional()
  @IsUUID('all', { message: 'userId: a user id (UUID) or null' })
  userId?: string | null;

  @IsOptional()
  @IsEmail({}, { message: 'email: an e-mail address or null' })
  @MaxLength(ON_CALL_RULES.emailMax, {
    message: `email: at most ${ON_CALL_RULES.emailMax} characters`,
  })
  email?: string | null;

  @IsOptional()
  @IsString({ message: PHONE_MESSAGE })
  @Matches(ON_CALL_RULES.phonePattern, { message: PHONE_MESSAGE })
  phone?: string | null;

  @IsOptional()
  @IsHandles()
  handles?: Partial<Record<NotificationChannelKind, string>>;

  @IsTimeZone({ message: TIME_ZONE_MESSAGE })
  timeZone!: string;
}

export class UpdateContactDto implements UpdateContactRequest {
  @IsOptional()
  @IsString({ message: NAME_MESSAGE })
  @Length(1, ON_CALL_RULES.nameMaxLength, { message: NAME_MESSAGE })
  @Matches(NAME_PATTERN, { message: NAME_MESSAGE })
  name?: string;

  @IsOptional()
  @IsUUID('all', { message: 'userId: a user id (UUID) or null' })
  userId?: string | null;

  @IsOptional()
  @IsEmail({}, { message: 'email: an e-mail address or null' })
  @MaxLength(ON_CALL_RULES.emailMax, {
    message: `email: at most ${ON_CALL_RULES.emailMax} characters`,
  })
  email?: string | null;

  @IsOptional()
  @IsString({ message: PHONE_MESSAGE })
  @Matches(ON_CALL_RULES.phonePattern, { message: PHONE_MESSAGE })
  phone?: string | null;

  @IsOptional()
  @IsHandles()
  handles?: Partial<Record<NotificationChannelKind, string>>;

  @IsOptional()
  @IsTimeZone({ message: TIME_ZONE_MESSAGE })
  timeZone?: string;
}
