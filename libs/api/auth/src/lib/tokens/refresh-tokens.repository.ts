import { UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';
import { IsNull, MoreThan, Not, Repository } from 'typeorm';

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
  /** How the session was opened (password, password+totp ...), carried to each successor. */
  method: string | null;
  /** When the session (the family) began, carried to each successor. */
  sessionStartedAt: Date;
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

  findById(id: string): Promise<RefreshTokenEntity | null> {
    return this.tokens.findOneBy({ id });
  }

  /**
   * The live head of each open session of the user (one per family: the token neither replaced
   * nor revoked, not expired), newest activity first.
   */
  async liveSessions(userId: string): Promise<RefreshTokenEntity[]> {
    const live = await this.tokens.find({
      where: { userId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
      order: { createdAt: 'DESC' },
    });
    const heads = new Map<string, RefreshTokenEntity>();
    for (const token of live) if (!heads.has(token.familyId)) heads.set(token.familyId, token);
    return [...heads.values()];
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

  /** Revokes the live tokens of a family (of `userId` only, when given); how many there were. */
  async revokeFamily(familyId: string, userId?: string): Promise<number> {
    const result = await this.tokens.update(
      { familyId, revokedAt: IsNull(), ...(userId ? { userId } : {}) },
      { revokedAt: new Date() },
    );
    return result.affected ?? 0;
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
