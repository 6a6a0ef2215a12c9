import type { Permission } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { IsNull, LessThan, Repository } from 'typeorm';

import { ApiKeyEntity } from '../entities/api-key.entity';

export interface NewApiKey {
  name: string;
  prefix: string;
  keyHash: string;
  permissions: Permission[];
  createdBy: string | null;
}

/** The only place that touches TypeORM for API keys. */
@Injectable()
export class ApiKeysRepository {
  constructor(@InjectRepository(ApiKeyEntity) private readonly keys: Repository<ApiKeyEntity>) {}

  list(): Promise<ApiKeyEntity[]> {
    return this.keys.find({ order: { createdAt: 'DESC' } });
  }

  findById(id: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ id });
  }

  findByPrefix(prefix: string): Promise<ApiKeyEntity | null> {
    return this.keys.findOneBy({ prefix });
  }

  async create(key: NewApiKey): Promise<ApiKeyEntity> {
    const result = await this.keys.insert(key);
    return (await this.findById((result.identifiers[0] as { id: string }).id)) as ApiKeyEntity;
  }

  async revoke(id: string): Promise<void> {
    await this.keys.update({ id, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Records a use, at most once per `everyMs` per key (no write on every request). */
  async touch(id: string, everyMs: number): Promise<void> {
    const now = new Date();
    const stale = new Date(now.getTime() - everyMs);
    await this.keys.update({ id, lastUsedAt: IsNull() }, { lastUsedAt: now });
    await this.keys.update({ id, lastUsedAt: LessThan(stale) }, { lastUsedAt: now });
  }
}
