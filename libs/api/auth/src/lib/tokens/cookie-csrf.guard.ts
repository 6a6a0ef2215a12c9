import { CSRF_HEADER } from '@hyperion/contracts';
import { CanActivate, ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { Request } from 'express';

/** The hostname of an `Origin` header, or null when it is not a usable URL (`null`, garbage). */
function originHost(origin: string): string | null {
  try {
    return new URL(origin).hostname.toLowerCase();
  } catch {
    return null;
  }
}

/**
 * On the routes the refresh cookie authenticates (refresh, logout). SameSite=Strict already keeps
 * other sites' pages from sending the cookie; this is the second lock, for browsers or set-ups
 * where that does not hold:
 * - the request must carry `x-hyperion-csrf: 1`: a custom header, which a cross-site form or a
 *   "simple" fetch cannot set (and a preflighted one is refused, the API allows no CORS);
 * - an `Origin` header, when present, must name this server's host (the port may differ: the
 *   console's dev server proxies to the API), and `Sec-Fetch-Site` must not say `cross-site`.
 */
@Injectable()
export class CookieCsrfGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    if (req.header(CSRF_HEADER) !== '1') {
      throw new ForbiddenException(
        `Missing header ${CSRF_HEADER}: 1 (required with the session cookie, against cross-site requests)`,
      );
    }
    const origin = req.header('origin');
    const crossSiteOrigin =
      origin !== undefined && originHost(origin) !== req.hostname?.toLowerCase();
    if (crossSiteOrigin || req.header('sec-fetch-site') === 'cross-site') {
      throw new ForbiddenException(
        `Cross-site request refused: Origin ${origin ?? '(none)'} is not this server`,
      );
    }
    return true;
  }
}
