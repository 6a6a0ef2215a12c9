import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

import { AlertStore, IngestItem, IngestResult } from './alert-store';

interface Waiting {
  organizationId: string;
  items: IngestItem[];
  resolve: (results: IngestResult[]) => void;
  reject: (error: unknown) => void;
}

/** Events in one transaction at most (a larger request is split across transactions). */
const MAX_BATCH = 1000;

/**
 * Group commit for ingest: requests that arrive while a batch is being committed wait for the
 * next one, so under load one transaction carries many events (a few ms each), and alone a
 * request is committed at once. Each caller's promise settles only after its events' transaction
 * committed (a 202 means durable), with its own results in its order.
 */
@Injectable()
export class AlertIngestPipeline implements OnModuleDestroy {
  private readonly logger = new Logger('AlertIngest');
  private queue: Waiting[] = [];
  private running?: Promise<void>;
  private stopped = false;

  constructor(private readonly store: AlertStore) {}

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  submit(organizationId: string, items: IngestItem[]): Promise<IngestResult[]> {
    if (this.stopped) return Promise.reject(new Error('Hyperion is shutting down'));
    if (items.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.queue.push({ organizationId, items, resolve, reject });
      if (!this.running) this.running = this.drain().finally(() => (this.running = undefined));
    });
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const taken = this.take();
      const byOrganization = new Map<string, Waiting[]>();
      for (const waiting of taken) {
        const list = byOrganization.get(waiting.organizationId) ?? [];
        list.push(waiting);
        byOrganization.set(waiting.organizationId, list);
      }
      await Promise.all(
        [...byOrganization].map(([organizationId, waiting]) =>
          this.commit(organizationId, waiting),
        ),
      );
    }
  }

  /** Whole requests, up to MAX_BATCH events (a request larger than that goes alone). */
  private take(): Waiting[] {
    let events = 0;
    let count = 0;
    while (count < this.queue.length) {
      const size = this.queue[count].items.length;
      if (count > 0 && events + size > MAX_BATCH) break;
      events += size;
      count++;
    }
    return this.queue.splice(0, count);
  }

  private async commit(organizationId: string, waiting: Waiting[]): Promise<void> {
    try {
      const results = await this.store.apply(
        organizationId,
        waiting.flatMap((w) => w.items),
      );
      let offset = 0;
      for (const w of waiting) {
        w.resolve(results.slice(offset, offset + w.items.length));
        offset += w.items.length;
      }
    } catch (error) {
      if (waiting.length === 1) {
        waiting[0].reject(error);
        return;
      }
      // One bad request must not fail the others: retry each alone.
      this.logger.warn(`A batch of ${waiting.length} requests failed; committing each alone`);
      for (const w of waiting) {
        await this.store.apply(organizationId, w.items).then(w.resolve, w.reject);
      }
    }
  }
}
