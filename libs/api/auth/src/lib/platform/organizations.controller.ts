import { Actor, CurrentActor, RequirePermissions } from '@hyperion/api/core';
import type { OrganizationSummary } from '@hyperion/contracts';
import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { CreateOrganizationDto, UpdateOrganizationDto } from './dto/organization.dto';
import { OrganizationsService } from './organizations.service';

@ApiTags('platform')
@ApiBearerAuth()
@RequirePermissions('platform:admin')
@Controller('platform/organizations')
export class OrganizationsController {
  constructor(private readonly organizations: OrganizationsService) {}

  @Get()
  list(): Promise<OrganizationSummary[]> {
    return this.organizations.list();
  }

  @Post()
  create(
    @CurrentActor() actor: Actor,
    @Body() dto: CreateOrganizationDto,
  ): Promise<OrganizationSummary> {
    return this.organizations.create(actor, dto);
  }

  @Patch(':id')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateOrganizationDto,
  ): Promise<OrganizationSummary> {
    return this.organizations.update(id, dto);
  }
}
