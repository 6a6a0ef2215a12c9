import { UnitOfWork } from '@hyperion/api/core';
import { Injectable, NotFoundException } from '@nestjs/common';
import { QueryFailedError, Repository } from 'typeorm';

import { SshExecEntity } from '../entities/ssh-exec.entity';

export type SshExecFields = Omit<SshExecEntity, 'id' | 'organizationId' | 'organization' | 'host'>;

/** The only TypeORM code of the command history (in a unit of work: row-level security). */
@Injectable()
export class SshExecRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows(): Repository<SshExecEntity> {
    return this.uow.manager.getRepository(SshExecEntity);
  }

  /** 404 when the host was deleted while its command ran (the history goes with the host). */
  async create(fields: SshExecFields): Promise<SshExecEntity> {
    try {
      return await this.rows.save(
        this.rows.create({ ...fields, organizationId: this.uow.organizationId }),
      );
    } catch (error) {
      const code = (error as QueryFailedError & { driverError?: { code?: string } }).driverError
        ?.code;
      if (error instanceof QueryFailedError && code === '23503') {
        throw new NotFoundException('SSH host not found (deleted while the command ran)');
      }
      throw error;
    }
  }

  /** Newest first, without the output columns. */
  listByHost(hostId: string, limit: number): Promise<SshExecEntity[]> {
    return this.rows.find({
      select: {
        id: true,
        hostId: true,
        userId: true,
        command: true,
        exitCode: true,
        signal: true,
        truncated: true,
        timedOut: true,
        durationMs: true,
        startedAt: true,
        finishedAt: true,
      },
      where: { hostId },
      order: { startedAt: 'DESC', id: 'DESC' },
      take: limit,
    });
  }

  findOne(hostId: string, id: string): Promise<SshExecEntity | null> {
    return this.rows.findOneBy({ hostId, id });
  }
}
