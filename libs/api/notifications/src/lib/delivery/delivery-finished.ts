import { Injectable } from '@nestjs/common';

/**
 * Wakes whoever waits for a delivery to finish on this instance (the test-send route), so it does
 * not poll the database at a fast pace.
 */
@Injectable()
export class DeliveryFinished {
  private readonly waiters = new Map<string, Set<() => void>>();

  /** Resolves when `notify(id)` is called, or after `ms`. */
  wait(id: string, ms: number): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(id) ?? new Set<() => void>();
      const done = () => {
        clearTimeout(timer);
        set.delete(done);
        if (set.size === 0 && this.waiters.get(id) === set) this.waiters.delete(id);
        resolve();
      };
      const timer = setTimeout(done, ms);
      set.add(done);
      this.waiters.set(id, set);
    });
  }

  notify(id: string): void {
    for (const done of [...(this.waiters.get(id) ?? [])]) done();
  }

  /** Releases every waiter of `id`. */
  cancel(id: string): void {
    this.notify(id);
  }
}
