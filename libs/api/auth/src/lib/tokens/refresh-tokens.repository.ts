import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, IsNull, MoreThan, Not, Repository } from 'typeorm';

import { RefreshTokenEntity } from '../entities/refresh-token.entity';

export interface NewRefreshToken {
  id: string;
  userId: string;
  familyId: string;
  tokenHash: string;
  expiresAt: Date;
  ip: string | null;
  userAgent: string | null;
}

/** The only place that touches TypeORM for refresh tokens. */
@Injectable()
export class RefreshTokensRepository {
  constructor(
    @InjectRepository(RefreshTokenEntity)
    private readonly tokens: Repository<RefreshTokenEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  findByHash(tokenHash: string): Promise<RefreshTokenEntity | null> {
    return this.tokens.findOneBy({ tokenHash });
  }

  async insert(token: NewRefreshToken): Promise<void> {
    await this.tokens.insert(token);
  }

  /**
   * Marks `oldId` replaced by `next` and stores `next`, atomically. False (and nothing stored)
   * when `oldId` was revoked meanwhile, e.g. by a concurrent refresh with the same token.
   */
  rotate(oldId: string, next: NewRefreshToken): Promise<boolean> {
    return this.dataSource.transaction(async (tx) => {
      const result = await tx.update(
        RefreshTokenEntity,
        { id: oldId, revokedAt: IsNull() },
        { revokedAt: new Date(), replacedBy: next.id },
      );
      if (result.affected !== 1) return false;
      await tx.insert(RefreshTokenEntity, next);
      return true;
    });
  }

  /** True while the session still has a live (unrevoked, unexpired) refresh token. */
  isFamilyActive(familyId: string): Promise<boolean> {
    return this.tokens.exists({
      where: { familyId, revokedAt: IsNull(), expiresAt: MoreThan(new Date()) },
    });
  }

  async revokeFamily(familyId: string): Promise<void> {
    await this.tokens.update({ familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  /** Every live token of the user, except those of `keepFamilyId` when given. */
  async revokeAllForUser(userId: string, keepFamilyId?: string | null): Promise<void> {
    await this.tokens.update(
      {
        userId,
        revokedAt: IsNull(),
        ...(keepFamilyId ? { familyId: Not(keepFamilyId) } : {}),
      },
      { revokedAt: new Date() },
    );
  }
}
