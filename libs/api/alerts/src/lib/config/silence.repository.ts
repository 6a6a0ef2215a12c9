import { UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';
import { LessThanOrEqual, MoreThan, Repository } from 'typeorm';

import { SilenceEntity } from './entities/silence.entity';

export type SilenceFields = Pick<
  SilenceEntity,
  'comment' | 'matchers' | 'startsAt' | 'endsAt' | 'recurrence' | 'createdBy'
>;

/** The only TypeORM code of silences; every call runs inside a unit of work. */
@Injectable()
export class SilenceRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows(): Repository<SilenceEntity> {
    return this.uow.manager.getRepository(SilenceEntity);
  }

  /** Those not yet ended at `at`, the soonest to start first. */
  listLive(at: Date): Promise<SilenceEntity[]> {
    return this.rows.find({
      where: { endsAt: MoreThan(at) },
      order: { startsAt: 'ASC', createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** The `limit` that ended last before `at`, the latest first. */
  listEnded(at: Date, limit: number): Promise<SilenceEntity[]> {
    return this.rows.find({
      where: { endsAt: LessThanOrEqual(at) },
      order: { endsAt: 'DESC', id: 'ASC' },
      take: limit,
    });
  }

  /** With `forUpdate`, the row stays locked until the unit of work ends. */
  findById(id: string, forUpdate = false): Promise<SilenceEntity | null> {
    return this.rows.findOne({
      where: { id },
      ...(forUpdate ? { lock: { mode: 'pessimistic_write' as const } } : {}),
    });
  }

  create(fields: SilenceFields): Promise<SilenceEntity> {
    return this.rows.save(this.rows.create({ ...fields, organizationId: this.uow.organizationId }));
  }

  update(row: SilenceEntity, fields: Partial<Pick<SilenceEntity, 'startsAt' | 'endsAt'>>) {
    return this.rows.save(this.rows.merge(row, fields));
  }
}
