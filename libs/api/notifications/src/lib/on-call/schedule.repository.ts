import { UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';
import { In, LessThan, MoreThan, Repository } from 'typeorm';

import { ScheduleOverrideEntity } from './entities/schedule-override.entity';
import { ScheduleEntity } from './entities/schedule.entity';
import { withConflicts } from './unique-conflict';

export type ScheduleFields = Pick<
  ScheduleEntity,
  'name' | 'description' | 'timeZone' | 'layers' | 'icalToken'
>;

export type OverrideFields = Pick<
  ScheduleOverrideEntity,
  'scheduleId' | 'contactId' | 'startsAt' | 'endsAt'
>;

/** The only TypeORM code of schedules and overrides; every call runs inside a unit of work. */
@Injectable()
export class ScheduleRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get schedules(): Repository<ScheduleEntity> {
    return this.uow.manager.getRepository(ScheduleEntity);
  }

  private get overrides(): Repository<ScheduleOverrideEntity> {
    return this.uow.manager.getRepository(ScheduleOverrideEntity);
  }

  list(): Promise<ScheduleEntity[]> {
    return this.schedules.find({ order: { name: 'ASC', id: 'ASC' } });
  }

  findById(id: string): Promise<ScheduleEntity | null> {
    return this.schedules.findOneBy({ id });
  }

  /**
   * The schedule whose iCal token is `token`, in any organisation: only inside a unit of work
   * opened with the lookup `schedule_ical_token` set to the same token.
   */
  findByIcalToken(token: string): Promise<ScheduleEntity | null> {
    return this.schedules.findOneBy({ icalToken: token });
  }

  create(fields: ScheduleFields): Promise<ScheduleEntity> {
    return this.save(this.schedules.create({ ...fields, organizationId: this.uow.organizationId }));
  }

  update(row: ScheduleEntity, fields: Partial<ScheduleFields>): Promise<ScheduleEntity> {
    return this.save(this.schedules.merge(row, fields));
  }

  async delete(id: string): Promise<void> {
    await this.schedules.delete({ id });
  }

  /** Overrides of these schedules that overlap [from, to), earliest first. */
  overlapping(
    scheduleIds: readonly string[],
    from: Date,
    to: Date,
  ): Promise<ScheduleOverrideEntity[]> {
    if (scheduleIds.length === 0) return Promise.resolve([]);
    return this.overrides.find({
      where: { scheduleId: In([...scheduleIds]), startsAt: LessThan(to), endsAt: MoreThan(from) },
      order: { startsAt: 'ASC', id: 'ASC' },
    });
  }

  /** These schedules' overrides that end after `after`, earliest first. */
  overridesEndingAfter(
    scheduleIds: readonly string[],
    after: Date,
  ): Promise<ScheduleOverrideEntity[]> {
    if (scheduleIds.length === 0) return Promise.resolve([]);
    return this.overrides.find({
      where: { scheduleId: In([...scheduleIds]), endsAt: MoreThan(after) },
      order: { startsAt: 'ASC', id: 'ASC' },
    });
  }

  findOverride(scheduleId: string, id: string): Promise<ScheduleOverrideEntity | null> {
    return this.overrides.findOneBy({ scheduleId, id });
  }

  createOverride(fields: OverrideFields): Promise<ScheduleOverrideEntity> {
    return this.overrides.save(
      this.overrides.create({ ...fields, organizationId: this.uow.organizationId }),
    );
  }

  async deleteOverride(id: string): Promise<void> {
    await this.overrides.delete({ id });
  }

  private save(row: ScheduleEntity): Promise<ScheduleEntity> {
    return withConflicts(() => this.schedules.save(row), {
      schedule_organization_name_key: `A schedule named "${row.name}" already exists`,
      schedule_organization_ical_token_key: 'The iCal token collided; try again',
    });
  }
}
