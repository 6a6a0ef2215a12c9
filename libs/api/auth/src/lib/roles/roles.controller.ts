import {
  Actor,
  CurrentActor,
  RequestMeta,
  RequestMetadata,
  RequirePermissions,
} from '@hyperion/api/core';
import type { RoleSummary } from '@hyperion/contracts';
import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Param,
  ParseUUIDPipe,
  Post,
} from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CreateRoleDto } from './dto/create-role.dto';
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
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateRoleDto,
    @RequestMetadata() meta: RequestMeta,
  ): Promise<RoleSummary> {
    return this.roles.create(actor, dto, meta);
  }

  @Delete(':id')
  @HttpCode(204)
  delete(
    @CurrentActor() actor: Actor,
    @Param('id', new ParseUUIDPipe()) id: string,
    @RequestMetadata() meta: RequestMeta,
  ): Promise<void> {
    return this.roles.delete(actor, id, meta);
  }
}
