import { UnitOfWork } from '@hyperion/api/core';
import type { FileRootSummary } from '@hyperion/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';

import { CreateFileRootDto, UpdateFileRootDto } from './dto/file-root.dto';
import { FileRootEntity } from './entities/file-root.entity';
import { FileRootRepository } from './file-root.repository';

/** The response the API and the console see; entities never leave this library. */
export function toFileRootSummary(row: FileRootEntity): FileRootSummary {
  return {
    id: row.id,
    name: row.name,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** `file_root:<id>`, the audit log's target of a file root. */
const target = (id: string) => `file_root:${id}`;

/**
 * The file roots use cases. Each runs in one unit of work, in the organisation of the
 * request context: a command's write and its audit row commit or roll back together, and an id
 * of another organisation is simply not found (row-level security).
 */
@Injectable()
export class FileRootService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: FileRootRepository,
  ) {}

  list(): Promise<FileRootSummary[]> {
    return this.uow.run(async () => (await this.repository.list()).map(toFileRootSummary));
  }

  get(id: string): Promise<FileRootSummary> {
    return this.uow.run(async () => toFileRootSummary(await this.found(id)));
  }

  create(dto: CreateFileRootDto): Promise<FileRootSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.repository.create({ name: dto.name });
      await tx.audit({
        action: 'file_root_created',
        target: target(row.id),
        result: 'success',
        details: { name: row.name },
      });
      return toFileRootSummary(row);
    });
  }

  update(id: string, dto: UpdateFileRootDto): Promise<FileRootSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const before = row.name;
      const updated = await this.repository.update(row, { name: dto.name ?? row.name });
      await tx.audit({
        action: 'file_root_updated',
        target: target(id),
        result: 'success',
        details: { name: updated.name, previousName: before },
      });
      return toFileRootSummary(updated);
    });
  }

  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      await this.repository.delete(row.id);
      await tx.audit({
        action: 'file_root_deleted',
        target: target(id),
        result: 'success',
        details: { name: row.name },
      });
    });
  }

  private async found(id: string): Promise<FileRootEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('File root not found');
    return row;
  }
}
