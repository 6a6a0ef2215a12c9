import { randomUUID } from 'node:crypto';

import { AuditService } from '@hyperion/api/audit';
import { AppConfig, RequestContext, UnitOfWork } from '@hyperion/api/core';
import { REFRESH_COOKIE } from '@hyperion/contracts';
import { Injectable, UnauthorizedException } from '@nestjs/common';

import { RefreshTokenEntity } from '../entities/refresh-token.entity';
import { UserEntity } from '../entities/user.entity';
import { AccessRevocation } from '../principals/access-revocation.service';
import { userActor, userTarget } from '../users/user-actor';
import { UsersRepository } from '../users/users.repository';
import { AccessTokens } from './access-tokens.service';
import { ISSUED_REFRESH_TOKEN, IssuedTokens } from './refresh-cookie';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { randomToken, sha256Hex } from './token-crypto';

const INVALID_REFRESH = 'Invalid or expired refresh token';
const NO_REFRESH_COOKIE = `No session cookie (${REFRESH_COOKIE}): sign in again`;

/**
 * Grace of a concurrent refresh. A replaced refresh token presented again within this time of its
 * replacement, from the same device as its successor (same address and user agent) while that
 * successor is still the session's live token, is taken for two tabs of one browser refreshing at
 * once (or a reply lost on the way), not for a theft: it gets a fresh access token of the session
 * but no refresh token (the browser keeps the successor's cookie, so nothing new can be stolen).
 * Later, from anywhere else, or once the successor was used, it is a reuse: the family is revoked.
 * The console also serialises its tabs' refreshes (a Web Lock), so the grace is a safety net.
 */
export const REFRESH_REUSE_GRACE_MS = 10_000;

/**
 * Sessions: an access JWT plus a rotating refresh token, acting in one organisation. Every
 * refresh replaces the token by a new one of the same family; presenting a replaced token again
 * means it was stolen (or the client is confused), so the whole family is revoked, except within
 * the short grace of a concurrent refresh (REFRESH_REUSE_GRACE_MS).
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
  ): Promise<IssuedTokens> {
    const familyId = randomUUID();
    const actor = userActor(user, organizationId, familyId);
    const method = typeof details['method'] === 'string' ? details['method'].slice(0, 32) : null;
    const refreshToken = await RequestContext.fork({ actor, organizationId }, () =>
      this.uow.run(
        async (tx) => {
          const token = await this.storeRefreshToken(user.id, familyId, organizationId, method);
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

  /** The refresh token of the cookie → a new access token and a rotated refresh token. */
  async refresh(raw: string | undefined): Promise<IssuedTokens> {
    if (!raw) throw new UnauthorizedException(NO_REFRESH_COOKIE);
    const row = await this.findByToken(raw);
    if (!row) throw new UnauthorizedException(INVALID_REFRESH);
    if (row.replacedBy) return this.replayed(row);
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
          method: row.method,
          sessionStartedAt: row.sessionStartedAt,
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
    if (result === 'lost-race') {
      // Another refresh with the same token won: a concurrent tab (grace), or a reuse.
      const now = await this.findByToken(raw);
      if (!now?.replacedBy) throw new UnauthorizedException(INVALID_REFRESH);
      return this.replayed(now);
    }
    return this.pair(result.user, row.familyId, organizationId, result.next);
  }

  /**
   * A replaced token presented again. Within the grace of a concurrent refresh of the same
   * device (see REFRESH_REUSE_GRACE_MS): an access token of the session, no new refresh token.
   * Otherwise a reuse: the family is revoked.
   */
  private async replayed(row: RefreshTokenEntity): Promise<IssuedTokens> {
    const organizationId = row.organizationId;
    const user = await this.uow.run(
      async (tx) => {
        const replacedAt = row.revokedAt?.getTime() ?? 0;
        if (!row.replacedBy || Date.now() - replacedAt > REFRESH_REUSE_GRACE_MS) return null;
        const successor = await this.refreshTokens.findById(row.replacedBy);
        const origin = this.origin();
        if (
          !successor ||
          successor.revokedAt !== null ||
          successor.expiresAt.getTime() <= Date.now() ||
          successor.ip !== origin.ip ||
          successor.userAgent !== origin.userAgent
        ) {
          return null;
        }
        const found = await this.users.findById(row.userId);
        if (!found || found.status !== 'active') return null;
        await tx.audit({
          actor: userActor(found, organizationId, row.familyId),
          action: 'token_refreshed',
          target: userTarget(found.id),
          result: 'success',
          details: { concurrent: true },
        });
        return found;
      },
      { organizationId, platform: organizationId === null, userId: row.userId },
    );
    if (!user) return this.reuseDetected(row.userId, row.familyId, organizationId);
    return this.pair(user, row.familyId, organizationId, null);
  }

  /**
   * Ends the session of the refresh cookie and the one of the access token (normally the same;
   * either alone is enough, so a tab whose access token expired can still sign out). Audited as
   * `logout` for each session actually ended; its access tokens and sockets stop at once.
   */
  async logout(refreshToken: string | undefined, accessToken: string | null): Promise<void> {
    const sessions = new Map<string, { userId: string; organizationId: string | null }>();
    if (refreshToken) {
      const row = await this.findByToken(refreshToken);
      if (row) sessions.set(row.familyId, row);
    }
    if (accessToken) {
      const claims = AccessTokens.parseAccessClaims(
        await this.tokens.verifyAccessPayload(accessToken),
      );
      if (claims?.familyId) sessions.set(claims.familyId, claims);
    }
    const ended: string[] = [];
    for (const [familyId, { userId, organizationId }] of sessions) {
      const done = await this.uow.run(
        async (tx) => {
          if ((await this.refreshTokens.revokeFamily(familyId, userId)) === 0) return false;
          const user = await this.users.findById(userId);
          await tx.audit({
            actor: user ? userActor(user, organizationId, familyId) : null,
            action: 'logout',
            target: userTarget(userId),
            result: 'success',
            details: { scope: 'session' },
          });
          return true;
        },
        { organizationId, platform: organizationId === null, userId },
      );
      if (done) ended.push(familyId);
    }
    await this.revocation.sessions(...ended);
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
    refreshToken: string | null,
  ): Promise<IssuedTokens> {
    return {
      accessToken: await this.tokens.signAccess(user.id, familyId, organizationId),
      expiresIn: this.tokens.accessTtlSeconds,
      mustChangePassword: user.mustChangePassword,
      ...(refreshToken ? { [ISSUED_REFRESH_TOKEN]: refreshToken } : {}),
    };
  }

  private findByToken(raw: string): Promise<RefreshTokenEntity | null> {
    const tokenHash = sha256Hex(raw);
    return this.uow.run(() => this.refreshTokens.findByHash(tokenHash), {
      organizationId: null,
      lookups: { refresh_token_hash: tokenHash },
    });
  }

  private async storeRefreshToken(
    userId: string,
    familyId: string,
    organizationId: string | null,
    method: string | null,
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
      method,
      sessionStartedAt: new Date(),
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
