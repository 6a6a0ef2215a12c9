import { AuditService } from '@hyperion/api/audit';
import { Actor, RequestMeta } from '@hyperion/api/core';
import type { ApiKeySummary, CreatedApiKey } from '@hyperion/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';

import { ApiKeyEntity } from '../entities/api-key.entity';
import { unionPermissions } from '../roles/permissions';
import { assertKnownPermissions } from '../roles/roles.service';
import { sameDigest, sha256Hex } from '../tokens/token-crypto';
import { API_KEY_MARK, apiKeyPrefix, generateApiKey } from './api-key-format';
import { ApiKeysRepository } from './api-keys.repository';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

const TOUCH_EVERY_MS = 60_000;

function toSummary(key: ApiKeyEntity): ApiKeySummary {
  return {
    id: key.id,
    name: key.name,
    prefix: `${API_KEY_MARK}${key.prefix}`,
    permissions: unionPermissions([key.permissions]),
    createdAt: key.createdAt.toISOString(),
    lastUsedAt: key.lastUsedAt?.toISOString() ?? null,
    revokedAt: key.revokedAt?.toISOString() ?? null,
  };
}

/** API keys for machine clients: scoped by permissions, stored hashed, revocable. */
@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditService,
  ) {}

  async list(): Promise<ApiKeySummary[]> {
    return (await this.keys.list()).map(toSummary);
  }

  async create(actor: Actor, dto: CreateApiKeyDto, meta: RequestMeta): Promise<CreatedApiKey> {
    assertKnownPermissions(dto.permissions);
    const { prefix, key } = generateApiKey();
    const row = await this.keys.create({
      name: dto.name,
      prefix,
      keyHash: sha256Hex(key),
      permissions: unionPermissions([dto.permissions]),
      createdBy: actor.type === 'user' ? actor.id : null,
    });
    await this.audit.record({
      actor,
      action: 'api_key_created',
      target: `api_key:${row.id}`,
      result: 'success',
      details: { name: row.name, permissions: row.permissions },
      meta,
    });
    return { ...toSummary(row), key };
  }

  async revoke(actor: Actor, id: string, meta: RequestMeta): Promise<void> {
    const row = await this.keys.findById(id);
    if (!row) throw new NotFoundException('API key not found');
    await this.keys.revoke(id);
    await this.audit.record({
      actor,
      action: 'api_key_revoked',
      target: `api_key:${id}`,
      result: 'success',
      details: { name: row.name, alreadyRevoked: row.revokedAt !== null },
      meta,
    });
  }

  /** The actor of a valid, unrevoked key, or null. Records the use. */
  async authenticate(key: string): Promise<Actor | null> {
    const prefix = apiKeyPrefix(key);
    const row = prefix ? await this.keys.findByPrefix(prefix) : null;
    if (!row || row.revokedAt || !sameDigest(row.keyHash, sha256Hex(key))) return null;
    await this.keys.touch(row.id, TOUCH_EVERY_MS);
    return {
      type: 'api_key',
      id: row.id,
      name: row.name,
      permissions: unionPermissions([row.permissions]),
    };
  }
}
