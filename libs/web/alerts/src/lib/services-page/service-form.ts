import type {
  CreateServiceRequest,
  ServiceSummary,
  ServiceUrgencyRule,
  UpdateServiceRequest,
} from '@hyperion/contracts';
import { SERVICE_RULES } from '@hyperion/contracts';

import { numberOrNull, splitList } from '../config-shared/validators';

/** The service dialog's fields as typed ('' = none / the default). */
export interface ServiceFormValue {
  name: string;
  description: string;
  /** '' = no owning team. */
  teamId: string;
  /** '' = the organisation's default policy. */
  escalationPolicyId: string;
  /** '' = never resolved by itself. */
  autoResolveMinutes: string;
  urgencyRule: ServiceUrgencyRule;
  /** Label names, separated by commas or spaces. */
  groupBy: string;
  groupWaitSeconds: string;
  groupIntervalSeconds: string;
  dependsOn: string[];
}

/** The request's fields the dialog shows the API's messages beside. */
export const SERVICE_FORM_FIELDS = [
  'name',
  'description',
  'teamId',
  'escalationPolicyId',
  'autoResolveMinutes',
  'urgencyRule',
  'groupBy',
  'groupWaitSeconds',
  'groupIntervalSeconds',
  'dependsOn',
] as const;

export function serviceFormValue(service: ServiceSummary | null): ServiceFormValue {
  return {
    name: service?.name ?? '',
    description: service?.description ?? '',
    teamId: service?.teamId ?? '',
    escalationPolicyId: service?.escalationPolicyId ?? '',
    autoResolveMinutes:
      service?.autoResolveMinutes === null || service?.autoResolveMinutes === undefined
        ? ''
        : String(service.autoResolveMinutes),
    urgencyRule: service?.urgencyRule ?? 'severity',
    groupBy: (service?.groupBy ?? []).join(', '),
    groupWaitSeconds: String(service?.groupWaitSeconds ?? SERVICE_RULES.defaultGroupWaitSeconds),
    groupIntervalSeconds: String(
      service?.groupIntervalSeconds ?? SERVICE_RULES.defaultGroupIntervalSeconds,
    ),
    dependsOn: [...(service?.dependsOn ?? [])],
  };
}

/** A new service: every field given (the defaults as the form shows them), none left empty. */
export function createServiceRequest(value: ServiceFormValue): CreateServiceRequest {
  const request: CreateServiceRequest = {
    name: value.name.trim(),
    urgencyRule: value.urgencyRule,
    groupBy: splitList(value.groupBy),
    groupWaitSeconds: Number(value.groupWaitSeconds),
    groupIntervalSeconds: Number(value.groupIntervalSeconds),
    dependsOn: [...value.dependsOn],
  };
  const description = value.description.trim();
  if (description) request.description = description;
  if (value.teamId) request.teamId = value.teamId;
  if (value.escalationPolicyId) request.escalationPolicyId = value.escalationPolicyId;
  const autoResolve = numberOrNull(value.autoResolveMinutes);
  if (autoResolve !== null) request.autoResolveMinutes = autoResolve;
  return request;
}

const sameList = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && a.every((item, i) => item === b[i]);

/** Only what changed, emptied optional fields in `clear`; null when nothing did. */
export function updateServiceRequest(
  service: ServiceSummary,
  value: ServiceFormValue,
): UpdateServiceRequest | null {
  const next = createServiceRequest(value);
  const request: UpdateServiceRequest = {};
  const clear: NonNullable<UpdateServiceRequest['clear']> = [];
  if (next.name !== service.name) request.name = next.name;
  if ((next.description ?? '') !== service.description)
    request.description = next.description ?? '';
  if ((next.teamId ?? null) !== service.teamId) {
    if (next.teamId) request.teamId = next.teamId;
    else clear.push('teamId');
  }
  if ((next.escalationPolicyId ?? null) !== service.escalationPolicyId) {
    if (next.escalationPolicyId) request.escalationPolicyId = next.escalationPolicyId;
    else clear.push('escalationPolicyId');
  }
  if ((next.autoResolveMinutes ?? null) !== service.autoResolveMinutes) {
    if (next.autoResolveMinutes !== undefined) request.autoResolveMinutes = next.autoResolveMinutes;
    else clear.push('autoResolveMinutes');
  }
  if (next.urgencyRule !== service.urgencyRule) request.urgencyRule = next.urgencyRule;
  if (!sameList(next.groupBy ?? [], service.groupBy)) request.groupBy = next.groupBy;
  if (next.groupWaitSeconds !== service.groupWaitSeconds) {
    request.groupWaitSeconds = next.groupWaitSeconds;
  }
  if (next.groupIntervalSeconds !== service.groupIntervalSeconds) {
    request.groupIntervalSeconds = next.groupIntervalSeconds;
  }
  if (!sameList([...(next.dependsOn ?? [])].sort(), [...service.dependsOn].sort())) {
    request.dependsOn = next.dependsOn;
  }
  if (clear.length > 0) request.clear = clear;
  return Object.keys(request).length > 0 ? request : null;
}
