import { UnitOfWork } from '@hyperion/api/core';
import type { IncidentPerson } from '@hyperion/contracts';
import { INCIDENT_RULES } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import { IncidentRepository } from '../incident.repository';
import { IncidentMembersQueryDto } from './incident-members.dto';

/** Whom an incident's roles and its action items can be given to. */
@Injectable()
export class IncidentMembersService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly incidents: IncidentRepository,
  ) {}

  /**
   * The organisation's members whose account is active, by username, at most
   * INCIDENT_RULES.membersMax; `q` keeps those whose username starts with it (any case).
   */
  list(query: IncidentMembersQueryDto): Promise<IncidentPerson[]> {
    return this.uow.run(() =>
      this.incidents.memberDirectory(query.q?.trim() ?? '', INCIDENT_RULES.membersMax),
    );
  }
}
