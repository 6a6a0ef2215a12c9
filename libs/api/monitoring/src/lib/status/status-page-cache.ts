import { SharedRedis } from '@hyperion/api/core';
import { Injectable, Logger } from '@nestjs/common';

import { PublicStatusModel } from './public-status-model';
import { PublicStatusBuilder } from './public-status.builder';

/** How long a rendering of a page is served before it is read again. */
export const STATUS_CACHE_TTL_MS = 30_000;
/** How long the last rendering is kept (in Redis) to be served while the database is down. */
const KEEP_SECONDS = 7 * 86_400;
/** A build that takes longer is given up (the last rendering is served instead). */
const BUILD_TIMEOUT_MS = 5_000;
/** Pages kept in this process's memory (the oldest are forgotten beyond it). */
const MEMORY_MAX = 500;
/** After a failed build, the last rendering is served this long before the database is tried again. */
const RETRY_AFTER_FAILURE_MS = 10_000;

interface Entry {
  model: PublicStatusModel;
  /** `Date.now()` of `model.builtAt`. */
  builtAt: number;
  /** A change of the page was committed since: read it again. */
  invalidated: boolean;
}

export type CachedPage =
  | { kind: 'page'; model: PublicStatusModel; stale: boolean }
  | { kind: 'missing' }
  | { kind: 'unavailable' };

/**
 * The public pages' models, kept in this process's memory and in Redis (shared by every
 * instance, kept across restarts), refreshed after STATUS_CACHE_TTL_MS and when a change of the
 * page commits (its own settings, components, incidents, maintenance; a monitor changing state
 * shows at the next refresh). When the database cannot be read, the last rendering is served,
 * marked stale, and never an error: a status page matters most when things are down.
 *
 * Redis holds two keys per page: the model (kept a week, for those fallbacks) and a freshness
 * marker that expires with the TTL and that invalidation deletes. Other instances see an
 * invalidation through the marker; their memory copy lives at most one TTL.
 */
@Injectable()
export class StatusPageCache {
  private readonly logger = new Logger('StatusPages');
  private readonly memory = new Map<string, Entry>();
  private readonly building = new Map<string, Promise<PublicStatusModel | null>>();
  /** slug → when its database may be tried again, after a failed build (pages with a fallback). */
  private readonly failing = new Map<string, number>();
  /** A build failed and none has succeeded since (said once in the log, and its end). */
  private degraded = false;

  constructor(
    private readonly builder: PublicStatusBuilder,
    private readonly redis: SharedRedis,
  ) {}

  /** The page of a slug: fresh, or the last rendering when the database is out of reach. */
  async page(slug: string): Promise<CachedPage> {
    const local = this.memory.get(slug);
    if (local && !local.invalidated && Date.now() - local.builtAt < STATUS_CACHE_TTL_MS) {
      return { kind: 'page', model: local.model, stale: false };
    }
    const shared = await this.readShared(slug);
    if (shared?.fresh) {
      this.remember(slug, shared.entry);
      return { kind: 'page', model: shared.entry.model, stale: false };
    }
    const last = [local, shared?.entry]
      .filter((e): e is Entry => !!e)
      .sort((a, b) => b.builtAt - a.builtAt)[0];
    const lastServed = (): CachedPage =>
      last ? { kind: 'page', model: last.model, stale: true } : { kind: 'unavailable' };
    // While the database is failing, readers get the last rendering at once, not after a timeout.
    if (last && (this.failing.get(slug) ?? 0) > Date.now()) return lastServed();
    let model: PublicStatusModel | null;
    try {
      model = await this.rebuild(slug);
    } catch (error) {
      if (!this.degraded) {
        this.degraded = true;
        this.logger.warn(
          `Status pages cannot be read (${String(error)}); serving their last renderings`,
        );
      }
      if (last) this.failing.set(slug, Date.now() + RETRY_AFTER_FAILURE_MS);
      return lastServed();
    }
    this.failing.delete(slug);
    if (this.degraded) {
      this.degraded = false;
      this.logger.log('Status pages are read from the database again');
    }
    if (!model) {
      this.memory.delete(slug);
      await this.forgetShared(slug);
      return { kind: 'missing' };
    }
    const entry: Entry = { model, builtAt: Date.parse(model.builtAt), invalidated: false };
    this.remember(slug, entry);
    await this.writeShared(slug, entry);
    return { kind: 'page', model, stale: false };
  }

  /** Reads the pages again at their next request (called after a change commits). */
  async invalidate(...slugs: string[]): Promise<void> {
    for (const slug of slugs) {
      const local = this.memory.get(slug);
      if (local) local.invalidated = true;
      await this.redis.client.del(this.key(slug, 'fresh')).catch(() => undefined);
    }
  }

  /** One build per slug at a time in this process; a slow database gives up after a while. */
  private rebuild(slug: string): Promise<PublicStatusModel | null> {
    const running = this.building.get(slug);
    if (running) return running;
    let timer: NodeJS.Timeout | undefined;
    const build = Promise.race([
      this.builder.build(slug),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer within ${BUILD_TIMEOUT_MS} ms`)),
          BUILD_TIMEOUT_MS,
        );
      }),
    ]).finally(() => {
      clearTimeout(timer);
      this.building.delete(slug);
    });
    this.building.set(slug, build);
    return build;
  }

  private remember(slug: string, entry: Entry): void {
    this.memory.delete(slug);
    this.memory.set(slug, entry);
    while (this.memory.size > MEMORY_MAX) {
      this.memory.delete(this.memory.keys().next().value as string);
    }
  }

  private key(slug: string, part: 'model' | 'fresh'): string {
    return this.redis.key('status-page', slug, part);
  }

  /** The shared rendering and whether it is still fresh; null when Redis has none or is down. */
  private async readShared(slug: string): Promise<{ entry: Entry; fresh: boolean } | null> {
    try {
      const [model, fresh] = await this.redis.client.mget(
        this.key(slug, 'model'),
        this.key(slug, 'fresh'),
      );
      if (!model) return null;
      const parsed = JSON.parse(model) as PublicStatusModel;
      const entry: Entry = {
        model: parsed,
        builtAt: Date.parse(parsed.builtAt),
        invalidated: false,
      };
      return { entry, fresh: fresh === parsed.builtAt };
    } catch {
      return null;
    }
  }

  private async writeShared(slug: string, entry: Entry): Promise<void> {
    await this.redis.client
      .multi()
      .set(this.key(slug, 'model'), JSON.stringify(entry.model), 'EX', KEEP_SECONDS)
      .set(this.key(slug, 'fresh'), entry.model.builtAt, 'PX', STATUS_CACHE_TTL_MS)
      .exec()
      .catch(() => undefined);
  }

  private async forgetShared(slug: string): Promise<void> {
    await this.redis.client
      .del(this.key(slug, 'model'), this.key(slug, 'fresh'))
      .catch(() => undefined);
  }
}
