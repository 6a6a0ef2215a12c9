import { OptionalQueryInteger } from '@hyperion/api/core';
import {
  ACCOUNT_RULES,
  AddMemberRequest,
  CreateUserRequest,
  ResetPasswordRequest,
  UpdateUserRequest,
  UserListQuery,
  UserStatus,
} from '@hyperion/contracts';
import { ApiPropertyOptional } from '@nestjs/swagger';
import {
  ArrayMaxSize,
  IsArray,
  IsEmail,
  IsIn,
  IsNotEmpty,
  IsOptional,
  IsString,
  Matches,
  MaxLength,
  MinLength,
} from 'class-validator';

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../passwords/passwords';

const USERNAME = ACCOUNT_RULES.usernamePattern;

export class CreateUserDto implements CreateUserRequest {
  @IsString()
  @MaxLength(64)
  @Matches(USERNAME, {
    message: 'username must be lowercase letters, digits, ".", "_" or "-" (1 to 64 characters)',
  })
  username!: string;

  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  displayName!: string;

  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  roles!: string[];
}

export class UpdateUserDto implements UpdateUserRequest {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  displayName?: string;

  @IsOptional()
  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  roles?: string[];

  @IsOptional()
  @IsString()
  @MaxLength(254)
  @IsEmail({}, { message: 'email must be an email address' })
  email?: string;

  @IsOptional()
  @IsIn(['active', 'disabled'], { message: 'status must be active or disabled' })
  status?: UserStatus;
}

/** `GET /users?q=&offset=&limit=`. */
export class UserListQueryDto implements UserListQuery {
  @ApiPropertyOptional({ description: 'Part of the username, email or display name' })
  @IsOptional()
  @IsString({ message: 'q must be a string' })
  @MaxLength(128, { message: 'q must be at most 128 characters' })
  q?: string;

  @ApiPropertyOptional({ minimum: 0, default: 0 })
  @OptionalQueryInteger(0, 1_000_000)
  offset?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: 200, default: 50 })
  @OptionalQueryInteger(1, 200)
  limit?: number;
}

/** `POST /users/:id/reset-password`: a temporary password the member must change at sign-in. */
export class ResetPasswordDto implements ResetPasswordRequest {
  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class AddMemberDto implements AddMemberRequest {
  @IsString()
  @IsNotEmpty({ message: 'login must be the username or email of an existing account' })
  @MaxLength(254)
  login!: string;

  @IsArray()
  @ArrayMaxSize(32)
  @IsString({ each: true })
  @MaxLength(64, { each: true })
  roles!: string[];
}
