import { randomUUID } from 'node:crypto';

import { AuditService } from '@hyperion/api/audit';
import { Actor, AppConfig, RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { TokenPair } from '@hyperion/contracts';
import { ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';

import { UserEntity } from '../entities/user.entity';
import { AccessRevocation } from '../principals/access-revocation.service';
import { userActor, userTarget } from '../users/user-actor';
import { UsersRepository } from '../users/users.repository';
import { AccessTokens } from './access-tokens.service';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { randomToken, sha256Hex } from './token-crypto';

const INVALID_REFRESH = 'Invalid or expired refresh token';

/**
 * Sessions: an access JWT plus a rotating refresh token, acting in one organisation. Every
 * refresh replaces the token by a new one of the same family; presenting a replaced token again
 * means it was stolen (or the client is confused), so the whole family is revoked.
 */
@Injectable()
export class SessionsService {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly uow: UnitOfWork,
    private readonly revocation: AccessRevocation,
  ) {}

  /** A new session in `organizationId` for a user who just proved who they are; audited as `login`. */
  async start(
    user: UserEntity,
    organizationId: string | null,
    details: Record<string, unknown>,
  ): Promise<TokenPair> {
    const familyId = randomUUID();
    const actor = userActor(user, organizationId, familyId);
    const refreshToken = await RequestContext.fork({ actor, organizationId }, () =>
      this.uow.run(
        async (tx) => {
          const token = await this.storeRefreshToken(user.id, familyId, organizationId);
          await tx.audit({
            action: 'login',
            target: userTarget(user.id),
            result: 'success',
            details,
          });
          return token;
        },
        { organizationId, platform: organizationId === null, userId: user.id },
      ),
    );
    return this.pair(user, familyId, organizationId, refreshToken);
  }

  async refresh(raw: string): Promise<TokenPair> {
    const tokenHash = sha256Hex(raw);
    const row = await this.uow.run(() => this.refreshTokens.findByHash(tokenHash), {
      organizationId: null,
      lookups: { refresh_token_hash: tokenHash },
    });
    if (!row) throw new UnauthorizedException(INVALID_REFRESH);
    if (row.replacedBy) return this.reuseDetected(row.userId, row.familyId, row.organizationId);
    if (row.revokedAt || row.expiresAt.getTime() <= Date.now()) {
      throw new UnauthorizedException(INVALID_REFRESH);
    }
    const organizationId = row.organizationId;
    const result = await this.uow.run(
      async (tx) => {
        const user = await this.users.findById(row.userId);
        // The session's organisation must still have the user as a member, and be enabled.
        const [place] = organizationId
          ? await tx.manager.query(
              `SELECT o.disabled_at IS NULL AS enabled,
                      EXISTS (SELECT 1 FROM membership m
                               WHERE m.organization_id = o.id AND m.user_id = $2) AS member
                 FROM organization o WHERE o.id = $1`,
              [organizationId, row.userId],
            )
          : [{ enabled: true, member: true }];
        if (!user || user.status !== 'active' || !place?.enabled || !place?.member) {
          await this.refreshTokens.revokeFamily(row.familyId);
          return null;
        }
        const next = randomToken();
        const rotated = await this.refreshTokens.rotate(row.id, {
          id: randomUUID(),
          userId: user.id,
          familyId: row.familyId,
          organizationId,
          tokenHash: sha256Hex(next),
          expiresAt: this.refreshExpiry(),
          ...this.origin(),
        });
        if (!rotated) return 'lost-race' as const;
        await tx.audit({
          actor: userActor(user, organizationId, row.familyId),
          action: 'token_refreshed',
          target: userTarget(user.id),
          result: 'success',
        });
        return { user, next };
      },
      { organizationId, platform: organizationId === null, userId: row.userId },
    );
    if (result === null) throw new UnauthorizedException(INVALID_REFRESH);
    // Lost the race against another refresh with the same token: that is a reuse too.
    if (result === 'lost-race') return this.reuseDetected(row.userId, row.familyId, organizationId);
    return this.pair(result.user, row.familyId, organizationId, result.next);
  }

  /**
   * Revokes the session of `refreshToken` (when it is the caller's), or every session of the
   * caller when none is given; their access tokens and sockets stop at once.
   */
  async logout(actor: Actor, refreshToken: string | undefined): Promise<void> {
    if (actor.type !== 'user') throw new ForbiddenException('Only a user session can log out');
    const revoked = await this.uow.run(async (tx) => {
      let families: string[];
      let scope = 'all sessions';
      if (refreshToken !== undefined) {
        scope = 'session';
        const row = await this.refreshTokens.findByHash(sha256Hex(refreshToken));
        families = row && row.userId === actor.id ? [row.familyId] : [];
        for (const family of families) await this.refreshTokens.revokeFamily(family);
      } else {
        families = await this.refreshTokens.revokeAllForUser(actor.id);
      }
      await tx.audit({
        action: 'logout',
        target: userTarget(actor.id),
        result: 'success',
        details: { scope },
      });
      return families;
    });
    await this.revocation.sessions(...revoked);
  }

  /** Revokes every session of a user but `keepFamilyId` (password change, disable), on commit. */
  async revokeOthers(userId: string, keepFamilyId?: string | null): Promise<void> {
    const families = await this.uow.run(
      () => this.refreshTokens.revokeAllForUser(userId, keepFamilyId),
      { userId, organizationId: null, independent: true },
    );
    await this.revocation.sessions(...families);
  }

  /** Ends one session (switching organisation ends the one it came from). */
  async end(familyId: string, userId: string): Promise<void> {
    await this.uow.run(() => this.refreshTokens.revokeFamily(familyId), {
      userId,
      organizationId: null,
      independent: true,
    });
    await this.revocation.sessions(familyId);
  }

  private async reuseDetected(
    userId: string,
    familyId: string,
    organizationId: string | null,
  ): Promise<never> {
    const user = await this.uow.run(
      async () => {
        await this.refreshTokens.revokeFamily(familyId);
        return this.users.findById(userId);
      },
      { userId, organizationId: null },
    );
    await this.revocation.sessions(familyId);
    await this.audit.record({
      actor: null,
      actorName: user?.username,
      action: 'token_reuse_detected',
      target: userTarget(userId),
      result: 'failure',
      details: { familyId },
      organizationId,
    });
    throw new UnauthorizedException('Refresh token was already used; the session is revoked');
  }

  private async pair(
    user: UserEntity,
    familyId: string,
    organizationId: string | null,
    refreshToken: string,
  ): Promise<TokenPair> {
    return {
      accessToken: await this.tokens.signAccess(user.id, familyId, organizationId),
      refreshToken,
      expiresIn: this.tokens.accessTtlSeconds,
      mustChangePassword: user.mustChangePassword,
    };
  }

  private async storeRefreshToken(
    userId: string,
    familyId: string,
    organizationId: string | null,
  ): Promise<string> {
    const token = randomToken();
    await this.refreshTokens.insert({
      id: randomUUID(),
      userId,
      familyId,
      organizationId,
      tokenHash: sha256Hex(token),
      expiresAt: this.refreshExpiry(),
      ...this.origin(),
    });
    return token;
  }

  private origin(): { ip: string | null; userAgent: string | null } {
    const meta = RequestContext.meta();
    return { ip: meta.ip?.slice(0, 64) ?? null, userAgent: meta.userAgent };
  }

  private refreshExpiry(): Date {
    return new Date(Date.now() + this.config.jwtRefreshTtlSeconds * 1000);
  }
}
