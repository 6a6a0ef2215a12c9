import type { DomainDefinition } from '@hyperion/api/core';

import { ContactEntity } from './entities/contact.entity';
import { ScheduleOverrideEntity } from './entities/schedule-override.entity';
import { ScheduleEntity } from './entities/schedule.entity';
import { TeamMemberEntity } from './entities/team-member.entity';
import { TeamEntity } from './entities/team.entity';
import { OnCall1795420000000 } from './migrations/1795420000000-on-call';
import { OnCallModule } from './on-call.module';

export { ContactService, toContactSummary, toPreferences } from './contact.service';
export { ContactEntity } from './entities/contact.entity';
export { OnCallModule } from './on-call.module';
export { ScheduleService } from './schedule.service';

/** What apps/api registers of on-call (one line in DOMAINS) and the specs migrate. */
export const OnCallDomain: DomainDefinition = {
  name: 'on-call',
  module: OnCallModule,
  entities: [ContactEntity, TeamEntity, TeamMemberEntity, ScheduleEntity, ScheduleOverrideEntity],
  migrations: [OnCall1795420000000],
};
