import { Actor, CurrentActor, RequirePermissions } from '@hyperion/api/core';
import type { RoleSummary } from '@hyperion/contracts';
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

import { CreateRoleDto, UpdateRoleDto } from './dto/create-role.dto';
import { RolesService } from './roles.service';

@ApiTags('roles')
@ApiBearerAuth()
@RequirePermissions('users:admin')
@Controller('roles')
export class RolesController {
  constructor(private readonly roles: RolesService) {}

  @Get()
  list(): Promise<RoleSummary[]> {
    return this.roles.list();
  }

  @Post()
  create(@CurrentActor() actor: Actor, @Body() dto: CreateRoleDto): Promise<RoleSummary> {
    return this.roles.create(actor, dto);
  }

  /** A custom role's description or permissions (audited role_updated); built-in roles 409. */
  @Patch(':id')
  update(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateRoleDto,
  ): Promise<RoleSummary> {
    return this.roles.update(actor, id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.roles.delete(id);
  }
}
