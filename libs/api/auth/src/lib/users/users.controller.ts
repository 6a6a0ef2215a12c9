import {
  Actor,
  CurrentActor,
  RequestMeta,
  RequestMetadata,
  RequirePermissions,
} from '@hyperion/api/core';
import type { UserSummary } from '@hyperion/contracts';
import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CreateUserDto, UpdateUserDto } from './dto/user.dto';
import { UsersService } from './users.service';

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
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateUserDto,
    @RequestMetadata() meta: RequestMeta,
  ): Promise<UserSummary> {
    return this.users.create(actor, dto, meta);
  }

  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateUserDto,
    @RequestMetadata() meta: RequestMeta,
  ): Promise<UserSummary> {
    return this.users.update(actor, id, dto, meta);
  }
}
