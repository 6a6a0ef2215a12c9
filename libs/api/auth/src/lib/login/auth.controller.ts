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
import { Body, Controller, Get, Header, HttpCode, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';

import { AllowPendingPasswordChange, SessionFamily } from '../guards/auth-decorators';
import { SessionsService } from '../tokens/sessions.service';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { AccountService } from './account.service';
import { ChangePasswordDto, SwitchOrganizationDto, TwoFactorCodeDto } from './dto/account.dto';
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

  @Public()
  @UseGuards(ThrottlerGuard)
  @Post('refresh')
  @Header('Cache-Control', 'no-store')
  @HttpCode(200)
  refresh(@Body() dto: RefreshDto): Promise<TokenPair> {
    return this.sessions.refresh(dto.refreshToken);
  }

  @AllowPendingPasswordChange()
  @Post('logout')
  @HttpCode(204)
  logOut(@CurrentActor() actor: Actor, @Body() dto: LogoutDto): Promise<void> {
    return this.sessions.logout(actor, dto.refreshToken);
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
  ): Promise<RecoveryCodes> {
    return this.twoFactor.enable(actor, dto.code);
  }

  @Post('2fa/disable')
  @HttpCode(204)
  disableTwoFactor(@CurrentActor() actor: Actor, @Body() dto: TwoFactorCodeDto): Promise<void> {
    return this.twoFactor.disable(actor, dto.code);
  }
}
