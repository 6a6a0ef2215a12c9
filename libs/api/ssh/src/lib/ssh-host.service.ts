import { UnitOfWork } from '@hyperion/api/core';
import type { SshHostSummary } from '@hyperion/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';

import { CreateSshHostDto, UpdateSshHostDto } from './dto/ssh-host.dto';
import { SshHostEntity } from './entities/ssh-host.entity';
import { SshHostRepository } from './ssh-host.repository';

/** The response the API and the console see; entities never leave this library. */
export function toSshHostSummary(row: SshHostEntity): SshHostSummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** `ssh_host:<id>`, the audit log's target of a ssh host. */
const target = (id: string) => `ssh_host:${id}`;

/**
 * The ssh hosts use cases. Each runs in one unit of work, in the organisation of the
 * request context: a command's write and its audit row commit or roll back together, and an id
 * of another organisation is simply not found (row-level security).
 */
@Injectable()
export class SshHostService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: SshHostRepository,
  ) {}

  list(): Promise<SshHostSummary[]> {
    return this.uow.run(async () => (await this.repository.list()).map(toSshHostSummary));
  }

  get(id: string): Promise<SshHostSummary> {
    return this.uow.run(async () => toSshHostSummary(await this.found(id)));
  }

  create(dto: CreateSshHostDto): Promise<SshHostSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.repository.create({ name: dto.name });
      await tx.audit({
        action: 'ssh_host_created',
        target: target(row.id),
        result: 'success',
        details: { name: row.name },
      });
      return toSshHostSummary(row);
    });
  }

  update(id: string, dto: UpdateSshHostDto): Promise<SshHostSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const before = row.name;
      const updated = await this.repository.update(row, { name: dto.name ?? row.name });
      await tx.audit({
        action: 'ssh_host_updated',
        target: target(id),
        result: 'success',
        details: { name: updated.name, previousName: before },
      });
      return toSshHostSummary(updated);
    });
  }

  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      await this.repository.delete(row.id);
      await tx.audit({
        action: 'ssh_host_deleted',
        target: target(id),
        result: 'success',
        details: { name: row.name },
      });
    });
  }

  private async found(id: string): Promise<SshHostEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('Ssh host not found');
    return row;
  }
}
