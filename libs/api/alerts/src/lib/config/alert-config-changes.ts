import { Injectable, Logger } from '@nestjs/common';

/**
 * Tells in-process listeners (the ingest's caches of rules, policies and silences) that an
 * organisation's alert configuration changed. The services call `notify` after commit only, so a
 * listener never reloads a change that rolled back.
 */
@Injectable()
export class AlertConfigChanges {
  private readonly logger = new Logger(AlertConfigChanges.name);
  private readonly listeners = new Set<(organizationId: string) => void>();

  /** Calls `listener` after each committed change; the returned function stops it. */
  onChange(listener: (organizationId: string) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  notify(organizationId: string): void {
    for (const listener of [...this.listeners]) {
      try {
        listener(organizationId);
      } catch (error) {
        this.logger.warn(`An alert configuration listener failed: ${String(error)}`);
      }
    }
  }
}
