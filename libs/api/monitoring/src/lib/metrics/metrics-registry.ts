import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';

import { MetricsAccess } from './metrics-access';
import { METRICS_SOURCES, MetricsSource } from './metrics-source';

/**
 * The registry behind `GET /metrics`: Node's process metrics (CPU, memory, heap, event loop,
 * handles, GC) and every MetricsSource. One registry per application, not prom-client's global
 * one, so several instances in one process (the tests) each report their own. Nothing is
 * registered or sampled when metrics are disabled.
 */
@Injectable()
export class MetricsRegistry implements OnModuleInit {
  private readonly registry = new Registry();

  constructor(
    private readonly access: MetricsAccess,
    @Inject(METRICS_SOURCES) private readonly sources: readonly MetricsSource[],
  ) {}

  onModuleInit(): void {
    if (!this.access.enabled) return;
    collectDefaultMetrics({ register: this.registry });
    for (const source of this.sources) source.register(this.registry);
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  /** Every metric in Prometheus' text format (version 0.0.4). */
  text(): Promise<string> {
    return this.registry.metrics();
  }
}
