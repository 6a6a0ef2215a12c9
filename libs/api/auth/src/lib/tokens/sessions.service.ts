import { randomUUID } from 'node:crypto';

import { AuditService } from '@hyperion/api/audit';
import { Actor, AppConfig, RequestMeta } from '@hyperion/api/core';
import type { TokenPair } from '@hyperion/contracts';
import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';

import { UserEntity } from '../entities/user.entity';
import { userActor, userTarget } from '../users/user-actor';
import { UsersRepository } from '../users/users.repository';
import { AccessTokens } from './access-tokens.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { randomToken, sha256Hex } from './token-crypto';

const INVALID_REFRESH = 'Invalid or expired refresh token';

/**
 * Sessions: an access JWT plus a rotating refresh token. Every refresh replaces the token by a
 * new one of the same family; presenting a replaced token again means it was stolen (or the
 * client is confused), so the whole family is revoked.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
  ) {}

  /** A new session for a user who just proved who they are; audited as `login`. */
  async start(
    user: UserEntity,
    meta: RequestMeta,
    details: Record<string, unknown>,
  ): Promise<TokenPair> {
    const familyId = randomUUID();
    const refreshToken = await this.storeRefreshToken(user.id, familyId, meta);
    await this.audit.record({
      actor: userActor(user),
      action: 'login',
      target: userTarget(user.id),
      result: 'success',
      details,
      meta,
    });
    return this.pair(user, familyId, refreshToken);
  }

  async refresh(raw: string, meta: RequestMeta): Promise<TokenPair> {
    const row = await this.refreshTokens.findByHash(sha256Hex(raw));
    if (!row) throw new UnauthorizedException(INVALID_REFRESH);
    if (row.replacedBy) return this.reuseDetected(row.userId, row.familyId, meta);
    if (row.revokedAt || row.expiresAt.getTime() <= Date.now()) {
      throw new UnauthorizedException(INVALID_REFRESH);
    }
    const user = await this.users.findById(row.userId);
    if (!user || user.status !== 'active') {
      await this.refreshTokens.revokeFamily(row.familyId);
      throw new UnauthorizedException(INVALID_REFRESH);
    }
    const next = randomToken();
    const rotated = await this.refreshTokens.rotate(row.id, {
      id: randomUUID(),
      userId: user.id,
      familyId: row.familyId,
      tokenHash: sha256Hex(next),
      expiresAt: this.refreshExpiry(),
      ip: meta.ip?.slice(0, 64) ?? null,
      userAgent: meta.userAgent,
    });
    // Lost the race against another refresh with the same token: that is a reuse too.
    if (!rotated) return this.reuseDetected(row.userId, row.familyId, meta);
    await this.audit.record({
      actor: userActor(user),
      action: 'token_refreshed',
      target: userTarget(user.id),
      result: 'success',
      meta,
    });
    return this.pair(user, row.familyId, next);
  }

  /**
   * Revokes the session of `refreshToken` (when it is the caller's), or every session of the
   * caller when none is given.
   */
  async logout(actor: Actor, refreshToken: string | undefined, meta: RequestMeta): Promise<void> {
    if (actor.type !== 'user') throw new ForbiddenException('Only a user session can log out');
    let scope = 'all sessions';
    if (refreshToken !== undefined) {
      scope = 'session';
      const row = await this.refreshTokens.findByHash(sha256Hex(refreshToken));
      if (row && row.userId === actor.id) await this.refreshTokens.revokeFamily(row.familyId);
    } else {
      await this.refreshTokens.revokeAllForUser(actor.id);
    }
    await this.audit.record({
      actor,
      action: 'logout',
      target: userTarget(actor.id),
      result: 'success',
      details: { scope },
      meta,
    });
  }

  /** Revokes every session of a user but the one in `keepFamilyId` (password change, disable). */
  revokeOthers(userId: string, keepFamilyId?: string | null): Promise<void> {
    return this.refreshTokens.revokeAllForUser(userId, keepFamilyId);
  }

  private async reuseDetected(userId: string, familyId: string, meta: RequestMeta): Promise<never> {
    await this.refreshTokens.revokeFamily(familyId);
    const user = await this.users.findById(userId);
    await this.audit.record({
      actor: null,
      actorName: user?.username,
      action: 'token_reuse_detected',
      target: userTarget(userId),
      result: 'failure',
      details: { familyId },
      meta,
    });
    throw new UnauthorizedException('Refresh token was already used; the session is revoked');
  }

  private async pair(user: UserEntity, familyId: string, refreshToken: string): Promise<TokenPair> {
    return {
      accessToken: await this.tokens.signAccess(user.id, familyId),
      refreshToken,
      expiresIn: this.tokens.accessTtlSeconds,
      mustChangePassword: user.mustChangePassword,
    };
  }

  private async storeRefreshToken(
    userId: string,
    familyId: string,
    meta: RequestMeta,
  ): Promise<string> {
    const token = randomToken();
    await this.refreshTokens.insert({
      id: randomUUID(),
      userId,
      familyId,
      tokenHash: sha256Hex(token),
      expiresAt: this.refreshExpiry(),
      ip: meta.ip?.slice(0, 64) ?? null,
      userAgent: meta.userAgent,
    });
    return token;
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.config.jwtRefreshTtlSeconds * 1000);
  }
}
