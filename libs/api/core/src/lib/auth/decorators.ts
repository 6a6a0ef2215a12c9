import type { AnyPermission } from '@hyperion/contracts';
import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Request } from 'express';

import { RequestWithCorrelation } from '../http/correlation-id';
import { Actor } from './actor';

export const IS_PUBLIC_KEY = 'hyperion:public';
export const PERMISSIONS_KEY = 'hyperion:permissions';

/** Reachable without authentication (login, health, ...). Everything else needs a token. */
export const Public = () => SetMetadata(IS_PUBLIC_KEY, true);

/** The caller needs every one of these permissions (403 otherwise). */
export const RequirePermissions = (...permissions: AnyPermission[]) =>
  SetMetadata(PERMISSIONS_KEY, permissions);

export type RequestWithActor = Request & RequestWithCorrelation & { actor?: Actor };

/** The authenticated caller (set by the global auth guard). */
export const CurrentActor = createParamDecorator((_: unknown, ctx: ExecutionContext): Actor => {
  const actor = ctx.switchToHttp().getRequest<RequestWithActor>().actor;
  if (!actor) throw new Error('CurrentActor used on a route without authentication');
  return actor;
});
