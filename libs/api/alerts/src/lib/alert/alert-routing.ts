import type { AlertSeverity, NotificationChannelKind } from '@hyperion/contracts';
import {
  DEFAULT_SEVERITY_ROUTING,
  NOTIFICATION_CHANNEL_KINDS,
  urgencyOf,
} from '@hyperion/contracts';
import { createHash } from 'node:crypto';

import type { OrgAlertConfig, ServiceInfo } from './alert-config-cache';
import type { Routed } from './alert-fold';

/** Where an alert goes: the fold's view plus what its notification needs. */
export interface Route extends Routed {
  service: ServiceInfo | undefined;
  escalationPolicyId: string | null;
  /** Kinds notified at once (the first level's kinds are added by the policy). */
  channelKinds: NotificationChannelKind[];
  /** The routing rule that decided, if one did. */
  ruleId: string | null;
}

/**
 * The first enabled routing rule whose matchers all match decides; without one, the procedures
 * document's severity defaults: critical → every channel at once (SMS included), high → email
 * and Slack, medium → email, low → recorded only.
 */
export function routeAlert(
  config: OrgAlertConfig,
  input: { serviceId: string | null; severity: AlertSeverity; fields: Record<string, string> },
): Route {
  const rule = config.routes.find((r) => r.matches(input.fields));
  const serviceId =
    rule?.serviceId && config.services.has(rule.serviceId) ? rule.serviceId : input.serviceId;
  const service = serviceId ? config.services.get(serviceId) : undefined;
  const defaults = DEFAULT_SEVERITY_ROUTING[input.severity];
  const kinds = rule?.channelKinds ?? defaults.channelKinds;
  return {
    serviceId: service ? service.id : null,
    service,
    urgency: rule?.urgency ?? urgencyOf(service?.urgencyRule ?? 'severity', input.severity),
    page: rule ? !rule.suppress : defaults.page,
    channelKinds: kinds === 'all' ? [...NOTIFICATION_CHANNEL_KINDS] : [...kinds],
    escalationPolicyId: rule?.escalationPolicyId ?? service?.escalationPolicyId ?? null,
    ruleId: rule?.id ?? null,
  };
}

/**
 * The aggregation group of an alert (Alertmanager's): its service and the values of the
 * service's `group_by` labels. `[]` groups every alert of the service together.
 */
export function groupOf(
  service: ServiceInfo | undefined,
  labels: Record<string, string>,
): { key: string; labels: Record<string, string> } {
  const groupLabels: Record<string, string> = {};
  for (const name of service?.groupBy ?? []) groupLabels[name] = labels[name] ?? '';
  const values = JSON.stringify(Object.entries(groupLabels));
  const memo = `${service?.id ?? '-'}/${values}`;
  let key = groupKeys.get(memo);
  if (key === undefined) {
    key = `${service?.id ?? '-'}/${createHash('sha256').update(values).digest('hex').slice(0, 40)}`;
    if (groupKeys.size >= GROUP_KEYS_MAX) groupKeys.clear();
    groupKeys.set(memo, key);
  }
  return { key, labels: groupLabels };
}

/** Group keys already hashed (every event of a storm hashes the same few). */
const groupKeys = new Map<string, string>();
const GROUP_KEYS_MAX = 10_000;
