import type { IngestOutcome } from '@hyperion/contracts';
import { INGEST_OUTCOMES } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

/**
 * Events this instance took in, by outcome, and in all (`received`), for the later /metrics (each
 * instance exports its own; Prometheus sums them).
 */
@Injectable()
export class AlertCounters {
  private received = 0;
  private readonly outcomes = new Map<IngestOutcome, number>(INGEST_OUTCOMES.map((o) => [o, 0]));

  count(outcomes: readonly IngestOutcome[]): void {
    this.received += outcomes.length;
    for (const outcome of outcomes) {
      this.outcomes.set(outcome, (this.outcomes.get(outcome) ?? 0) + 1);
    }
  }

  snapshot(): { received: number } & Record<IngestOutcome, number> {
    return {
      received: this.received,
      ...(Object.fromEntries(this.outcomes) as Record<IngestOutcome, number>),
    };
  }
}
