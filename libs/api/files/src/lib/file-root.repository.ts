import { UnitOfWork } from '@hyperion/api/core';
import type { FileRootKind } from '@hyperion/contracts';
import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { QueryFailedError, Repository } from 'typeorm';

import { FileRootEntity } from './entities/file-root.entity';

/** The fields a use case sets; the organisation comes from the unit of work. */
export interface FileRootFields {
  name: string;
  kind: FileRootKind;
  path: string;
  sshHostId: string | null;
  maxUploadBytes: number | null;
  readOnly: boolean;
  allowedRoles: string[];
}

const UNIQUE_NAME = 'file_root_organization_name_key';
const SSH_HOST_FK = 'file_root_ssh_host_id_fkey';

/** 409 for a name already taken in this organisation (PostgreSQL's unique violation). */
function nameConflict(
  error: unknown,
  name: string,
): ConflictException | BadRequestException | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = (
    error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }
  ).driverError;
  if (driverError?.code === '23503' && driverError.constraint === SSH_HOST_FK) {
    // The host was deleted between the service's check and this write.
    return new BadRequestException('sshHostId: no SSH host with this id in this organisation');
  }
  if (driverError?.code !== '23505' || driverError.constraint !== UNIQUE_NAME) return null;
  return new ConflictException(`A file root named "${name}" already exists`);
}

/**
 * The only place that touches TypeORM for file roots. Every call runs inside a unit of
 * work (`UnitOfWork.run`): its EntityManager carries the organisation, so row-level security
 * keeps other organisations' rows out of every query.
 */
@Injectable()
export class FileRootRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get rows(): Repository<FileRootEntity> {
    return this.uow.manager.getRepository(FileRootEntity);
  }

  list(): Promise<FileRootEntity[]> {
    return this.rows.find({ order: { name: 'ASC', id: 'ASC' } });
  }

  findById(id: string): Promise<FileRootEntity | null> {
    return this.rows.findOneBy({ id });
  }

  create(fields: FileRootFields): Promise<FileRootEntity> {
    return this.save(this.rows.create({ ...fields, organizationId: this.uow.organizationId }));
  }

  update(row: FileRootEntity, fields: Partial<FileRootFields>): Promise<FileRootEntity> {
    return this.save(this.rows.merge(row, fields));
  }

  /** Whether `id` is an SSH host of this organisation (row-level security scopes the lookup). */
  async sshHostExists(id: string): Promise<boolean> {
    const rows: unknown[] = await this.uow.manager.query(`SELECT 1 FROM ssh_host WHERE id = $1`, [
      id,
    ]);
    return rows.length > 0;
  }

  /** The names of the roles `userId` holds in this organisation (row-level security scopes it). */
  async roleNamesOf(userId: string): Promise<string[]> {
    const rows: { name: string }[] = await this.uow.manager.query(
      `SELECT r.name FROM membership m
         JOIN membership_role mr ON mr.membership_id = m.id
         JOIN role r ON r.id = mr.role_id
        WHERE m.user_id = $1`,
      [userId],
    );
    return rows.map((r) => r.name);
  }

  async delete(id: string): Promise<void> {
    await this.rows.delete({ id });
  }

  private async save(row: FileRootEntity): Promise<FileRootEntity> {
    try {
      return await this.rows.save(row);
    } catch (error) {
      throw nameConflict(error, row.name) ?? error;
    }
  }
}
