import type {
  ChangePasswordRequest,
  SwitchOrganizationRequest,
  TwoFactorCodeRequest,
} from '@hyperion/contracts';
import { IsNotEmpty, IsString, IsUUID, MaxLength, MinLength } from 'class-validator';

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

export class SwitchOrganizationDto implements SwitchOrganizationRequest {
  @IsUUID('4', { message: 'organizationId must be the id of one of your organisations' })
  organizationId!: string;
}
