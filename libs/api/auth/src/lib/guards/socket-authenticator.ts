import type { Actor } from '@hyperion/api/core';
import type { SocketAuthenticator } from '@hyperion/api/realtime';
import { Injectable } from '@nestjs/common';

import { AccessTokens } from '../tokens/access-tokens.service';
import { ActorResolver } from './actor-resolver.service';
import {
  CredentialAudit,
  CredentialRejected,
  rejectedAccessClaims,
  rejectedAccessToken,
} from './credential-failure';

/** Longer than any access token Hyperion signs; refused before the signature is computed. */
const MAX_TOKEN_LENGTH = 4096;

/**
 * The Socket.IO handshake's check (provided to realtime as SOCKET_AUTHENTICATOR): the same
 * access-token verification as HTTP, and a refused token is audited the same way (`auth_failed`
 * with the reason, transport `socket`, the handshake's source IP). Users who must change their
 * password are refused too (not a bad credential: not audited, as over HTTP).
 */
@Injectable()
export class AccessTokenSocketAuthenticator implements SocketAuthenticator {
  constructor(
    private readonly resolver: ActorResolver,
    private readonly tokens: AccessTokens,
    private readonly credentials: CredentialAudit,
  ) {}

  async authenticate(token: string): Promise<Actor | null> {
    try {
      const principal = await this.principalOf(token);
      return principal.mustChangePassword ? null : principal.actor;
    } catch (error) {
      if (!(error instanceof CredentialRejected)) throw error;
      await this.credentials.record(error, 'socket');
      return null;
    }
  }

  /** The socket closes when its access token expires (the console has refreshed it by then). */
  expiresAt(token: string): Date | null {
    return this.tokens.expiresAt(token);
  }

  private async principalOf(token: string) {
    if (token.length > MAX_TOKEN_LENGTH) {
      throw rejectedAccessToken({ name: 'JsonWebTokenError', message: 'jwt malformed' });
    }
    const verified = await this.tokens.verifyOrExplain(token);
    if ('error' in verified) throw rejectedAccessToken(verified.error);
    const principal = await this.resolver.fromAccessClaims(verified.payload);
    if (!principal) throw rejectedAccessClaims(verified.payload);
    return principal;
  }
}
