import { AppConfig, RUNTIME_ENDPOINTS, RuntimeEndpoints, SharedRedis } from '@hyperion/api/core';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import Redis from 'ioredis';

/** What an invalidation names: everything cached for a session, a user, an API key or an organisation. */
export type Invalidation =
  | { session: string }
  | { user: string }
  | { apiKey: string }
  | { organization: string };

interface Entry {
  value: unknown;
  expires: number;
  tags: string[];
}

const TTL_MS = 30_000;
const MAX_ENTRIES = 10_000;

const tagOf = (i: Invalidation): string =>
  'session' in i
    ? `session:${i.session}`
    : 'user' in i
      ? `user:${i.user}`
      : 'apiKey' in i
        ? `apiKey:${i.apiKey}`
        : `organization:${i.organization}`;

/**
 * Authenticated principals (and the "me" view) kept in memory, so a request with a known token
 * costs no database round trip. Every change that must take effect at once (logout, disable,
 * role or permission change, key revocation, organisation disabled) publishes an invalidation
 * on Redis that every instance applies. While this instance is not subscribed (Redis down) it
 * caches nothing, so a missed invalidation can never keep a revoked credential alive; a load
 * that started before an invalidation is not stored either (the epoch check).
 */
@Injectable()
export class PrincipalCache implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('PrincipalCache');
  private readonly entries = new Map<string, Entry>();
  private readonly subscriber: Redis;
  private readonly channel: string;
  private subscribed = false;
  private stopping = false;
  private epoch = 0;

  constructor(
    private readonly redis: SharedRedis,
    config: AppConfig,
    @Inject(RUNTIME_ENDPOINTS) endpoints: RuntimeEndpoints,
  ) {
    this.channel = `${config.redisPrefix}:auth:invalidate`;
    this.subscriber = new Redis(endpoints.redisUrl, {
      maxRetriesPerRequest: null,
      lazyConnect: true,
    });
  }

  async onModuleInit(): Promise<void> {
    this.subscriber.on('message', (_channel, message: string) => this.apply(message));
    this.subscriber.on('ready', () => {
      void this.subscriber.subscribe(this.channel).then(() => {
        // Anything cached before (re)subscribing may have missed an invalidation.
        this.clear();
        this.subscribed = true;
      });
    });
    const down = () => {
      if (this.subscribed && !this.stopping)
        this.logger.warn('Redis unavailable: principals are not cached');
      this.subscribed = false;
      this.clear();
    };
    this.subscriber.on('close', down);
    this.subscriber.on('error', () => undefined);
    await this.subscriber.connect().catch(() => undefined);
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    await this.subscriber.quit().catch(() => this.subscriber.disconnect());
  }

  /** The cached value under `key`, or `load()`ed and cached (tagged for invalidation). */
  async getOrLoad<T>(
    key: string,
    tags: Invalidation[] | ((value: T) => Invalidation[]),
    load: () => Promise<T | null>,
  ): Promise<T | null> {
    const hit = this.entries.get(key);
    if (hit && hit.expires > Date.now()) return hit.value as T;
    const epoch = this.epoch;
    const value = await load();
    if (value !== null && this.subscribed && epoch === this.epoch) {
      if (this.entries.size >= MAX_ENTRIES) this.entries.clear();
      const list = typeof tags === 'function' ? tags(value) : tags;
      this.entries.set(key, { value, expires: Date.now() + TTL_MS, tags: list.map(tagOf) });
    }
    return value;
  }

  /** Drops what `targets` name here and on every other instance. */
  async invalidate(...targets: Invalidation[]): Promise<void> {
    const message = JSON.stringify(targets.map(tagOf));
    this.apply(message);
    try {
      await this.redis.client.publish(this.channel, message);
    } catch (error) {
      this.logger.warn(
        `Could not broadcast an invalidation (other instances cache nothing while Redis is down): ${String(error)}`,
      );
    }
  }

  private apply(message: string): void {
    let tags: unknown;
    try {
      tags = JSON.parse(message);
    } catch {
      return;
    }
    if (!Array.isArray(tags)) return;
    this.epoch++;
    for (const [key, entry] of this.entries) {
      if (entry.tags.some((t) => tags.includes(t))) this.entries.delete(key);
    }
  }

  private clear(): void {
    this.epoch++;
    this.entries.clear();
  }
}
