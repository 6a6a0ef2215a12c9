import { Actor, CurrentActor, RequirePermissions } from '@hyperion/api/core';
import type { UserPage, UserSummary } from '@hyperion/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Patch,
  Post,
  Query,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import {
  AddMemberDto,
  CreateUserDto,
  ResetPasswordDto,
  UpdateUserDto,
  UserListQueryDto,
} from './dto/user.dto';
import { MemberAccountsService } from './member-accounts.service';
import { UsersService } from './users.service';

/** The active organisation's members. */
@ApiTags('users')
@ApiBearerAuth()
@RequirePermissions('users:admin')
@Controller('users')
export class UsersController {
  constructor(
    private readonly users: UsersService,
    private readonly accounts: MemberAccountsService,
  ) {}

  @Get()
  list(@Query() query: UserListQueryDto): Promise<UserPage> {
    return this.users.list(query);
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateUserDto): Promise<UserSummary> {
    return this.users.create(actor, dto);
  }

  @Post('members')
  addMember(@CurrentActor() actor: Actor, @Body() dto: AddMemberDto): Promise<UserSummary> {
    return this.users.addMember(actor, dto);
  }

  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateUserDto,
  ): Promise<UserSummary> {
    return this.users.update(actor, id, dto);
  }

  /** Ends the member's lockout now (audited user_unlocked). */
  @Post(':id/unlock')
  @HttpCode(204)
  unlock(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.accounts.unlock(id);
  }

  /** Turns the member's 2FA off, deletes its recovery codes, ends its sessions (audited 2fa_reset). */
  @Post(':id/reset-2fa')
  @HttpCode(204)
  resetTwoFactor(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    return this.accounts.resetTwoFactor(actor, id);
  }

  /** A temporary password to change at next sign-in; ends the member's sessions (audited password_reset). */
  @Post(':id/reset-password')
  @HttpCode(204)
  resetPassword(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: ResetPasswordDto,
  ): Promise<void> {
    return this.accounts.resetPassword(actor, id, dto.password);
  }

  @Delete(':id/membership')
  @HttpCode(204)
  removeMember(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    return this.users.removeMember(actor, id);
  }
}
