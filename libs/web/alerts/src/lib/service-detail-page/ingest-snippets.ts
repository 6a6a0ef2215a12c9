import type { IntegrationSummary } from '@hyperion/contracts';
import { ALERT_ROUTES } from '@hyperion/contracts';

/** Where the console runs: the API answers on the same origin. */
export interface ConsoleOrigin {
  /** e.g. `https:` */
  readonly protocol: string;
  /** Host name without the port. */
  readonly hostname: string;
  /** '' for the scheme's default. */
  readonly port: string;
}

const originOf = (at: ConsoleOrigin) =>
  `${at.protocol}//${at.hostname}${at.port ? `:${at.port}` : ''}`;
const key = (integration: IntegrationSummary) => encodeURIComponent(integration.routingKey);

/** The events endpoint (PagerDuty Events API v2 shape): the key goes in the body. */
export function eventsUrl(at: ConsoleOrigin): string {
  return `${originOf(at)}${ALERT_ROUTES.events}`;
}

/** The Alertmanager API Prometheus posts to, with the routing key. */
export function prometheusUrl(at: ConsoleOrigin, integration: IntegrationSummary): string {
  return `${originOf(at)}${ALERT_ROUTES.alertmanagerApi}?routing_key=${key(integration)}`;
}

/** The webhook an existing Alertmanager forwards to, with the routing key. */
export function alertmanagerWebhookUrl(at: ConsoleOrigin, integration: IntegrationSummary): string {
  return `${originOf(at)}${ALERT_ROUTES.alertmanagerWebhook}?routing_key=${key(integration)}`;
}

/** A PagerDuty-style trigger with curl. */
export function curlTrigger(at: ConsoleOrigin, integration: IntegrationSummary): string {
  return [
    `curl -sS -X POST '${eventsUrl(at)}' \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -d '{`,
    `    "routing_key": "${integration.routingKey}",`,
    `    "event_action": "trigger",`,
    `    "dedup_key": "disk-full/web-1",`,
    `    "payload": {`,
    `      "summary": "Disk almost full on web-1",`,
    `      "source": "web-1",`,
    `      "severity": "critical"`,
    `    }`,
    `  }'`,
  ].join('\n');
}

/**
 * Prometheus' `alerting.alertmanagers` pointed straight at Hyperion: Prometheus posts to
 * `<scheme>://<target><path_prefix>api/v2/alerts`, the routing key as its Bearer token.
 */
export function prometheusConfig(at: ConsoleOrigin, integration: IntegrationSummary): string {
  const scheme = at.protocol.replace(/:$/, '');
  const port = at.port || (scheme === 'https' ? '443' : '80');
  return [
    'alerting:',
    '  alertmanagers:',
    `    - scheme: ${scheme}`,
    `      path_prefix: /`,
    '      authorization:',
    `        credentials: ${integration.routingKey}`,
    '      static_configs:',
    `        - targets: ['${at.hostname}:${port}']`,
  ].join('\n');
}

/** An Alertmanager receiver that forwards every notification to Hyperion unchanged. */
export function alertmanagerReceiver(at: ConsoleOrigin, integration: IntegrationSummary): string {
  return [
    'route:',
    '  receiver: hyperion',
    'receivers:',
    '  - name: hyperion',
    '    webhook_configs:',
    `      - url: '${alertmanagerWebhookUrl(at, integration)}'`,
    '        send_resolved: true',
  ].join('\n');
}
