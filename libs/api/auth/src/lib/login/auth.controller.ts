import { Actor, CurrentActor, Public, RequestMeta, RequestMetadata } from '@hyperion/api/core';
import type {
  CurrentUser,
  LoginResponse,
  RecoveryCodes,
  TokenPair,
  TwoFactorSetup,
} from '@hyperion/contracts';
import { Body, Controller, Get, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';

import { AllowPendingPasswordChange, SessionFamily } from '../guards/auth-decorators';
import { SessionsService } from '../tokens/sessions.service';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { AccountService } from './account.service';
import { ChangePasswordDto, TwoFactorCodeDto } from './dto/account.dto';
import { LoginDto, LogoutDto, RefreshDto, TwoFactorLoginDto } from './dto/login.dto';
import { LoginService } from './login.service';

@ApiTags('auth')
@ApiBearerAuth()
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
  @HttpCode(200)
  logIn(@Body() dto: LoginDto, @RequestMetadata() meta: RequestMeta): Promise<LoginResponse> {
    return this.login.login(dto, meta);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('2fa')
  @HttpCode(200)
  secondFactor(
    @Body() dto: TwoFactorLoginDto,
    @RequestMetadata() meta: RequestMeta,
  ): Promise<TokenPair> {
    return this.login.completeTwoFactor(dto, meta);
  }

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('refresh')
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto, @RequestMetadata() meta: RequestMeta): Promise<TokenPair> {
    return this.sessions.refresh(dto.refreshToken, meta);
  }

  @AllowPendingPasswordChange()
  @Post('logout')
  @HttpCode(204)
  logOut(
    @CurrentActor() actor: Actor,
    @Body() dto: LogoutDto,
    @RequestMetadata() meta: RequestMeta,
  ): Promise<void> {
    return this.sessions.logout(actor, dto.refreshToken, meta);
  }

  @AllowPendingPasswordChange()
  @Get('me')
  me(@CurrentActor() actor: Actor): Promise<CurrentUser> {
    return this.account.me(actor);
  }

  @AllowPendingPasswordChange()
  @Post('password')
  @HttpCode(204)
  changePassword(
    @CurrentActor() actor: Actor,
    @Body() dto: ChangePasswordDto,
    @SessionFamily() familyId: string | null,
    @RequestMetadata() meta: RequestMeta,
  ): Promise<void> {
    return this.account.changePassword(actor, dto, familyId, meta);
  }

  @Post('2fa/setup')
  @HttpCode(200)
  setupTwoFactor(@CurrentActor() actor: Actor): Promise<TwoFactorSetup> {
    return this.twoFactor.setup(actor);
  }

  @Post('2fa/enable')
  @HttpCode(200)
  enableTwoFactor(
    @CurrentActor() actor: Actor,
    @Body() dto: TwoFactorCodeDto,
    @RequestMetadata() meta: RequestMeta,
  ): Promise<RecoveryCodes> {
    return this.twoFactor.enable(actor, dto.code, meta);
  }

  @Post('2fa/disable')
  @HttpCode(204)
  disableTwoFactor(
    @CurrentActor() actor: Actor,
    @Body() dto: TwoFactorCodeDto,
    @RequestMetadata() meta: RequestMeta,
  ): Promise<void> {
    return this.twoFactor.disable(actor, dto.code, meta);
  }
}
