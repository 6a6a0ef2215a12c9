import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';

import { AuthenticatedRequest } from './authenticated-request';

export const ALLOW_PENDING_PASSWORD_CHANGE_KEY = 'hyperion:allow-pending-password-change';

/**
 * Reachable by a user who must still change their password (auth/me, auth/password,
 * auth/logout); every other authenticated route answers 403 "Password change required".
 */
export const AllowPendingPasswordChange = () =>
  SetMetadata(ALLOW_PENDING_PASSWORD_CHANGE_KEY, true);

/** The refresh-token family of the caller's session (null for API keys). */
export const SessionFamily = createParamDecorator(
  (_: unknown, ctx: ExecutionContext): string | null =>
    ctx.switchToHttp().getRequest<AuthenticatedRequest>().sessionFamilyId ?? null,
);
