import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';

import { AlertStore, IngestItem, IngestResult } from './alert-store';

interface Waiting {
  organizationId: string;
  items: IngestItem[];
  resolve: (results: IngestResult[]) => void;
  reject: (error: unknown) => void;
}

interface Lane {
  queue: Waiting[];
  running: Promise<void> | null;
}

/** Events in one transaction at most (whole requests; one request holds at most 1,000). */
const MAX_BATCH = 1000;
/**
 * Lanes committing side by side. A key always goes to the same lane, so two transactions in
 * flight on this instance never wait for each other's key locks, and one key's events are
 * applied in the order they arrived.
 */
const LANES = 2;

/** FNV-1a (32 bits) of the organisation and key: the key's lane. */
function laneOf(organizationId: string, key: string): number {
  let hash = 0x811c9dc5;
  const text = `${organizationId}:${key}`;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % LANES;
}

/**
 * Group commit for ingest: requests that arrive while a lane's transaction is being committed
 * wait for its next one, so under load one transaction carries many events, and alone a request
 * is committed at once. Each caller's promise settles only after its events' transactions
 * committed (a 202 means durable), with its own results in its order.
 */
@Injectable()
export class AlertIngestPipeline implements OnModuleDestroy {
  private readonly logger = new Logger('AlertIngest');
  private readonly lanes: Lane[] = Array.from({ length: LANES }, () => ({
    queue: [],
    running: null,
  }));
  private stopped = false;
  private spread = 0;

  constructor(private readonly store: AlertStore) {}

  async onModuleDestroy(): Promise<void> {
    this.stopped = true;
    for (const lane of this.lanes) {
      while (lane.running) await lane.running;
    }
  }

  async submit(organizationId: string, items: IngestItem[]): Promise<IngestResult[]> {
    if (this.stopped) throw new Error('Hyperion is shutting down');
    if (items.length === 0) return [];
    const parts = new Map<number, { items: IngestItem[]; at: number[] }>();
    items.forEach((item, i) => {
      const key = item.event.dedupKey;
      // A keyless trigger gets a key of its own: any lane will do.
      const lane = key === null ? this.spread++ % LANES : laneOf(organizationId, key);
      const part = parts.get(lane) ?? { items: [], at: [] };
      part.items.push(item);
      part.at.push(i);
      parts.set(lane, part);
    });
    const results = new Array<IngestResult>(items.length);
    await Promise.all(
      [...parts].map(async ([lane, part]) => {
        const done = await new Promise<IngestResult[]>((resolve, reject) => {
          this.lanes[lane].queue.push({ organizationId, items: part.items, resolve, reject });
          this.pump(this.lanes[lane]);
        });
        done.forEach((result, j) => (results[part.at[j]] = result));
      }),
    );
    return results;
  }

  /** Starts the lane's next transaction unless one runs. */
  private pump(lane: Lane): void {
    if (lane.running || lane.queue.length === 0) return;
    const taken = this.take(lane);
    const byOrganization = new Map<string, Waiting[]>();
    for (const waiting of taken) {
      const list = byOrganization.get(waiting.organizationId) ?? [];
      list.push(waiting);
      byOrganization.set(waiting.organizationId, list);
    }
    lane.running = (async () => {
      for (const [organizationId, waiting] of byOrganization) {
        await this.commit(organizationId, waiting);
      }
    })().finally(() => {
      lane.running = null;
      this.pump(lane);
    });
  }

  /** Whole requests, up to MAX_BATCH events (a request larger than that goes alone). */
  private take(lane: Lane): Waiting[] {
    let events = 0;
    let count = 0;
    while (count < lane.queue.length) {
      const size = lane.queue[count].items.length;
      if (count > 0 && events + size > MAX_BATCH) break;
      events += size;
      count++;
    }
    return lane.queue.splice(0, count);
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
