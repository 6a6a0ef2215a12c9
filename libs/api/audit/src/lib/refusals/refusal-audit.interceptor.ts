import { PERMISSIONS_KEY, RequestContext, RequestWithActor } from '@hyperion/api/core';
import type { AnyPermission, AuditAction } from '@hyperion/contracts';
import {
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { catchError, finalize, from, Observable, switchMap, throwError } from 'rxjs';

import { AuditService } from '../audit.service';
import { AUDIT_REFUSAL_KEY, REFUSED_ACTIONS, routeKey } from './refused-actions';

const MUTATING = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);
const ADMIN_PERMISSIONS: readonly AnyPermission[] = ['users:admin', 'platform:admin'];

/**
 * Records refusals that come from a handler rather than the permission guard: an authenticated
 * change refused with 403 (e.g. granting a permission one does not hold), or on an
 * administration route with 409 (e.g. "the last administrator"). The entry is a failure of the
 * route's action (AuditRefusal, else REFUSED_ACTIONS, else `permission_denied`) with the
 * refusal's message, counted per minute like every repeatable refusal. A request whose service
 * already recorded a failure entry is not recorded twice.
 */
@Injectable()
export class RefusalAuditInterceptor implements NestInterceptor {
  constructor(
    private readonly reflector: Reflector,
    private readonly audit: AuditService,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const correlationId = RequestContext.meta().correlationId;
    return next.handle().pipe(
      catchError((error: unknown) =>
        from(this.recordRefusal(context, error)).pipe(switchMap(() => throwError(() => error))),
      ),
      finalize(() => this.audit.takeFailureMark(correlationId)),
    );
  }

  private async recordRefusal(context: ExecutionContext, error: unknown): Promise<void> {
    if (!(error instanceof HttpException)) return;
    const req = context
      .switchToHttp()
      .getRequest<RequestWithActor & { route?: { path?: string } }>();
    if (!req.actor || !MUTATING.has(req.method)) return;
    const targets = [context.getHandler(), context.getClass()];
    const required = this.reflector.getAllAndOverride<AnyPermission[]>(PERMISSIONS_KEY, targets);
    const adminRoute = (required ?? []).some((p) => ADMIN_PERMISSIONS.includes(p));
    const status = error.getStatus();
    if (status !== HttpStatus.FORBIDDEN && !(status === HttpStatus.CONFLICT && adminRoute)) return;
    if (this.audit.takeFailureMark(RequestContext.meta().correlationId)) return;

    const routePath = req.route?.path ?? req.path;
    const action: AuditAction =
      this.reflector.getAllAndOverride<AuditAction>(AUDIT_REFUSAL_KEY, targets) ??
      REFUSED_ACTIONS[routeKey(req.method, routePath)] ??
      'permission_denied';
    const target = `${req.method} ${req.path}`;
    await this.audit.recordRepeated(
      {
        action,
        target,
        result: 'failure',
        details: { status, reason: messageOf(error) },
      },
      { sample: target },
    );
  }
}

function messageOf(error: HttpException): string {
  const response = error.getResponse();
  const message =
    typeof response === 'string'
      ? response
      : ((response as { message?: unknown }).message ?? error.message);
  return (Array.isArray(message) ? message.join('; ') : String(message)).slice(0, 500);
}
