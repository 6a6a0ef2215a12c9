import {
  HttpErrorResponse,
  HttpInterceptorFn,
  HttpRequest,
  HttpStatusCode,
} from '@angular/common/http';
import { inject } from '@angular/core';
import { catchError, switchMap, throwError } from 'rxjs';

import { AuthService } from './auth.service';
import { SKIP_AUTH } from './http-context';

/** Requests to the API (same origin, `/api/...`) carry the access token; nothing else does. */
const isApiRequest = (request: HttpRequest<unknown>): boolean => request.url.startsWith('/api/');

const withBearer = (request: HttpRequest<unknown>, token: string): HttpRequest<unknown> =>
  request.clone({ setHeaders: { Authorization: `Bearer ${token}` } });

/**
 * Adds `Authorization: Bearer <access token>` to API requests. On a 401 it refreshes the token
 * once (concurrent 401s share that refresh, see `AuthService.refresh`) and retries the request
 * with the new token; when the refresh fails the session ends and the original 401 is passed on.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (request.context.get(SKIP_AUTH) || !isApiRequest(request)) {
    return next(request);
  }
  const auth = inject(AuthService);
  const token = auth.accessToken();
  if (!token) {
    return next(request);
  }
  return next(withBearer(request, token)).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== HttpStatusCode.Unauthorized) {
        return throwError(() => error);
      }
      const current = auth.accessToken();
      if (current && current !== token) {
        // Another request refreshed the token while this one was in flight.
        return next(withBearer(request, current));
      }
      if (!current) {
        return throwError(() => error);
      }
      return auth.refresh().pipe(
        catchError(() => throwError(() => error)),
        switchMap((fresh) => next(withBearer(request, fresh))),
      );
    }),
  );
};
