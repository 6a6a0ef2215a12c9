import { Injectable } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { Histogram, Registry } from 'prom-client';

import { MetricsSource } from './metrics-source';

type Label = 'method' | 'route' | 'status_class';

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
/** Up to 10 s, with the 2 s response-time threshold of the operating procedures as a bound. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10];

/**
 * `http_request_duration_seconds`: how long the API takes to answer, per route template
 * (`/api/v1/incidents/:id`, never the URL itself: ids and query strings would make a series per
 * request), method and status class. A request no route matched counts as route "unmatched".
 * The alert ingest answers ahead of Nest and is not timed here (its counts are alerts_*).
 */
@Injectable()
export class HttpMetrics implements MetricsSource {
  private histogram?: Histogram<Label>;

  register(registry: Registry): void {
    this.histogram = new Histogram({
      name: 'http_request_duration_seconds',
      help: 'Time to answer an HTTP request, by route template, method and status class',
      labelNames: ['method', 'route', 'status_class'],
      buckets: BUCKETS,
      registers: [registry],
    });
  }

  /** The middleware (MetricsModule applies it to every route): times the request to its end. */
  measure(req: Request, res: Response, next: NextFunction): void {
    const histogram = this.histogram;
    if (histogram) {
      const started = process.hrtime.bigint();
      // Express names the route a request matched in `req.route`; here it is still this
      // middleware's own catch-all, which is what stays there when no route matches.
      const mount: unknown = req.route;
      res.once('finish', () => {
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const matched = req.route as { path?: unknown } | undefined;
        const route = matched !== mount ? matched?.path : undefined;
        histogram.observe(
          {
            method: METHODS.has(req.method) ? req.method : 'OTHER',
            route: typeof route === 'string' ? route : 'unmatched',
            status_class: `${Math.floor(res.statusCode / 100)}xx`,
          },
          seconds,
        );
      });
    }
    next();
  }
}
