import type {
  AlertUrgency,
  CreateRoutingRuleRequest,
  LabelMatcher,
  NotificationChannelKind,
  RoutingRuleSummary,
  UpdateRoutingRuleRequest,
} from '@hyperion/contracts';

import { sameMatchers } from '../config-shared/matchers';

/** The rule dialog's fields ('' = not set: the service's own). */
export interface RoutingFormValue {
  name: string;
  enabled: boolean;
  matchers: LabelMatcher[];
  serviceId: string;
  escalationPolicyId: string;
  urgency: AlertUrgency | '';
  channelKinds: NotificationChannelKind[];
  suppress: boolean;
}

export const ROUTING_FORM_FIELDS = [
  'name',
  'enabled',
  'matchers',
  'serviceId',
  'escalationPolicyId',
  'urgency',
  'channelKinds',
  'suppress',
] as const;

/** Optional targets a saved rule cannot have emptied: the API takes no null and no `clear`. */
export type UnclearableField = 'serviceId' | 'escalationPolicyId' | 'urgency' | 'channelKinds';

export function routingFormValue(rule: RoutingRuleSummary | null): RoutingFormValue {
  return {
    name: rule?.name ?? '',
    enabled: rule?.enabled ?? true,
    matchers: rule?.matchers ?? [],
    serviceId: rule?.serviceId ?? '',
    escalationPolicyId: rule?.escalationPolicyId ?? '',
    urgency: rule?.urgency ?? '',
    channelKinds: [...(rule?.channelKinds ?? [])],
    suppress: rule?.suppress ?? false,
  };
}

export function createRoutingRequest(value: RoutingFormValue): CreateRoutingRuleRequest {
  const request: CreateRoutingRuleRequest = {
    name: value.name.trim(),
    enabled: value.enabled,
    matchers: value.matchers,
    suppress: value.suppress,
  };
  if (value.serviceId) request.serviceId = value.serviceId;
  if (value.escalationPolicyId) request.escalationPolicyId = value.escalationPolicyId;
  if (value.urgency) request.urgency = value.urgency;
  // Recorded only: no channel is notified.
  if (value.suppress) request.channelKinds = [];
  else if (value.channelKinds.length > 0) request.channelKinds = [...value.channelKinds];
  return request;
}

const sameKinds = (a: readonly string[] | null, b: readonly string[] | undefined) =>
  (a ?? []).length === (b ?? []).length &&
  [...(a ?? [])].sort().join() === [...(b ?? [])].sort().join();

/**
 * Only what changed; `unclearable` lists the targets emptied in the form, which the API cannot
 * empty on a saved rule (the dialog says so instead of sending a change that would not happen).
 */
export function updateRoutingRequest(
  rule: RoutingRuleSummary,
  value: RoutingFormValue,
): { request: UpdateRoutingRuleRequest | null; unclearable: UnclearableField[] } {
  const next = createRoutingRequest(value);
  const request: UpdateRoutingRuleRequest = {};
  const unclearable: UnclearableField[] = [];
  if (next.name !== rule.name) request.name = next.name;
  if (next.enabled !== rule.enabled) request.enabled = next.enabled;
  if (!sameMatchers(next.matchers, rule.matchers)) request.matchers = next.matchers;
  if (next.suppress !== rule.suppress) request.suppress = next.suppress;
  for (const field of ['serviceId', 'escalationPolicyId', 'urgency'] as const) {
    const was = rule[field];
    const now = next[field];
    if ((now ?? null) === was) continue;
    if (now === undefined) unclearable.push(field);
    else (request as Record<string, unknown>)[field] = now;
  }
  if (!sameKinds(rule.channelKinds, next.channelKinds)) {
    if (next.channelKinds === undefined) unclearable.push('channelKinds');
    else request.channelKinds = next.channelKinds;
  }
  return { request: Object.keys(request).length > 0 ? request : null, unclearable };
}
