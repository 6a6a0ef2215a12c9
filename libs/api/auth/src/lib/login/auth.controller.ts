import { Actor, CurrentActor, Public } from '@hyperion/api/core';
import type {
  CurrentUser,
  LoginResponse,
  MyOrganization,
  RecoveryCodes,
  TokenPair,
  TwoFactorSetup,
  WhoAmI,
} from '@hyperion/contracts';
import { CSRF_HEADER, REFRESH_COOKIE } from '@hyperion/contracts';
import {
  Body,
  Controller,
  Get,
  Header,
  HttpCode,
  Post,
  Req,
  Res,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCookieAuth,
  ApiHeader,
  ApiTags,
  ApiTooManyRequestsResponse,
} from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import type { Request, Response } from 'express';

import { AllowPendingPasswordChange, SessionFamily } from '../guards/auth-decorators';
import { credentialOf } from '../guards/auth.guard';
import { CookieCsrfGuard } from '../tokens/cookie-csrf.guard';
import { clearRefreshCookie, readRefreshCookie } from '../tokens/refresh-cookie';
import { RefreshCookieInterceptor } from '../tokens/refresh-cookie.interceptor';
import { SessionsService } from '../tokens/sessions.service';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { AccountService } from './account.service';
import {
  ChangePasswordDto,
  SwitchOrganizationDto,
  TwoFactorCodeDto,
  TwoFactorConfirmDto,
  TwoFactorSetupDto,
} from './dto/account.dto';
import { CookieOnlyDto, LoginDto, TwoFactorLoginDto } from './dto/login.dto';
import { LoginService } from './login.service';

/** Refresh and logout: the header that keeps cross-site requests from using the cookie. */
const CSRF_HEADER_DOC = {
  name: CSRF_HEADER,
  required: true,
  description: 'Must be `1` (refused with 403 otherwise): cross-site requests cannot set it.',
};

@ApiTags('auth')
@ApiBearerAuth()
// Login, 2FA step, refresh and organisation switch set the refresh token as a cookie.
@UseInterceptors(RefreshCookieInterceptor)
@Controller('auth')
export class AuthController {
  constructor(
    private readonly login: LoginService,
    private readonly sessions: SessionsService,
    private readonly account: AccountService,
    private readonly twoFactor: TwoFactorService,
  ) {}

  @Public()
  @UseGuards(ThrottlerGuard)
  @ApiTooManyRequestsResponse({ description: 'Rate limited per IP; see Retry-After' })
  @Post('login')
  @Header('Cache-Control', 'no-store')
  @HttpCode(200)
  logIn(@Body() dto: LoginDto): Promise<LoginResponse> {
    return this.login.login(dto);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('2fa')
  @Header('Cache-Control', 'no-store')
  @HttpCode(200)
  secondFactor(@Body() dto: TwoFactorLoginDto): Promise<TokenPair> {
    return this.login.completeTwoFactor(dto);
  }

  /** The refresh token comes from the `hyperion_refresh` cookie (never the body). */
  @Public()
  @UseGuards(ThrottlerGuard, CookieCsrfGuard)
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiHeader(CSRF_HEADER_DOC)
  @Post('refresh')
  @Header('Cache-Control', 'no-store')
  @HttpCode(200)
  refresh(@Req() req: Request, @Body() _body: CookieOnlyDto): Promise<TokenPair> {
    return this.sessions.refresh(readRefreshCookie(req));
  }

  /** Ends the session of the cookie (and of the Bearer token, if any) and clears the cookie. */
  @Public()
  @UseGuards(ThrottlerGuard, CookieCsrfGuard)
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiHeader(CSRF_HEADER_DOC)
  @Post('logout')
  @Header('Cache-Control', 'no-store')
  @HttpCode(204)
  async logOut(
    @Req() req: Request,
    @Res({ passthrough: true }) res: Response,
    @Body() _body: CookieOnlyDto,
  ): Promise<void> {
    await this.sessions.logout(readRefreshCookie(req), credentialOf(req));
    clearRefreshCookie(req, res);
  }

  @AllowPendingPasswordChange()
  @Get('me')
  me(@CurrentActor() actor: Actor): Promise<CurrentUser> {
    return this.account.me(actor);
  }

  /** A new token pair acting in another of the caller's organisations (this session ends). */
  @Post('switch-organization')
  @Header('Cache-Control', 'no-store')
  @HttpCode(200)
  switchOrganization(
    @CurrentActor() actor: Actor,
    @Body() dto: SwitchOrganizationDto,
  ): Promise<TokenPair> {
    return this.account.switchOrganization(actor, dto.organizationId);
  }

  /** The caller (user session or API key) as the API sees it; answered without the database. */
  @AllowPendingPasswordChange()
  @Get('whoami')
  whoami(@CurrentActor() actor: Actor): WhoAmI {
    return {
      type: actor.type === 'api_key' ? 'api_key' : 'user',
      id: actor.id,
      name: actor.name,
      organizationId: actor.organizationId,
      permissions: [...actor.permissions],
    };
  }

  @AllowPendingPasswordChange()
  @Get('organizations')
  organizations(@CurrentActor() actor: Actor): Promise<MyOrganization[]> {
    return this.account.organizations(actor);
  }

  @AllowPendingPasswordChange()
  @Post('password')
  @HttpCode(204)
  changePassword(
    @CurrentActor() actor: Actor,
    @Body() dto: ChangePasswordDto,
    @SessionFamily() familyId: string | null,
  ): Promise<void> {
    return this.account.changePassword(actor, dto, familyId);
  }

  /** A pending secret; while 2FA is on (a new phone) with the password and a fresh code. */
  @UseGuards(ThrottlerGuard)
  @Post('2fa/setup')
  @Header('Cache-Control', 'no-store')
  @HttpCode(200)
  setupTwoFactor(
    @CurrentActor() actor: Actor,
    @Body() dto: TwoFactorSetupDto,
  ): Promise<TwoFactorSetup> {
    return this.twoFactor.setup(actor, dto);
  }

  @Post('2fa/enable')
  @Header('Cache-Control', 'no-store')
  @HttpCode(200)
  enableTwoFactor(
    @CurrentActor() actor: Actor,
    @Body() dto: TwoFactorCodeDto,
  ): Promise<RecoveryCodes> {
    return this.twoFactor.enable(actor, dto.code);
  }

  /** The password and a fresh code (not one already used); counted by the account's lockout. */
  @UseGuards(ThrottlerGuard)
  @Post('2fa/disable')
  @HttpCode(204)
  disableTwoFactor(@CurrentActor() actor: Actor, @Body() dto: TwoFactorConfirmDto): Promise<void> {
    return this.twoFactor.disable(actor, dto);
  }

  /** Ten new recovery codes (the old ones stop working): the password and a fresh code. */
  @UseGuards(ThrottlerGuard)
  @Post('2fa/recovery-codes')
  @Header('Cache-Control', 'no-store')
  @HttpCode(200)
  regenerateRecoveryCodes(
    @CurrentActor() actor: Actor,
    @Body() dto: TwoFactorConfirmDto,
  ): Promise<RecoveryCodes> {
    return this.twoFactor.regenerateRecoveryCodes(actor, dto);
  }
}
