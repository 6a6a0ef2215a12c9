import { Injectable } from '@nestjs/common';

import { ApiKeysService } from '../api-keys/api-keys.service';
import { AccessTokens } from '../tokens/access-tokens.service';
import { RefreshTokensRepository } from '../tokens/refresh-tokens.repository';
import { userActor } from '../users/user-actor';
import { UsersRepository } from '../users/users.repository';
import { Principal } from './authenticated-request';

/** One place that turns a credential (access JWT or API key) into a principal. */
@Injectable()
export class ActorResolver {
  constructor(
    private readonly tokens: AccessTokens,
    private readonly users: UsersRepository,
    private readonly apiKeys: ApiKeysService,
    private readonly sessions: RefreshTokensRepository,
  ) {}

  /**
   * A valid access token (the Socket.IO handshake's path; HTTP verifies the signature with
   * passport-jwt and comes in through fromAccessClaims).
   */
  async fromAccessToken(token: string): Promise<Principal | null> {
    return this.fromAccessClaims(await this.tokens.verifyAccessPayload(token));
  }

  /**
   * Verified claims of an access token → the principal: an active user whose session is still
   * open, with the user's current roles. Logging out (or a password change, a disabled account,
   * a detected token reuse) revokes the session's refresh tokens, and with them its access
   * tokens at once, not at expiry.
   */
  async fromAccessClaims(payload: unknown): Promise<Principal | null> {
    const claims = AccessTokens.parseAccessClaims(payload);
    if (!claims?.familyId || !(await this.sessions.isFamilyActive(claims.familyId))) return null;
    const user = await this.users.findById(claims.userId);
    if (!user || user.status !== 'active') return null;
    return {
      actor: userActor(user),
      mustChangePassword: user.mustChangePassword,
      sessionFamilyId: claims.familyId,
    };
  }

  async fromApiKey(key: string): Promise<Principal | null> {
    const actor = await this.apiKeys.authenticate(key);
    return actor ? { actor, mustChangePassword: false, sessionFamilyId: null } : null;
  }
}
