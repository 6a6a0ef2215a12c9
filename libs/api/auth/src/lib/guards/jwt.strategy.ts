import { AppSecrets } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';
import { AuthGuard as PassportAuthGuard, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

import { rejectedAccessToken } from './credential-failure';

type Verifier = (
  token: string,
  secret: string | Buffer,
  options: object,
  done: (error: Error | null, payload?: { exp?: number }) => void,
) => void;

const VERIFIED_MAX = 10_000;

/**
 * passport-jwt verifies every request's token from scratch (jsonwebtoken: a key object and an
 * HMAC per call, a sixth of the CPU of an authenticated request). A token already verified with
 * the same secret is the same answer until it expires, so the verdict is remembered (bounded,
 * and re-checked against `exp`). Only successes are kept; revocation is not decided here but by
 * the principal (session, account, membership), which the guard resolves on every request.
 */
function rememberVerified(verify: Verifier): Verifier {
  const verified = new Map<string, { secret: string | Buffer; payload: { exp?: number } }>();
  return (token, secret, options, done) => {
    const hit = verified.get(token);
    if (hit && hit.secret === secret && (hit.payload.exp ?? 0) * 1000 > Date.now()) {
      done(null, hit.payload);
      return;
    }
    verify(token, secret, options, (error, payload) => {
      if (!error && payload && typeof payload.exp === 'number') {
        if (verified.size >= VERIFIED_MAX) verified.clear();
        verified.set(token, { secret, payload });
      }
      done(error, payload);
    });
  };
}

const strategyStatics = Strategy as unknown as { JwtVerifier: Verifier; remembered?: true };
if (!strategyStatics.remembered) {
  strategyStatics.JwtVerifier = rememberVerified(strategyStatics.JwtVerifier);
  strategyStatics.remembered = true;
}

/**
 * passport-jwt: verifies the `Authorization: Bearer` access token (HS256 signature, expiry) and
 * hands its claims to the guard, which resolves them with ActorResolver, the same code the
 * Socket.IO handshake uses. It holds nothing else: passport keeps strategies in a process-wide
 * registry, so a strategy must not capture one application's services.
 */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(secrets: AppSecrets) {
    super({
      jwtFromRequest: ExtractJwt.fromAuthHeaderAsBearerToken(),
      secretOrKey: secrets.jwtSecret,
      algorithms: ['HS256'],
      issuer: 'hyperion',
      ignoreExpiration: false,
    });
  }

  validate(payload: object): object {
    return payload;
  }
}

/**
 * Runs JwtStrategy; any failure is the API's usual 401, carrying why (expired, bad signature ...)
 * for the audit log (CredentialRejected).
 */
@Injectable()
export class JwtPassportGuard extends PassportAuthGuard('jwt') {
  override handleRequest<T>(error: unknown, principal: T | false, info?: unknown): T {
    if (error || !principal) throw rejectedAccessToken(error ?? info);
    return principal;
  }
}
