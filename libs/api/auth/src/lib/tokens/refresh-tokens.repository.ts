import { UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';
import { IsNull, Not, Repository } from 'typeorm';

import { RefreshTokenEntity } from '../entities/refresh-token.entity';

export interface NewRefreshToken {
  id: string;
  userId: string;
  familyId: string;
  organizationId: string | null;
  tokenHash: string;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** Refresh tokens: visible to their user's units of work, or by hash (the `refresh_token_hash` lookup). */
@Injectable()
export class RefreshTokensRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get tokens(): Repository<RefreshTokenEntity> {
    return this.uow.manager.getRepository(RefreshTokenEntity);
  }

  findByHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  async insert(token: NewRefreshToken): Promise<void> {
    await this.tokens.insert(token);
  }

  /**
   * Marks `oldId` replaced by `next` and stores `next`. False (and nothing stored) when `oldId`
   * was revoked meanwhile, e.g. by a concurrent refresh with the same token.
   */
  async rotate(oldId: string, next: NewRefreshToken): Promise<boolean> {
    const result = await this.tokens.update(
      { id: oldId, revokedAt: IsNull() },
      { revokedAt: new Date(), replacedBy: next.id },
    );
    if (result.affected !== 1) return false;
    await this.tokens.insert(next);
    return true;
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Every live token of the user, except those of `keepFamilyId` when given. */
  async revokeAllForUser(userId: string, keepFamilyId?: string | null): Promise<string[]> {
    const live = await this.tokens.find({
      select: { familyId: true },
      where: {
        userId,
        revokedAt: IsNull(),
        ...(keepFamilyId ? { familyId: Not(keepFamilyId) } : {}),
      },
    });
    await this.tokens.update(
      { userId, revokedAt: IsNull(), ...(keepFamilyId ? { familyId: Not(keepFamilyId) } : {}) },
      { revokedAt: new Date() },
    );
    return [...new Set(live.map((t) => t.familyId))];
  }
}
