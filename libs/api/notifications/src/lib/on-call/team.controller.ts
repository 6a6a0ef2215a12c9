import { RequirePermissions } from '@hyperion/api/core';
import type { TeamSummary } from '@hyperion/contracts';
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

import { CreateTeamDto, UpdateTeamDto } from './dto/team.dto';
import { TeamService } from './team.service';

/** `/api/v1/teams` (ON_CALL_ROUTES): parse, authorise, delegate. */
@ApiTags('teams')
@ApiBearerAuth()
@Controller({ path: 'teams', version: '1' })
export class TeamController {
  constructor(private readonly service: TeamService) {}

  @Get()
  @RequirePermissions('notifications:read')
  list(): Promise<TeamSummary[]> {
    return this.service.list();
  }

  @Get(':id')
  @RequirePermissions('notifications:read')
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<TeamSummary> {
    return this.service.get(id);
  }

  @Post()
  @RequirePermissions('notifications:write')
  create(@Body() dto: CreateTeamDto): Promise<TeamSummary> {
    return this.service.create(dto);
  }

  @Patch(':id')
  @RequirePermissions('notifications:write')
  update(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: UpdateTeamDto,
  ): Promise<TeamSummary> {
    return this.service.update(id, dto);
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermissions('notifications:write')
  delete(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.delete(id);
  }
}
