import { existsSync } from 'node:fs';
import { join } from 'node:path';

import type { NextFunction, Request, Response } from 'express';

/**
 * `/health` is both the JSON health endpoint and a console page. A browser navigating there
 * (Accept prefers text/html) gets the console, which then reads the JSON itself; every other
 * client (curl, Docker, load balancers, monitors) keeps getting JSON.
 */
export function consolePageFallback(webDistDir: string, paths: string[]) {
  const index = join(webDistDir, 'index.html');
  return (req: Request, res: Response, next: NextFunction): void => {
    if (
      req.method === 'GET' &&
      paths.includes(req.path) &&
      req.accepts(['json', 'html']) === 'html' &&
      existsSync(index)
    ) {
      res.sendFile(index);
      return;
    }
    next();
  };
}
