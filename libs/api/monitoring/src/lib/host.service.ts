import { UnitOfWork } from '@hyperion/api/core';
import type { HostSummary } from '@hyperion/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';

import { CreateHostDto, UpdateHostDto } from './dto/host.dto';
import { HostEntity } from './entities/host.entity';
import { HostRepository } from './host.repository';

/** The response the API and the console see; entities never leave this library. */
export function toHostSummary(row: HostEntity): HostSummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** `host:<id>`, the audit log's target of a host. */
const target = (id: string) => `host:${id}`;

/**
 * The hosts use cases. Each runs in one unit of work, in the organisation of the
 * request context: a command's write and its audit row commit or roll back together, and an id
 * of another organisation is simply not found (row-level security).
 */
@Injectable()
export class HostService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: HostRepository,
  ) {}

  list(): Promise<HostSummary[]> {
    return this.uow.run(async () => (await this.repository.list()).map(toHostSummary));
  }

  get(id: string): Promise<HostSummary> {
    return this.uow.run(async () => toHostSummary(await this.found(id)));
  }

  create(dto: CreateHostDto): Promise<HostSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.repository.create({ name: dto.name });
      await tx.audit({
        action: 'host_created',
        target: target(row.id),
        result: 'success',
        details: { name: row.name },
      });
      return toHostSummary(row);
    });
  }

  update(id: string, dto: UpdateHostDto): Promise<HostSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const before = row.name;
      const updated = await this.repository.update(row, { name: dto.name ?? row.name });
      await tx.audit({
        action: 'host_updated',
        target: target(id),
        result: 'success',
        details: { name: updated.name, previousName: before },
      });
      return toHostSummary(updated);
    });
  }

  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      await this.repository.delete(row.id);
      await tx.audit({
        action: 'host_deleted',
        target: target(id),
        result: 'success',
        details: { name: row.name },
      });
    });
  }

  private async found(id: string): Promise<HostEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('Host not found');
    return row;
  }
}
