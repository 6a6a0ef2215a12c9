import { UnitOfWork } from '@hyperion/api/core';
import type { Permission } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { IsNull, Repository } from 'typeorm';

import { ApiKeyEntity } from '../entities/api-key.entity';

export interface NewApiKey {
  name: string;
  prefix: string;
  keyHash: string;
  permissions: Permission[];
  createdBy: string | null;
}

/** API keys of the unit of work's organisation (found by prefix before it is known). */
@Injectable()
export class ApiKeysRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get keys(): Repository<ApiKeyEntity> {
    return this.uow.manager.getRepository(ApiKeyEntity);
  }

  list(): Promise<ApiKeyEntity[]> {
    return this.keys.find({
      where: { organizationId: this.uow.organizationId },
      order: { createdAt: 'DESC' },
    });
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ id, organizationId: this.uow.organizationId });
  }

  /** Keys with this prefix, in any organisation (visible with the `api_key_prefix` lookup only). */
  findByPrefix(prefix: string): Promise<ApiKeyEntity[]> {
    return this.keys.findBy({ prefix });
  }

  async create(key: NewApiKey): Promise<ApiKeyEntity> {
    const result = await this.keys.insert({ ...key, organizationId: this.uow.organizationId });
    const created = await this.findById((result.identifiers[0] as { id: string }).id);
    if (!created) throw new Error(`API key ${key.name} vanished after insert`);
    return created;
  }

  async revoke(id: string): Promise<void> {
    await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Records a use unless one was recorded in the last `everyMs` (one statement). */
  async touch(id: string, everyMs: number): Promise<void> {
    const stale = new Date(Date.now() - everyMs);
    await this.keys
      .createQueryBuilder()
      .update()
      .set({ lastUsedAt: () => 'now()' })
      .where('id = :id', { id })
      .andWhere('(last_used_at IS NULL OR last_used_at < :stale)', { stale })
      .execute();
  }
}
