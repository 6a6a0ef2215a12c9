import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';

import type { ApiErrorBody } from '@hyperion/contracts';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';

import { RequestWithCorrelation } from './correlation-id';
import { bodyParserFailure, isBodyParserError } from './request-guards';

/**
 * The one exception filter: every failure answers `{statusCode, error, message, correlationId}`;
 * server errors are logged with their stack under the same correlation id, and never leak it.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') {
      throw exception;
    }
    const http = host.switchToHttp();
    const req = http.getRequest<RequestWithCorrelation>();
    const res = http.getResponse<Response>();
    const correlationId = req.correlationId ?? randomUUID();

    let statusCode = 500;
    let message: string | string[] = 'Internal server error';
    if (exception instanceof HttpException) {
      statusCode = exception.getStatus();
      const response = exception.getResponse();
      message =
        typeof response === 'string'
          ? response
          : ((response as { message?: string | string[] }).message ?? exception.message);
    } else if (isBodyParserError(exception)) {
      // express body-parser: malformed JSON (400), body too large (413), bad charset (415)...
      ({ statusCode, message } = bodyParserFailure(exception));
    }

    const body: ApiErrorBody = {
      statusCode,
      error: STATUS_CODES[statusCode] ?? 'Error',
      message,
      correlationId,
    };
    // A deliberate 503 (load shed with Retry-After, e.g. a login flood) is an answer, not a fault:
    // logging a stack for each would cost the CPU the shedding saves.
    const shed = exception instanceof HttpException && statusCode === 503;
    if (statusCode >= 500 && !shed) {
      const stack = exception instanceof Error ? exception.stack : String(exception);
      this.logger.error(
        { msg: `${req.method} ${req.originalUrl} failed`, correlationId, statusCode },
        stack,
      );
    }
    if (!res.headersSent) {
      res.status(statusCode).json(body);
    }
  }
}
