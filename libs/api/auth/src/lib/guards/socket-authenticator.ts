import type { Actor } from '@hyperion/api/core';
import type { SocketAuthenticator } from '@hyperion/api/realtime';
import { Injectable } from '@nestjs/common';

import { AccessTokens } from '../tokens/access-tokens.service';
import { ActorResolver } from './actor-resolver.service';

/**
 * The Socket.IO handshake's check (provided to realtime as SOCKET_AUTHENTICATOR): the same
 * access-token verification as HTTP. Users who must change their password are refused too.
 */
@Injectable()
export class AccessTokenSocketAuthenticator implements SocketAuthenticator {
  constructor(
    private readonly resolver: ActorResolver,
    private readonly tokens: AccessTokens,
  ) {}

  async authenticate(token: string): Promise<Actor | null> {
    const principal = await this.resolver.fromAccessToken(token);
    return principal && !principal.mustChangePassword ? principal.actor : null;
  }

  /** The socket closes when its access token expires (the console has refreshed it by then). */
  expiresAt(token: string): Date | null {
    return this.tokens.expiresAt(token);
  }
}
