import { AppConfig } from '@hyperion/api/core';
import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Request, Response } from 'express';
import { map, Observable } from 'rxjs';

import { ISSUED_REFRESH_TOKEN, IssuedTokens, setRefreshCookie } from './refresh-cookie';

const carriesRefreshToken = (body: unknown): body is IssuedTokens =>
  typeof body === 'object' &&
  body !== null &&
  typeof (body as IssuedTokens)[ISSUED_REFRESH_TOKEN] === 'string';

/**
 * On the auth controller: a response that issues a refresh token (login, 2FA step, refresh,
 * organisation switch) sets it as the `hyperion_refresh` cookie and is marked
 * `Cache-Control: no-store`. The body keeps the access token only (the refresh token sits under a
 * symbol, which JSON never serialises). Any other response passes unchanged.
 */
@Injectable()
export class RefreshCookieInterceptor implements NestInterceptor {
  constructor(private readonly config: AppConfig) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (context.getType() !== 'http') return next.handle();
    const http = context.switchToHttp();
    return next.handle().pipe(
      map((body: unknown) => {
        if (!carriesRefreshToken(body)) return body;
        const res = http.getResponse<Response>();
        setRefreshCookie(
          http.getRequest<Request>(),
          res,
          body[ISSUED_REFRESH_TOKEN] as string,
          this.config.jwtRefreshTtlSeconds,
        );
        res.setHeader('Cache-Control', 'no-store');
        return body;
      }),
    );
  }
}
