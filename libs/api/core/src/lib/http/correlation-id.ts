import { randomUUID } from 'node:crypto';

import type { NextFunction, Request, Response } from 'express';

export const CORRELATION_HEADER = 'x-correlation-id';

const VALID_ID = /^[A-Za-z0-9._-]{1,64}$/;

export type RequestWithCorrelation = Request & { correlationId?: string };

/**
 * Gives every request a correlation id (the caller's `X-Correlation-Id` when it is sane, a new
 * UUID otherwise), echoes it in the response header, and keeps it on the request for logs.
 */
export function correlationIdMiddleware(
  req: RequestWithCorrelation,
  res: Response,
  next: NextFunction,
): void {
  const incoming = req.header(CORRELATION_HEADER);
  const id = incoming && VALID_ID.test(incoming) ? incoming : randomUUID();
  req.correlationId = id;
  res.setHeader(CORRELATION_HEADER, id);
  next();
}
