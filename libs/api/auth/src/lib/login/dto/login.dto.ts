import type {
  LoginRequest,
  LogoutRequest,
  RefreshRequest,
  TwoFactorLoginRequest,
} from '@hyperion/contracts';
import { IsNotEmpty, IsOptional, IsString, MaxLength, ValidateIf } from 'class-validator';

export class LoginDto implements LoginRequest {
  /** Required unless `email` is given. */
  @ValidateIf((o: LoginDto) => o.email === undefined || o.username !== undefined)
  @IsString()
  @IsNotEmpty()
  @MaxLength(64)
  username?: string;

  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(254)
  email?: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(128)
  password!: string;
}

export class TwoFactorLoginDto implements TwoFactorLoginRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  challenge!: string;

  @IsString()
  @IsNotEmpty()
  @MaxLength(32)
  code!: string;
}

export class RefreshDto implements RefreshRequest {
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  refreshToken!: string;
}

export class LogoutDto implements LogoutRequest {
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(2048)
  refreshToken?: string;
}
