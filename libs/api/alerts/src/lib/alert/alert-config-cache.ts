import type {
  AlertUrgency,
  LabelMatcher,
  NotificationChannelKind,
  ServiceUrgencyRule,
  SilenceRecurrence,
} from '@hyperion/contracts';
import { Injectable, OnModuleDestroy } from '@nestjs/common';

import { AlertConfigChanges } from '../config/alert-config-changes';
import { compileMatchers } from '../ingest-model/matchers';
import { isInRecurrence } from '../ingest-model/recurrence';

/** What routing, grouping and inhibition need of a service. */
export interface ServiceInfo {
  id: string;
  name: string;
  urgencyRule: ServiceUrgencyRule;
  escalationPolicyId: string | null;
  autoResolveMinutes: number | null;
  groupBy: string[];
  groupWaitSeconds: number;
  groupIntervalSeconds: number;
  dependsOn: string[];
}

export interface CompiledSilence {
  id: string;
  startsAt: number;
  endsAt: number;
  recurrence: SilenceRecurrence | null;
  matches: (fields: Record<string, string>) => boolean;
}

export interface CompiledRoute {
  id: string;
  name: string;
  serviceId: string | null;
  escalationPolicyId: string | null;
  urgency: AlertUrgency | null;
  channelKinds: NotificationChannelKind[] | null;
  suppress: boolean;
  matches: (fields: Record<string, string>) => boolean;
}

/** One organisation's alerting configuration, compiled for the ingest path. */
export interface OrgAlertConfig {
  loadedAt: number;
  services: Map<string, ServiceInfo>;
  serviceByName: Map<string, string>;
  silences: CompiledSilence[];
  routes: CompiledRoute[];
}

/** What runs a query and answers its rows (TypeORM's EntityManager, or a raw client adapted). */
export interface Queryable {
  query(sql: string, parameters?: unknown[]): Promise<unknown>;
}

/** How long a snapshot serves before it is read again (changes on this instance drop it at once). */
const TTL_MS = 1000;

/** The silence active for `fields` at `at`, if any. */
export function activeSilence(
  config: OrgAlertConfig,
  fields: Record<string, string>,
  at: Date,
): CompiledSilence | undefined {
  const t = at.getTime();
  return config.silences.find(
    (s) =>
      s.startsAt <= t &&
      t < s.endsAt &&
      (!s.recurrence ||
        isInRecurrence(s.recurrence, new Date(s.startsAt), new Date(s.endsAt), at)) &&
      s.matches(fields),
  );
}

/**
 * The per-organisation snapshot of services, silences and routing rules the ingest path reads
 * once per batch instead of once per event. Read inside the batch's unit of work (row-level
 * security applies); dropped when this instance changes the configuration, and at most a second
 * old otherwise (a change made on another instance).
 */
@Injectable()
export class AlertConfigCache implements OnModuleDestroy {
  private readonly snapshots = new Map<string, OrgAlertConfig>();
  private readonly unsubscribe: () => void;

  constructor(changes: AlertConfigChanges) {
    this.unsubscribe = changes.onChange((organizationId) => this.invalidate(organizationId));
  }

  onModuleDestroy(): void {
    this.unsubscribe();
  }

  invalidate(organizationId: string): void {
    this.snapshots.delete(organizationId);
  }

  /** The snapshot when it is fresh enough to use without a query. */
  fresh(organizationId: string): OrgAlertConfig | undefined {
    const cached = this.snapshots.get(organizationId);
    return cached && Date.now() - cached.loadedAt < TTL_MS ? cached : undefined;
  }

  async get(manager: Queryable, organizationId: string): Promise<OrgAlertConfig> {
    const cached = this.snapshots.get(organizationId);
    if (cached && Date.now() - cached.loadedAt < TTL_MS) return cached;
    const loaded = await this.load(manager);
    this.snapshots.set(organizationId, loaded);
    return loaded;
  }

  private async load(manager: Queryable): Promise<OrgAlertConfig> {
    const loadedAt = Date.now();
    // One after the other: one transaction is one connection.
    const services = (await manager.query(
      `SELECT s.id, s.name, s.urgency_rule, s.escalation_policy_id, s.auto_resolve_minutes,
                s.group_by, s.group_wait_seconds, s.group_interval_seconds,
                coalesce(array_agg(d.depends_on_id) FILTER (WHERE d.depends_on_id IS NOT NULL), '{}') AS depends_on
           FROM service s LEFT JOIN service_dependency d ON d.service_id = s.id
          GROUP BY s.id`,
    )) as ServiceRow[];
    const silences = (await manager.query(
      `SELECT id, matchers, starts_at, ends_at, recurrence FROM silence WHERE ends_at > now()`,
    )) as SilenceRow[];
    const routes = (await manager.query(
      `SELECT id, name, matchers, service_id, escalation_policy_id, urgency, channel_kinds, suppress
         FROM routing_rule WHERE enabled ORDER BY position, id`,
    )) as RouteRow[];
    const serviceMap = new Map<string, ServiceInfo>();
    const byName = new Map<string, string>();
    for (const s of services) {
      serviceMap.set(s.id, {
        id: s.id,
        name: s.name,
        urgencyRule: s.urgency_rule,
        escalationPolicyId: s.escalation_policy_id,
        autoResolveMinutes: s.auto_resolve_minutes,
        groupBy: s.group_by,
        groupWaitSeconds: s.group_wait_seconds,
        groupIntervalSeconds: s.group_interval_seconds,
        dependsOn: s.depends_on,
      });
      byName.set(s.name, s.id);
    }
    return {
      loadedAt,
      services: serviceMap,
      serviceByName: byName,
      silences: silences.map((s) => ({
        id: s.id,
        startsAt: s.starts_at.getTime(),
        endsAt: s.ends_at.getTime(),
        recurrence: s.recurrence,
        matches: compileMatchers(s.matchers),
      })),
      routes: routes.map((r) => ({
        id: r.id,
        name: r.name,
        serviceId: r.service_id,
        escalationPolicyId: r.escalation_policy_id,
        urgency: r.urgency,
        channelKinds: r.channel_kinds,
        suppress: r.suppress,
        matches: compileMatchers(r.matchers),
      })),
    };
  }
}

interface ServiceRow {
  id: string;
  name: string;
  urgency_rule: ServiceUrgencyRule;
  escalation_policy_id: string | null;
  auto_resolve_minutes: number | null;
  group_by: string[];
  group_wait_seconds: number;
  group_interval_seconds: number;
  depends_on: string[];
}

interface SilenceRow {
  id: string;
  matchers: LabelMatcher[];
  starts_at: Date;
  ends_at: Date;
  recurrence: SilenceRecurrence | null;
}

interface RouteRow {
  id: string;
  name: string;
  matchers: LabelMatcher[];
  service_id: string | null;
  escalation_policy_id: string | null;
  urgency: AlertUrgency | null;
  channel_kinds: NotificationChannelKind[] | null;
  suppress: boolean;
}
