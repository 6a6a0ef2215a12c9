import type { IncidentContactRule, IncidentSettings, IncidentSeverity } from '@hyperion/contracts';
import {
  DEFAULT_INCIDENT_CONTACT_LABELS,
  DEFAULT_INCIDENT_MODULES,
  INCIDENT_SEVERITIES,
} from '@hyperion/contracts';

/**
 * The settings of an organisation that has not changed them: the document's modules, incidents
 * opened by critical alerts, alerts resolved with their incident, and the document's contacts by
 * severity as labels (no targets until teams are chosen): email and Slack for critical and high,
 * email for medium and low.
 */
export function defaultIncidentSettings(): IncidentSettings {
  const contact = (severity: IncidentSeverity): IncidentContactRule => ({
    label: DEFAULT_INCIDENT_CONTACT_LABELS[severity],
    targets: [],
    channelKinds: severity === 'critical' || severity === 'high' ? ['email', 'slack'] : ['email'],
  });
  return {
    modules: [...DEFAULT_INCIDENT_MODULES],
    openFromAlertSeverities: ['critical'],
    resolveAlertsOnResolve: true,
    contacts: Object.fromEntries(INCIDENT_SEVERITIES.map((s) => [s, contact(s)])) as Record<
      IncidentSeverity,
      IncidentContactRule
    >,
  };
}
