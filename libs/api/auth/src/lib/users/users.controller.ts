import { Actor, CurrentActor, RequirePermissions } from '@hyperion/api/core';
import type { UserSummary } from '@hyperion/contracts';
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
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { AddMemberDto, CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

/** The active organisation's members. */
@ApiTags('users')
@ApiBearerAuth()
@RequirePermissions('users:admin')
@Controller('users')
export class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get()
  list(): Promise<UserSummary[]> {
    return this.users.list();
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

  @Delete(':id/membership')
  @HttpCode(204)
  removeMember(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
  ): Promise<void> {
    return this.users.removeMember(actor, id);
  }
}
