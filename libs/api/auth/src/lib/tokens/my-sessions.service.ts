import { Actor, UnitOfWork } from '@hyperion/api/core';
import type { SessionSummary } from '@hyperion/contracts';
import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';

import { RefreshTokenEntity } from '../entities/refresh-token.entity';
import { AccessRevocation } from '../principals/access-revocation.service';
import { userTarget } from '../users/user-actor';
import { RefreshTokensRepository } from './refresh-tokens.repository';

type SessionActor = Actor & { type: 'user'; sessionId: string };

const toSummary = (head: RefreshTokenEntity, currentId: string): SessionSummary => ({
  id: head.familyId,
  createdAt: head.sessionStartedAt.toISOString(),
  lastUsedAt: head.createdAt.toISOString(),
  expiresAt: head.expiresAt.toISOString(),
  organizationId: head.organizationId,
  ip: head.ip,
  userAgent: head.userAgent,
  method: head.method,
  current: head.familyId === currentId,
});

/**
 * The signed-in user's own sessions (refresh-token families still open): the list in the
 * profile, ending one of them, or every one but the current ("sign out everywhere else").
 * Ending a session revokes its family and, through AccessRevocation, its access tokens and
 * sockets at once, on every instance. Audited as `session_revoked`.
 */
@Injectable()
export class MySessionsService {
  constructor(
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly uow: UnitOfWork,
    private readonly revocation: AccessRevocation,
  ) {}

  async list(actor: Actor): Promise<SessionSummary[]> {
    const me = requireSession(actor);
    const heads = await this.uow.run(() => this.refreshTokens.liveSessions(me.id), scope(me));
    return heads.map((head) => toSummary(head, me.sessionId));
  }

  /** Ends one of the caller's open sessions; 404 when it is not one (someone else's, or over). */
  async revoke(actor: Actor, sessionId: string): Promise<void> {
    const me = requireSession(actor);
    await this.uow.run(async (tx) => {
      if ((await this.refreshTokens.revokeFamily(sessionId, me.id)) === 0) {
        throw new NotFoundException('Session not found (it may have ended already)');
      }
      await tx.audit({
        action: 'session_revoked',
        target: userTarget(me.id),
        result: 'success',
        details: { scope: 'session', sessionId, current: sessionId === me.sessionId },
      });
      tx.afterCommit(() => this.revocation.sessions(sessionId));
    }, scope(me));
  }

  /** Ends every open session of the caller except the one making the request. */
  async revokeOthers(actor: Actor): Promise<void> {
    const me = requireSession(actor);
    await this.uow.run(async (tx) => {
      const ended = await this.refreshTokens.revokeAllForUser(me.id, me.sessionId);
      if (ended.length === 0) return;
      await tx.audit({
        action: 'session_revoked',
        target: userTarget(me.id),
        result: 'success',
        details: { scope: 'others', sessions: ended.length },
      });
      tx.afterCommit(() => this.revocation.sessions(...ended));
    }, scope(me));
  }
}

/** The caller's own rows, in the organisation the session acts in (none: instance level). */
const scope = (me: SessionActor) => ({
  userId: me.id,
  organizationId: me.organizationId,
  platform: me.organizationId === null,
});

function requireSession(actor: Actor): SessionActor {
  if (actor.type !== 'user' || !actor.sessionId) {
    throw new ForbiddenException('Only a signed-in user has sessions (not an API key)');
  }
  return actor as SessionActor;
}
