import { randomUUID } from 'node:crypto';
import { STATUS_CODES } from 'node:http';

import type { ApiErrorBody } from '@hyperion/contracts';
import type { NextFunction, Request, Response } from 'express';

import { RequestWithCorrelation } from './correlation-id';

/** Deeper JSON than this is refused (no Hyperion request body nests more than a few levels). */
export const MAX_BODY_DEPTH = 32;

interface BodyParserError {
  type?: string;
  status?: number;
  statusCode?: number;
  expose?: boolean;
  message?: string;
}

export function isBodyParserError(exception: unknown): exception is BodyParserError {
  const e = exception as BodyParserError | undefined;
  return !!e && typeof e === 'object' && typeof e.type === 'string' && e.expose === true;
}

/** Status and message of a body-parser failure: 400 malformed, 413 too large, 415 charset ... */
export function bodyParserFailure(e: BodyParserError): { statusCode: number; message: string } {
  return {
    statusCode: e.statusCode ?? e.status ?? 400,
    message:
      e.type === 'entity.too.large'
        ? 'Request body is larger than the allowed limit'
        : (e.message ?? 'Malformed request body'),
  };
}

function answer(req: Request, res: Response, statusCode: number, message: string): void {
  const body: ApiErrorBody = {
    statusCode,
    error: STATUS_CODES[statusCode] ?? 'Error',
    message,
    correlationId: (req as RequestWithCorrelation).correlationId ?? randomUUID(),
  };
  res.status(statusCode).json(body);
}

/**
 * Answers a body that could not be parsed right where it failed, in the API's error envelope
 * (400 / 413 / 415). Mounted right after the body parsers, so the console's static serving
 * never turns it into a 404.
 */
export function bodyParserErrorMiddleware(
  error: unknown,
  req: Request,
  res: Response,
  next: NextFunction,
): void {
  if (!isBodyParserError(error)) return next(error);
  const { statusCode, message } = bodyParserFailure(error);
  answer(req, res, statusCode, message);
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Why a parsed value cannot be taken (naming the field), or null. */
export function unacceptableInput(value: unknown, path: string, depth = 0): string | null {
  if (depth > MAX_BODY_DEPTH) return `body is nested deeper than ${MAX_BODY_DEPTH} levels`;
  if (value === null) return `${path} must not be null`;
  if (typeof value === 'string') {
    if (value.includes('\u0000')) return `${path} must not contain NUL characters`;
    if (LONE_SURROGATE.test(value)) return `${path} must be valid Unicode text`;
    return null;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? null : `${path} must be a finite number`;
  }
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const problem = unacceptableInput(value[i], `${path}[${i}]`, depth + 1);
      if (problem) return problem;
    }
    return null;
  }
  if (typeof value === 'object') {
    for (const [key, inner] of Object.entries(value as Record<string, unknown>)) {
      const name = path ? `${path}.${key}` : key;
      const keyProblem = unacceptableInput(key, name, depth + 1);
      if (keyProblem) return keyProblem;
      const problem = unacceptableInput(inner, name, depth + 1);
      if (problem) return problem;
    }
  }
  return null;
}

/**
 * Refuses, with a 400 naming the field, what PostgreSQL or the validators would otherwise turn
 * into a 500: NUL characters and lone UTF-16 surrogates in any string, `null` where a value is
 * expected (no Hyperion request takes null), JSON nested absurdly deep. Body and query string.
 */
export function inputGuardMiddleware(req: Request, res: Response, next: NextFunction): void {
  const problem =
    (req.body !== undefined && typeof req.body === 'object'
      ? unacceptableInput(req.body, '')
      : null) ?? unacceptableInput({ ...req.query }, '');
  if (problem) {
    answer(req, res, 400, problem);
    return;
  }
  next();
}
