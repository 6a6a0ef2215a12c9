import { RequirePermissions } from '@hyperion/api/core';
import type { IncidentPerson } from '@hyperion/contracts';
import { INCIDENT_PERMISSIONS } from '@hyperion/contracts';
import { Controller, Get, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { IncidentMembersQueryDto } from './incident-members.dto';
import { IncidentMembersService } from './incident-members.service';

/**
 * `GET /api/v1/incidents/members` (INCIDENT_ROUTES.members): whom the role and owner pickers
 * offer, to anyone who reads incidents (the users list needs users:admin). Listed before
 * IncidentController in the module, so `members` is not taken for an incident id.
 */
@ApiTags('incidents')
@ApiBearerAuth()
@Controller({ path: 'incidents/members', version: '1' })
export class IncidentMembersController {
  constructor(private readonly members: IncidentMembersService) {}

  /** At most 200 members (INCIDENT_RULES.membersMax), by username; `q`: a username's start. */
  @Get()
  @RequirePermissions(INCIDENT_PERMISSIONS.read)
  list(@Query() query: IncidentMembersQueryDto): Promise<IncidentPerson[]> {
    return this.members.list(query);
  }
}
