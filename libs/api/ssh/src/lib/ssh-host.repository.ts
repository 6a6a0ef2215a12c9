import { UnitOfWork } from '@hyperion/api/core';
import { ConflictException, Injectable } from '@nestjs/common';
import { QueryFailedError, Repository } from 'typeorm';

import { SshHostEntity } from './entities/ssh-host.entity';

/** The fields a use case sets; the organisation comes from the unit of work. */
export interface SshHostFields {
  name: string;
}

const UNIQUE_NAME = 'ssh_host_organization_name_key';

/** 409 for a name already taken in this organisation (PostgreSQL's unique violation). */
function nameConflict(error: unknown, name: string): ConflictException | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = (
    error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }
  ).driverError;
  if (driverError?.code !== '23505' || driverError.constraint !== UNIQUE_NAME) return null;
  return new ConflictException(`A ssh host named "${name}" already exists`);
}

/**
 * The only place that touches TypeORM for ssh hosts. Every call runs inside a unit of
 * work (`UnitOfWork.run`): its EntityManager carries the organisation, so row-level security
 * keeps other organisations' rows out of every query.
 */
@Injectable()
export class SshHostRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows(): Repository<SshHostEntity> {
    return this.uow.manager.getRepository(SshHostEntity);
  }

  list(): Promise<SshHostEntity[]> {
    return this.rows.find({ order: { name: 'ASC', id: 'ASC' } });
  }

  findById(id: string): Promise<SshHostEntity | null> {
    return this.rows.findOneBy({ id });
  }

  create(fields: SshHostFields): Promise<SshHostEntity> {
    return this.save(this.rows.create({ ...fields, organizationId: this.uow.organizationId }));
  }

  update(row: SshHostEntity, fields: Partial<SshHostFields>): Promise<SshHostEntity> {
    return this.save(this.rows.merge(row, fields));
  }

  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }

  private async save(row: SshHostEntity): Promise<SshHostEntity> {
    try {
      return await this.rows.save(row);
    } catch (error) {
      throw nameConflict(error, row.name) ?? error;
    }
  }
}
