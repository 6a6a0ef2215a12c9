import { randomUUID } from 'node:crypto';

import { AppConfig } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';

const CHALLENGE_TTL_SECONDS = 300;

interface AccessClaims {
  sub: string;
  typ: 'access';
  /** Refresh-token family of the session the token belongs to. */
  fam?: string;
  /** The organisation the session acts in (absent: none, a platform administrator only). */
  org?: string;
}

export interface ParsedAccessClaims {
  userId: string;
  familyId: string | null;
  organizationId: string | null;
}

interface ChallengeClaims {
  sub: string;
  typ: '2fa';
  /**
   * Random: two challenges issued in the same second must differ, as a redeemed challenge is
   * remembered by its hash (a second sign-in within that second was refused as already used).
   */
  jti: string;
}

/** Signs and verifies Hyperion's JWTs (HS256 with AppSecrets.jwtSecret, see AuthModule). */
@Injectable()
export class AccessTokens {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  get accessTtlSeconds(): number {
    return this.config.jwtAccessTtlSeconds;
  }

  signAccess(userId: string, familyId: string, organizationId: string | null): Promise<string> {
    const claims: AccessClaims = {
      sub: userId,
      typ: 'access',
      fam: familyId,
      ...(organizationId ? { org: organizationId } : {}),
    };
    return this.jwt.signAsync(claims, { expiresIn: this.config.jwtAccessTtlSeconds });
  }

  /** The user id and session family of already-verified claims, when they are an access token's. */
  static parseAccessClaims(payload: unknown): ParsedAccessClaims | null {
    const claims = payload as Partial<AccessClaims> | null;
    if (!claims || claims.typ !== 'access' || typeof claims.sub !== 'string') return null;
    return {
      userId: claims.sub,
      familyId: typeof claims.fam === 'string' ? claims.fam : null,
      organizationId: typeof claims.org === 'string' ? claims.org : null,
    };
  }

  /** The verified payload of a token (any type), or null when the signature or expiry fails. */
  verifyAccessPayload(token: string): Promise<object | null> {
    return this.verify<object>(token);
  }

  /**
   * The verified payload of a token, or the error jsonwebtoken reported (expired, bad signature,
   * malformed ...), for callers that say why a token was refused.
   */
  async verifyOrExplain(token: string): Promise<{ payload: object } | { error: unknown }> {
    try {
      return { payload: await this.jwt.verifyAsync<object>(token) };
    } catch (error) {
      return { error };
    }
  }

  /** When an (already verified) token expires, from its `exp` claim. */
  expiresAt(token: string): Date | null {
    const claims: unknown = this.jwt.decode(token);
    const exp = (claims as { exp?: unknown } | null)?.exp;
    return typeof exp === 'number' ? new Date(exp * 1000) : null;
  }

  /** The short-lived token a 2FA user gets after the password, exchanged with a code. */
  signChallenge(userId: string): Promise<string> {
    const claims: ChallengeClaims = { sub: userId, typ: '2fa', jti: randomUUID() };
    return this.jwt.signAsync(claims, { expiresIn: CHALLENGE_TTL_SECONDS });
  }

  async verifyChallenge(token: string): Promise<string | null> {
    const claims = await this.verify<ChallengeClaims>(token);
    return claims && claims.typ === '2fa' && typeof claims.sub === 'string' ? claims.sub : null;
  }

  private async verify<T extends object>(token: string): Promise<T | null> {
    try {
      return await this.jwt.verifyAsync<T>(token);
    } catch {
      return null;
    }
  }
}
