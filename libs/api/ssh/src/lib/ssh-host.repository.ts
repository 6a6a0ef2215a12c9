import { UnitOfWork } from '@hyperion/api/core';
import type { SshAuthMethod } from '@hyperion/contracts';
import { ConflictException, Injectable } from '@nestjs/common';
import { IsNull, QueryFailedError, Repository } from 'typeorm';

import { SshHostEntity } from './entities/ssh-host.entity';

/** The fields a use case sets; the organisation comes from the unit of work. */
export interface SshHostFields {
  name: string;
  address: string;
  port: number;
  username: string;
  authMethod: SshAuthMethod;
  credentials: string;
  jumpHostId: string | null;
  tags: string[];
}

/** The trusted and pending host key columns. */
export type SshHostKeyFields = Pick<
  SshHostEntity,
  | 'hostKeyFingerprint'
  | 'hostKeyType'
  | 'hostKeyTrustedAt'
  | 'hostKeyPendingFingerprint'
  | 'hostKeyPendingType'
>;

const UNIQUE_NAME = 'ssh_host_organization_name_key';
const JUMP_HOST_FK = 'ssh_host_jump_host_id_fkey';

/** 409 for a name already taken, or a host still used as a jump host (PostgreSQL's codes). */
function conflict(error: unknown, name: string): ConflictException | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = (
    error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }
  ).driverError;
  if (driverError?.code === '23505' && driverError.constraint === UNIQUE_NAME) {
    return new ConflictException(`A SSH host named "${name}" already exists`);
  }
  if (driverError?.code === '23503' && driverError.constraint === JUMP_HOST_FK) {
    return new ConflictException(`SSH host "${name}" is the jump host of another host`);
  }
  return null;
}

/**
 * The only place that touches TypeORM for SSH hosts. Every call runs inside a unit of
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

  /** Locks the row for the rest of the transaction (host key changes, jump host chains). */
  findForUpdate(id: string): Promise<SshHostEntity | null> {
    return this.rows.findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  create(id: string, fields: SshHostFields): Promise<SshHostEntity> {
    return this.save(
      this.rows.create({
        ...fields,
        id,
        organizationId: this.uow.organizationId,
        hostKeyFingerprint: null,
        hostKeyType: null,
        hostKeyTrustedAt: null,
        hostKeyPendingFingerprint: null,
        hostKeyPendingType: null,
      }),
    );
  }

  update(
    row: SshHostEntity,
    fields: Partial<SshHostFields & SshHostKeyFields>,
  ): Promise<SshHostEntity> {
    return this.save(this.rows.merge(row, fields));
  }

  /** Records a first-use key unless one was recorded meanwhile; whether it did. */
  async recordFirstKey(id: string, fingerprint: string, keyType: string): Promise<boolean> {
    const result = await this.rows.update(
      { id, hostKeyFingerprint: IsNull() },
      { hostKeyFingerprint: fingerprint, hostKeyType: keyType, hostKeyTrustedAt: new Date() },
    );
    return (result.affected ?? 0) > 0;
  }

  /** Keeps the key a host offered instead of the trusted one, for an administrator to approve. */
  async recordPendingKey(
    id: string,
    trusted: string,
    fingerprint: string,
    keyType: string,
  ): Promise<boolean> {
    const result = await this.rows.update(
      { id, hostKeyFingerprint: trusted },
      { hostKeyPendingFingerprint: fingerprint, hostKeyPendingType: keyType },
    );
    return (result.affected ?? 0) > 0;
  }

  async delete(row: SshHostEntity): Promise<void> {
    try {
      await this.rows.delete({ id: row.id });
    } catch (error) {
      throw conflict(error, row.name) ?? error;
    }
  }

  private async save(row: SshHostEntity): Promise<SshHostEntity> {
    try {
      return await this.rows.save(row);
    } catch (error) {
      throw conflict(error, row.name) ?? error;
    }
  }
}
