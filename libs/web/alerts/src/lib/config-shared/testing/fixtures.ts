import type {
  EscalationPolicySummary,
  IntegrationSummary,
  ServiceSummary,
  TeamSummary,
} from '@hyperion/contracts';

const AT = '2026-12-01T08:00:00.000Z';

export function aService(patch: Partial<ServiceSummary> = {}): ServiceSummary {
  return {
    id: 's-api',
    name: 'API',
    description: '',
    teamId: null,
    escalationPolicyId: null,
    autoResolveMinutes: null,
    urgencyRule: 'severity',
    groupBy: [],
    groupWaitSeconds: 10,
    groupIntervalSeconds: 300,
    dependsOn: [],
    integrations: [],
    openAlerts: {},
    createdAt: AT,
    updatedAt: AT,
    ...patch,
  };
}

export function anIntegration(patch: Partial<IntegrationSummary> = {}): IntegrationSummary {
  return {
    id: 'i-prom',
    name: 'Prometheus',
    kind: 'alertmanager',
    routingKey: '0123456789abcdef0123456789abcdef',
    rateLimitPerMinute: 600000,
    createdAt: AT,
    ...patch,
  };
}

export function aTeam(patch: Partial<TeamSummary> = {}): TeamSummary {
  return {
    id: 't-ops',
    name: 'Ops',
    description: '',
    memberIds: [],
    createdAt: AT,
    updatedAt: AT,
    ...patch,
  };
}

export function aPolicy(patch: Partial<EscalationPolicySummary> = {}): EscalationPolicySummary {
  return {
    id: 'p-default',
    name: 'Default',
    description: 'As the procedures say',
    isDefault: true,
    repeat: 0,
    levels: [
      { name: 'DevOps', delayMinutes: 0, targets: [], channelKinds: ['email', 'slack'] },
      { name: 'Lead dev', delayMinutes: 15, targets: [], channelKinds: ['sms'] },
      { name: 'CTO', delayMinutes: 30, targets: [], channelKinds: ['voice'] },
    ],
    createdAt: AT,
    updatedAt: AT,
    ...patch,
  };
}
