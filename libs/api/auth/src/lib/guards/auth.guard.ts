import { AuditService } from '@hyperion/api/audit';
import { IS_PUBLIC_KEY, PERMISSIONS_KEY, RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { AnyPermission } from '@hyperion/contracts';
import {
  CanActivate,
  ExecutionContext,
  ForbiddenException,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';

import { looksLikeApiKey } from '../api-keys/api-key-format';
import { missingPermissions } from '../roles/permissions';
import { ActorResolver } from './actor-resolver.service';
import { ALLOW_PENDING_PASSWORD_CHANGE_KEY } from './auth-decorators';
import { AuthenticatedRequest, Principal } from './authenticated-request';
import {
  CredentialAudit,
  CredentialRejected,
  rejectedAccessClaims,
  rejectedApiKey,
} from './credential-failure';
import { JwtPassportGuard } from './jwt.strategy';

/** The credential of a request: `Authorization: Bearer ...`, else `X-API-Key`. */
export function credentialOf(req: AuthenticatedRequest): string | null {
  const authorization = req.header('authorization');
  const bearer = authorization ? /^Bearer\s+(\S+)\s*$/i.exec(authorization)?.[1] : undefined;
  return bearer ?? req.header('x-api-key')?.trim() ?? null;
}

/**
 * Global guard (APP_GUARD): authenticates every HTTP route that is not `@Public()`, sets
 * `req.actor`, holds back users who must change their password, and enforces
 * `@RequirePermissions()` (403 naming what is missing, audited as `permission_denied`). A
 * refused Bearer token or API key is audited as `auth_failed` with the reason (CredentialAudit).
 * Both are counted per minute and actor (or source IP) by AuditService.recordRepeated, so a
 * flood of refused requests writes a few rows, not one each.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly resolver: ActorResolver,
    private readonly audit: AuditService,
    private readonly jwt: JwtPassportGuard,
    private readonly uow: UnitOfWork,
    private readonly credentials: CredentialAudit,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    // Socket.IO connections are authenticated in the handshake (SocketAuthenticator).
    if (context.getType() !== 'http') return true;
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC_KEY, targets)) return true;

    const req = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const credential = credentialOf(req);
    if (!credential) throw new UnauthorizedException('Authentication required');
    const principal = await this.authenticate(context, req, credential).catch(
      async (error: unknown) => {
        if (error instanceof CredentialRejected) await this.credentials.record(error, 'http');
        throw error;
      },
    );
    req.actor = principal.actor;
    req.sessionFamilyId = principal.sessionFamilyId;
    RequestContext.setActor(principal.actor);

    if (
      principal.mustChangePassword &&
      !this.reflector.getAllAndOverride<boolean>(ALLOW_PENDING_PASSWORD_CHANGE_KEY, targets)
    ) {
      throw new ForbiddenException('Password change required');
    }

    const required = this.reflector.getAllAndOverride<AnyPermission[]>(PERMISSIONS_KEY, targets);
    const missing = missingPermissions(required ?? [], principal.actor.permissions);
    if (missing.length === 0) return true;
    const target = `${req.method} ${req.path}`;
    await this.audit.recordRepeated(
      {
        actor: principal.actor,
        action: 'permission_denied',
        target,
        result: 'failure',
        details: { permissions: missing },
      },
      { sample: target },
    );
    throw new ForbiddenException(
      `Missing permission${missing.length > 1 ? 's' : ''}: ${missing.join(', ')}`,
    );
  }

  /** API keys (`Bearer hyp_...` / `X-API-Key`) here; access tokens through passport-jwt. */
  private async authenticate(
    context: ExecutionContext,
    req: AuthenticatedRequest,
    credential: string,
  ): Promise<Principal> {
    if (looksLikeApiKey(credential)) {
      const principal = await this.resolver.fromApiKey(credential);
      if (!principal) throw await rejectedApiKey(this.uow, credential);
      return principal;
    }
    await this.jwt.canActivate(context);
    const principal = await this.resolver.fromAccessClaims(req.user);
    if (!principal) throw rejectedAccessClaims(req.user);
    return principal;
  }
}
