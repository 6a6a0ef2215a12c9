import { AppSecrets } from '@hyperion/api/core';
import { Injectable, UnauthorizedException } from '@nestjs/common';
import { AuthGuard as PassportAuthGuard, PassportStrategy } from '@nestjs/passport';
import { ExtractJwt, Strategy } from 'passport-jwt';

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
      ignoreExpiration: false,
    });
  }

  validate(payload: object): object {
    return payload;
  }
}

/** Runs JwtStrategy; any failure is the API's usual 401. */
@Injectable()
export class JwtPassportGuard extends PassportAuthGuard('jwt') {
  override handleRequest<T>(error: unknown, principal: T | false): T {
    if (error || !principal) throw new UnauthorizedException('Invalid or expired credentials');
    return principal;
  }
}
