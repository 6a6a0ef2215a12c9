import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ContactController } from './contact.controller';
import { ContactRepository } from './contact.repository';
import { ContactService } from './contact.service';
import { ContactEntity } from './entities/contact.entity';
import { ScheduleOverrideEntity } from './entities/schedule-override.entity';
import { ScheduleEntity } from './entities/schedule.entity';
import { TeamMemberEntity } from './entities/team-member.entity';
import { TeamEntity } from './entities/team.entity';
import { IcalFeedService } from './ical-feed.service';
import { IcalController } from './ical.controller';
import { ScheduleController } from './schedule.controller';
import { ScheduleRepository } from './schedule.repository';
import { ScheduleService } from './schedule.service';
import { TeamController } from './team.controller';
import { TeamRepository } from './team.repository';
import { TeamService } from './team.service';

/** On-call: contacts, teams, schedules, who is on call, iCal feeds (registered as OnCallDomain). */
@Module({
  imports: [
    TypeOrmModule.forFeature([
      ContactEntity,
      TeamEntity,
      TeamMemberEntity,
      ScheduleEntity,
      ScheduleOverrideEntity,
    ]),
  ],
  controllers: [ContactController, TeamController, ScheduleController, IcalController],
  providers: [
    ContactRepository,
    TeamRepository,
    ScheduleRepository,
    ContactService,
    TeamService,
    ScheduleService,
    IcalFeedService,
  ],
  exports: [ContactService, ScheduleService, ContactRepository, ScheduleRepository],
})
export class OnCallModule {}
