import type { IncidentMembersQuery } from '@hyperion/contracts';
import { INCIDENT_RULES } from '@hyperion/contracts';
import { IsOptional, IsString, MaxLength } from 'class-validator';

const Q = `q: the start of a username, at most ${INCIDENT_RULES.membersQueryMaxLength} characters`;

/** GET /api/v1/incidents/members */
export class IncidentMembersQueryDto implements IncidentMembersQuery {
  @IsOptional()
  @IsString({ message: Q })
  @MaxLength(INCIDENT_RULES.membersQueryMaxLength, { message: Q })
  q?: string;
}
