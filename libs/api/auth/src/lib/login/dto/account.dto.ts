import type {
  ChangePasswordRequest,
  SwitchOrganizationRequest,
  TwoFactorCodeRequest,
  TwoFactorConfirmRequest,
  TwoFactorSetupRequest,
} from '@hyperion/contracts';
import { IsNotEmpty, IsOptional, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../passwords/passwords';

export class ChangePasswordDto implements ChangePasswordRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  currentPassword!: string;

  @IsString()
  @MinLength(PASSWORD_MIN_LENGTH)
  @MaxLength(PASSWORD_MAX_LENGTH)
  newPassword!: string;
}

export class TwoFactorCodeDto implements TwoFactorCodeRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  code!: string;
}

/** The password and a fresh code (disable 2FA, new recovery codes). */
export class TwoFactorConfirmDto implements TwoFactorConfirmRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;

  /** A current TOTP code not used before, or an unused recovery code. */
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  code!: string;
}

/** Empty while 2FA is off; the password and a fresh code while it is on (a new authenticator). */
export class TwoFactorSetupDto implements TwoFactorSetupRequest {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  code?: string;
}

export class SwitchOrganizationDto implements SwitchOrganizationRequest {
  @IsUUID('4', { message: 'organizationId must be the id of one of your organisations' })
  organizationId!: string;
}
