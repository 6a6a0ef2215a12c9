import { RealtimePublisher } from '@hyperion/api/realtime';
import { Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';

import { Invalidation, PrincipalCache } from './principal-cache';

/**
 * Makes a change to who may do what take effect at once, on every instance: cached principals
 * are dropped and the affected sockets are closed (they reconnect with what they may still see).
 * Called after the change committed.
 */
@Injectable()
export class AccessRevocation {
  private readonly logger = new Logger('AccessRevocation');

  constructor(
    private readonly cache: PrincipalCache,
    // Looked up when needed: the gateway authenticates sockets through this module, so
    // injecting the publisher here would make the two modules wait on each other.
    private readonly moduleRef: ModuleRef,
  ) {}

  async sessions(...familyIds: string[]): Promise<void> {
    if (familyIds.length === 0) return;
    await this.apply(familyIds.map((session) => ({ session })));
    await Promise.all(familyIds.map((sessionId) => this.disconnect({ sessionId })));
  }

  async user(userId: string): Promise<void> {
    await this.apply([{ user: userId }]);
    await this.disconnect({ userId });
  }

  async apiKey(apiKeyId: string): Promise<void> {
    await this.apply([{ apiKey: apiKeyId }]);
  }

  async organization(organizationId: string): Promise<void> {
    await this.apply([{ organization: organizationId }]);
  }

  private apply(targets: Invalidation[]): Promise<void> {
    return this.cache.invalidate(...targets);
  }

  private async disconnect(target: { sessionId: string } | { userId: string }): Promise<void> {
    try {
      await this.moduleRef.get(RealtimePublisher, { strict: false }).disconnect(target);
    } catch (error) {
      this.logger.warn(`Could not close sockets: ${String(error)}`);
    }
  }
}
