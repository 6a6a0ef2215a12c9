import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';

import type { ApiErrorBody } from '@hyperion/contracts';
import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Response } from 'express';

import { RequestWithCorrelation } from './correlation-id';
import { bodyParserFailure, isBodyParserError } from './request-guards';

/** Seconds a client should wait before retrying a request the database could not answer in time. */
const DATABASE_RETRY_AFTER_S = 5;

/**
 * A query the database did not answer in time: the client's read timeout (`query_timeout` of
 * the pool) or PostgreSQL's own cancel (57014, statement_timeout). A 503 to retry, not a 500.
 */
function isDatabaseTimeout(exception: unknown): boolean {
  if (!(exception instanceof Error)) return false;
  const code = (exception as { driverError?: { code?: string }; code?: string }).driverError?.code;
  return (
    exception.message === 'Query read timeout' ||
    code === '57014' ||
    (exception as { code?: string }).code === '57014'
  );
}

/** The most validation messages one answer lists. */
const MESSAGES_MAX = 20;

function boundedMessages(messages: string[]): string[] {
  const distinct = [...new Set(messages)];
  if (distinct.length <= MESSAGES_MAX) return distinct;
  return [
    ...distinct.slice(0, MESSAGES_MAX),
    `… and ${distinct.length - MESSAGES_MAX} more problems`,
  ];
}

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
    let allowed: string[] | undefined;
    if (exception instanceof HttpException) {
      statusCode = exception.getStatus();
      const response = exception.getResponse();
      message =
        typeof response === 'string'
          ? response
          : ((response as { message?: string | string[] }).message ?? exception.message);
      // An illegal move names the moves allowed instead (e.g. an incident's lifecycle).
      const listed = typeof response === 'object' && (response as { allowed?: unknown }).allowed;
      if (Array.isArray(listed) && listed.every((a) => typeof a === 'string')) allowed = listed;
      // Each problem once, and a bounded list (a list of 3,000 bad items is not 3,000 lines).
      if (Array.isArray(message)) message = boundedMessages(message);
    } else if (isBodyParserError(exception)) {
      // express body-parser: malformed JSON (400), body too large (413), bad charset (415)...
      ({ statusCode, message } = bodyParserFailure(exception));
    } else if (isDatabaseTimeout(exception)) {
      statusCode = 503;
      message = 'The database did not answer in time; try again in a moment';
      if (!res.headersSent) res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_S));
    }

    const body: ApiErrorBody = {
      statusCode,
      error: STATUS_CODES[statusCode] ?? 'Error',
      message,
      ...(allowed ? { allowed } : {}),
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
