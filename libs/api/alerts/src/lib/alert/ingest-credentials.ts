import { ActorResolver, CredentialAudit, rejectedApiKey } from '@hyperion/api/auth';
import { UnitOfWork } from '@hyperion/api/core';
import { ALERT_PERMISSIONS, ALERT_RULES, SERVICE_RULES } from '@hyperion/contracts';
import {
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { AlertConfigChanges } from '../config/alert-config-changes';

/** Who may send: an integration of a service (routing key) or an API key with alerts:ingest. */
export interface IngestSender {
  organizationId: string;
  serviceId: string | null;
  integrationId: string | null;
  /** Shown in the alerts' activity. */
  name: string;
  /** The rate limit's bucket and size. */
  limiterKey: string;
  ratePerMinute: number;
}

interface IntegrationRow {
  id: string;
  organization_id: string;
  service_id: string;
  name: string;
  rate_limit_per_minute: number;
}

/** A routing key is re-read after this long (a change on this instance clears them all at once). */
const CACHE_MS = 2000;
const CACHE_MAX = 10_000;

/**
 * Turns the credential of an ingest request into a sender, and enforces the per-sender rate
 * limit (events per minute, a fixed one-minute window per instance): 429 with Retry-After.
 */
@Injectable()
export class IngestCredentials {
  private readonly integrations = new Map<string, { at: number; row: IntegrationRow | null }>();
  private readonly windows = new Map<string, { minute: number; used: number }>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly actors: ActorResolver,
    private readonly audit: CredentialAudit,
    changes: AlertConfigChanges,
  ) {
    // An integration deleted here stops working at once (elsewhere within CACHE_MS).
    changes.onChange(() => this.integrations.clear());
  }

  /**
   * `routingKey` (the body's `routing_key`, the `?routing_key=` parameter, or a Bearer token of
   * 32 hex digits) names an integration; any other credential must be an API key holding
   * alerts:ingest, in its organisation.
   */
  async sender(routingKey: string | null, credential: string | null): Promise<IngestSender> {
    const key =
      routingKey ??
      (credential && ALERT_RULES.routingKeyPattern.test(credential) ? credential : null);
    if (key) {
      if (!ALERT_RULES.routingKeyPattern.test(key)) {
        throw new HttpException(
          'routing_key: must be the 32 hexadecimal characters of an integration key',
          HttpStatus.BAD_REQUEST,
        );
      }
      const row = await this.integration(key);
      if (!row) throw new UnauthorizedException('routing_key: no integration has this key');
      return {
        organizationId: row.organization_id,
        serviceId: row.service_id,
        integrationId: row.id,
        name: row.name,
        limiterKey: `integration:${row.id}`,
        ratePerMinute: row.rate_limit_per_minute,
      };
    }
    if (!credential) {
      throw new UnauthorizedException(
        'Authentication required: a routing_key, or an API key with alerts:ingest',
      );
    }
    const principal = await this.actors.fromApiKey(credential);
    if (!principal) {
      // Audited as auth_failed, as the rest of the API does (counted per minute and source).
      const rejected = await rejectedApiKey(this.uow, credential);
      await this.audit.record(rejected, 'http');
      throw rejected;
    }
    const { actor } = principal;
    if (!actor.organizationId || !actor.permissions.includes(ALERT_PERMISSIONS.ingest)) {
      throw new ForbiddenException(`Missing permission: ${ALERT_PERMISSIONS.ingest}`);
    }
    return {
      organizationId: actor.organizationId,
      serviceId: null,
      integrationId: null,
      name: actor.name,
      limiterKey: `key:${actor.id}`,
      ratePerMinute: SERVICE_RULES.defaultRateLimitPerMinute,
    };
  }

  /** Counts `events` against the sender's minute; 429 when over. */
  admit(sender: IngestSender, events: number, now = Date.now()): void {
    const minute = Math.floor(now / 60_000);
    const window = this.windows.get(sender.limiterKey);
    const current = window && window.minute === minute ? window : { minute, used: 0 };
    if (current.used + events > sender.ratePerMinute) {
      const retryAfter = Math.max(1, Math.ceil(((minute + 1) * 60_000 - now) / 1000));
      throw new HttpException(
        {
          message: `Rate limit: at most ${sender.ratePerMinute} events per minute for ${sender.name}; retry in ${retryAfter} s`,
          retryAfter,
        },
        HttpStatus.TOO_MANY_REQUESTS,
      );
    }
    current.used += events;
    this.windows.set(sender.limiterKey, current);
    if (this.windows.size > CACHE_MAX)
      this.windows.delete(this.windows.keys().next().value as string);
  }

  private async integration(key: string): Promise<IntegrationRow | null> {
    const cached = this.integrations.get(key);
    if (cached && Date.now() - cached.at < CACHE_MS) return cached.row;
    const [row] = await this.uow.run(
      (tx) =>
        tx.manager.query(
          `SELECT "id", "organization_id", "service_id", "name", "rate_limit_per_minute"
             FROM "service_integration" WHERE "routing_key" = $1`,
          [key],
        ) as Promise<IntegrationRow[]>,
      { organizationId: null, lookups: { routing_key: key }, independent: true },
    );
    this.integrations.set(key, { at: Date.now(), row: row ?? null });
    if (this.integrations.size > CACHE_MAX) {
      this.integrations.delete(this.integrations.keys().next().value as string);
    }
    return row ?? null;
  }
}
