import { UnitOfWork } from '@hyperion/api/core';
import type { StatusPageSummary } from '@hyperion/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';

import { CreateStatusPageDto, UpdateStatusPageDto } from './dto/status-page.dto';
import { StatusPageEntity } from './entities/status-page.entity';
import { StatusPageRepository } from './status-page.repository';

/** The response the API and the console see; entities never leave this library. */
export function toStatusPageSummary(row: StatusPageEntity): StatusPageSummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** `status_page:<id>`, the audit log's target of a status page. */
const target = (id: string) => `status_page:${id}`;

/**
 * The status pages use cases. Each runs in one unit of work, in the organisation of the
 * request context: a command's write and its audit row commit or roll back together, and an id
 * of another organisation is simply not found (row-level security).
 */
@Injectable()
export class StatusPageService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: StatusPageRepository,
  ) {}

  list(): Promise<StatusPageSummary[]> {
    return this.uow.run(async () => (await this.repository.list()).map(toStatusPageSummary));
  }

  get(id: string): Promise<StatusPageSummary> {
    return this.uow.run(async () => toStatusPageSummary(await this.found(id)));
  }

  create(dto: CreateStatusPageDto): Promise<StatusPageSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.repository.create({ name: dto.name });
      await tx.audit({
        action: 'status_page_created',
        target: target(row.id),
        result: 'success',
        details: { name: row.name },
      });
      return toStatusPageSummary(row);
    });
  }

  update(id: string, dto: UpdateStatusPageDto): Promise<StatusPageSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const before = row.name;
      const updated = await this.repository.update(row, { name: dto.name ?? row.name });
      await tx.audit({
        action: 'status_page_updated',
        target: target(id),
        result: 'success',
        details: { name: updated.name, previousName: before },
      });
      return toStatusPageSummary(updated);
    });
  }

  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      await this.repository.delete(row.id);
      await tx.audit({
        action: 'status_page_deleted',
        target: target(id),
        result: 'success',
        details: { name: row.name },
      });
    });
  }

  private async found(id: string): Promise<StatusPageEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('Status page not found');
    return row;
  }
}
