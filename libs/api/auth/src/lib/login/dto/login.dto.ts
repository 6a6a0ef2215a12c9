import type { LoginRequest, TwoFactorLoginRequest } from '@hyperion/contracts';
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

/**
 * Refresh and logout: the refresh token travels in the HttpOnly cookie, never in the body, so the
 * body is empty; a field in it (such as the former `refreshToken`) is refused with a 400 naming it.
 */
export class CookieOnlyDto {}
