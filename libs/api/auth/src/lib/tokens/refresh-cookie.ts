import { AUTH_ROUTES, REFRESH_COOKIE, TokenPair } from '@hyperion/contracts';
import type { Request, Response } from 'express';

/**
 * Where the refresh-token cookie is sent: the auth routes only (`/api/v1/auth`), never to the
 * rest of the API or to the console's own pages.
 */
export const REFRESH_COOKIE_PATH = AUTH_ROUTES.refresh.slice(
  0,
  AUTH_ROUTES.refresh.lastIndexOf('/'),
);

/**
 * The refresh token of a freshly issued session, kept under a symbol: JSON never serialises a
 * symbol key, so even a route that forgot the RefreshCookieInterceptor cannot leak the token in
 * its body. The interceptor moves it into the cookie.
 */
export const ISSUED_REFRESH_TOKEN = Symbol('issuedRefreshToken');

/** What the session service answers: the body, plus the new cookie value when it issued one. */
export type IssuedTokens = TokenPair & { readonly [ISSUED_REFRESH_TOKEN]?: string };

/** The refresh token the browser sent in the `hyperion_refresh` cookie, if any. */
export function readRefreshCookie(req: Pick<Request, 'headers'>): string | undefined {
  const header = req.headers.cookie;
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== REFRESH_COOKIE) continue;
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2)
      value = value.slice(1, -1);
    try {
      value = decodeURIComponent(value);
    } catch {
      return undefined;
    }
    // Refresh tokens are base64url; anything else cannot be one (and is not looked up).
    return /^[A-Za-z0-9_-]{16,256}$/.test(value) ? value : undefined;
  }
  return undefined;
}

/**
 * `hyperion_refresh=<token>`: HttpOnly (no script reads it), SameSite=Strict (no other site's
 * page sends it), scoped to the auth routes, Secure when the request came over HTTPS (`req.secure`
 * honours the app's trust-proxy setting, so it is also right behind a TLS-terminating proxy).
 */
export function setRefreshCookie(
  req: Pick<Request, 'secure'>,
  res: Pick<Response, 'append'>,
  token: string,
  maxAgeSeconds: number,
): void {
  res.append('Set-Cookie', serialize(req, encodeURIComponent(token), Math.floor(maxAgeSeconds)));
}

/** Removes the cookie (logout): same name, path and flags, empty, Max-Age=0. */
export function clearRefreshCookie(req: Pick<Request, 'secure'>, res: Pick<Response, 'append'>) {
  res.append('Set-Cookie', serialize(req, '', 0));
}

function serialize(req: Pick<Request, 'secure'>, value: string, maxAge: number): string {
  const parts = [
    `${REFRESH_COOKIE}=${value}`,
    `Max-Age=${maxAge}`,
    `Path=${REFRESH_COOKIE_PATH}`,
    'HttpOnly',
    'SameSite=Strict',
  ];
  if (req.secure) parts.push('Secure');
  return parts.join('; ');
}
