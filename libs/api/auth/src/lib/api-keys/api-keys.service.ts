import { Actor, UnitOfWork } from '@hyperion/api/core';
import type { ApiKeySummary, CreatedApiKey } from '@hyperion/contracts';
import { Injectable, NotFoundException } from '@nestjs/common';

import { ApiKeyEntity } from '../entities/api-key.entity';
import { Principal } from '../guards/authenticated-request';
import { AccessRevocation } from '../principals/access-revocation.service';
import { PrincipalCache } from '../principals/principal-cache';
import { assertCanGrant, assertKnownPermissions, unionPermissions } from '../roles/permissions';
import { sameDigest, sha256Hex } from '../tokens/token-crypto';
import { MembershipsRepository } from '../users/memberships.repository';
import { membershipPermissions } from '../users/user-mapper';
import { API_KEY_MARK, apiKeyPrefix, generateApiKey } from './api-key-format';
import { ApiKeysRepository } from './api-keys.repository';
import { CreateApiKeyDto } from './dto/create-api-key.dto';

/** A key's last use is written at most this often (per key, across instances). */
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

/** API keys of the active organisation: scoped by permissions, stored hashed, revocable. */
@Injectable()
export class ApiKeysService {
  private readonly touched = new Map<string, number>();

  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly uow: UnitOfWork,
    private readonly cache: PrincipalCache,
    private readonly revocation: AccessRevocation,
    private readonly memberships: MembershipsRepository,
  ) {}

  async list(): Promise<ApiKeySummary[]> {
    return (await this.uow.run(() => this.keys.list())).map(toSummary);
  }

  async create(actor: Actor, dto: CreateApiKeyDto): Promise<CreatedApiKey> {
    assertKnownPermissions(dto.permissions);
    assertCanGrant(actor.permissions, dto.permissions, 'permissions');
    const { prefix, key } = generateApiKey();
    const row = await this.uow.run(async (tx) => {
      const created = await this.keys.create({
        name: dto.name,
        prefix,
        keyHash: sha256Hex(key),
        permissions: unionPermissions([dto.permissions]),
        createdBy: actor.type === 'user' ? actor.id : null,
      });
      await tx.audit({
        action: 'api_key_created',
        target: `api_key:${created.id}`,
        result: 'success',
        details: { name: created.name, permissions: created.permissions },
      });
      return created;
    });
    return { ...toSummary(row), key };
  }

  async revoke(_actor: Actor, id: string): Promise<void> {
    await this.uow.run(async (tx) => {
      const row = await this.keys.findById(id);
      if (!row) throw new NotFoundException('API key not found');
      await this.keys.revoke(id);
      await tx.audit({
        action: 'api_key_revoked',
        target: `api_key:${id}`,
        result: 'success',
        details: { name: row.name, alreadyRevoked: row.revokedAt !== null },
      });
      tx.afterCommit(() => this.revocation.apiKey(id));
    });
  }

  /**
   * The principal of a valid, unrevoked key of an enabled organisation, or null. Cached by the
   * key's hash (only valid keys are), so a known key costs no database round trip.
   */
  async authenticate(key: string): Promise<Principal | null> {
    const prefix = apiKeyPrefix(key);
    if (!prefix) return null;
    const hash = sha256Hex(key);
    const principal = await this.cache.getOrLoad<Principal & { createdBy: string | null }>(
      `api_key:${hash}`,
      (p) => [
        { apiKey: p.actor.id },
        { organization: p.actor.organizationId ?? '' },
        ...(p.createdBy ? [{ user: p.createdBy }] : []),
      ],
      async () => {
        const row = await this.uow.run(
          async (tx) => {
            // Prefixes are unique per organisation: compare the hash of each candidate.
            const found = (await this.keys.findByPrefix(prefix)).find((k) =>
              sameDigest(k.keyHash, hash),
            );
            if (!found || found.revokedAt) return null;
            const [org] = await tx.manager.query(
              `SELECT disabled_at FROM organization WHERE id = $1`,
              [found.organizationId],
            );
            return org && !org.disabled_at ? found : null;
          },
          { organizationId: null, lookups: { api_key_prefix: prefix } },
        );
        if (!row) return null;
        const bound = row.createdBy
          ? await this.creatorPermissions(row.createdBy, row.organizationId)
          : null;
        // A key made by a user lives and dies with that user's place in the organisation.
        if (row.createdBy && !bound) return null;
        const permissions = unionPermissions([row.permissions]).filter(
          (p) => !bound || bound.includes(p),
        );
        return {
          createdBy: row.createdBy,
          actor: {
            type: 'api_key',
            id: row.id,
            name: row.name,
            permissions,
            organizationId: row.organizationId,
            sessionId: null,
          },
          mustChangePassword: false,
          sessionFamilyId: null,
        };
      },
    );
    if (!principal) return null;
    this.touch(principal.actor.id, principal.actor.organizationId);
    return {
      actor: principal.actor,
      mustChangePassword: false,
      sessionFamilyId: null,
    };
  }

  /**
   * What the key's creator may do in the key's organisation now (the key can do no more), or
   * null when the creator is disabled or no longer a member there.
   */
  private creatorPermissions(userId: string, organizationId: string): Promise<string[] | null> {
    return this.uow.run(
      async () => {
        const membership = await this.memberships.findByUser(userId);
        if (!membership || membership.user?.status !== 'active') return null;
        return membershipPermissions(membership);
      },
      { organizationId, independent: true },
    );
  }

  /** Records a use at most once a minute per key, off the request's path. */
  private touch(id: string, organizationId: string | null): void {
    const now = Date.now();
    if ((this.touched.get(id) ?? 0) > now - TOUCH_EVERY_MS) return;
    this.touched.set(id, now);
    void this.uow
      .run(() => this.keys.touch(id, TOUCH_EVERY_MS), { organizationId, independent: true })
      .catch(() => this.touched.delete(id));
  }
}
