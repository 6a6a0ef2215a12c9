import type { NextFunction, Response } from 'express';

import { RequestContext } from '../context/request-context';
import { RequestWithCorrelation } from './correlation-id';

/**
 * Opens the request context for the rest of the request (mounted after the body parsers, so
 * their callbacks cannot lose it). The auth guard adds the actor and organisation.
 */
export function requestContextMiddleware(
  req: RequestWithCorrelation,
  _res: Response,
  next: NextFunction,
): void {
  const userAgent = req.header('user-agent');
  RequestContext.run(
    {
      correlationId: req.correlationId,
      // `req.ip` honours the app's "trust proxy" setting (TRUST_PROXY).
      ip: req.ip ?? req.socket.remoteAddress ?? null,
      userAgent: userAgent ? userAgent.slice(0, 512) : null,
    },
    next,
  );
}
