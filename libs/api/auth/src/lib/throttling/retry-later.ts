import {
  CallHandler,
  ExecutionContext,
  HttpException,
  HttpStatus,
  Injectable,
  NestInterceptor,
} from '@nestjs/common';
import type { Response } from 'express';
import { catchError, Observable, throwError } from 'rxjs';

/** An answer the client should repeat later: its status, message, and `Retry-After` in seconds. */
export class RetryLaterException extends HttpException {
  readonly retryAfterSeconds: number;

  constructor(message: string, status: HttpStatus, retryAfterSeconds: number) {
    super(message, status);
    this.retryAfterSeconds = Math.max(1, Math.ceil(retryAfterSeconds));
  }
}

/** 503 at once when the password-hashing slots and their queue are full (see HashingLimiter). */
export class HashingBusyException extends RetryLaterException {
  constructor() {
    super(
      'The server is busy checking other passwords; try again in a few seconds',
      HttpStatus.SERVICE_UNAVAILABLE,
      2,
    );
  }
}

/** Sets `Retry-After` on the answer of a RetryLaterException (the exception filter writes the body). */
@Injectable()
export class RetryAfterInterceptor implements NestInterceptor {
  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (error instanceof RetryLaterException && context.getType() === 'http') {
          const res = context.switchToHttp().getResponse<Response>();
          if (!res.headersSent) res.setHeader('Retry-After', String(error.retryAfterSeconds));
        }
        return throwError(() => error);
      }),
    );
  }
}
