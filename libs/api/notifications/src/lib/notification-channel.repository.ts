import { UnitOfWork } from '@hyperion/api/core';
import type { NotificationChannelKind } from '@hyperion/contracts';
import { ConflictException, Injectable } from '@nestjs/common';
import { QueryFailedError, Repository } from 'typeorm';

import { NotificationChannelEntity } from './entities/notification-channel.entity';

/** The fields a use case sets; the organisation comes from the unit of work. */
export interface NotificationChannelFields {
  name: string;
  kind: NotificationChannelKind;
  enabled: boolean;
  config: Record<string, unknown>;
  /** Sealed (SecretBox). */
  secrets: string;
}

const UNIQUE_NAME = 'notification_channel_organization_name_key';

/** 409 for a name already taken in this organisation (PostgreSQL's unique violation). */
function nameConflict(error: unknown, name: string): ConflictException | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = (
    error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }
  ).driverError;
  if (driverError?.code !== '23505' || driverError.constraint !== UNIQUE_NAME) return null;
  return new ConflictException(`A notification channel named "${name}" already exists`);
}

/**
 * The only place that touches TypeORM for notification channels. Every call runs inside a unit of
 * work (`UnitOfWork.run`): its EntityManager carries the organisation, so row-level security
 * keeps other organisations' rows out of every query.
 */
@Injectable()
export class NotificationChannelRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows(): Repository<NotificationChannelEntity> {
    return this.uow.manager.getRepository(NotificationChannelEntity);
  }

  list(): Promise<NotificationChannelEntity[]> {
    return this.rows.find({ order: { name: 'ASC', id: 'ASC' } });
  }

  findById(id: string): Promise<NotificationChannelEntity | null> {
    return this.rows.findOneBy({ id });
  }

  /** `id` is chosen by the caller: the secrets' seal is bound to it. */
  create(id: string, fields: NotificationChannelFields): Promise<NotificationChannelEntity> {
    return this.save(this.rows.create({ ...fields, id, organizationId: this.uow.organizationId }));
  }

  update(
    row: NotificationChannelEntity,
    fields: Partial<Omit<NotificationChannelFields, 'kind'>>,
  ): Promise<NotificationChannelEntity> {
    return this.save(this.rows.merge(row, fields));
  }

  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }

  private async save(row: NotificationChannelEntity): Promise<NotificationChannelEntity> {
    try {
      return await this.rows.save(row);
    } catch (error) {
      throw nameConflict(error, row.name) ?? error;
    }
  }
}
