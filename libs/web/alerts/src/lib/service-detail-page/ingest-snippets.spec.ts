import { anIntegration } from '../config-shared/testing/fixtures';
import {
  alertmanagerReceiver,
  alertmanagerWebhookUrl,
  curlTrigger,
  eventsUrl,
  prometheusConfig,
  prometheusUrl,
} from './ingest-snippets';

const KEY = '0123456789abcdef0123456789abcdef';
const PROM = anIntegration({ routingKey: KEY });
const HTTPS = { protocol: 'https:', hostname: 'hyperion.example.com', port: '' };
const LOCAL = { protocol: 'http:', hostname: 'localhost', port: '4200' };

describe('ingest snippets', () => {
  it('give the three ingest URLs on the console origin', () => {
    expect(eventsUrl(HTTPS)).toBe('https://hyperion.example.com/api/v1/alerts/events');
    expect(prometheusUrl(LOCAL, PROM)).toBe(
      `http://localhost:4200/api/v2/alerts?routing_key=${KEY}`,
    );
    expect(alertmanagerWebhookUrl(HTTPS, PROM)).toBe(
      `https://hyperion.example.com/api/v1/alerts/alertmanager?routing_key=${KEY}`,
    );
  });

  it('trigger with curl and the routing key in the body', () => {
    const curl = curlTrigger(HTTPS, PROM);
    expect(curl).toContain("curl -sS -X POST 'https://hyperion.example.com/api/v1/alerts/events'");
    const body = JSON.parse(curl.slice(curl.indexOf("-d '") + 4, curl.lastIndexOf("'")));
    expect(body).toEqual({
      routing_key: KEY,
      event_action: 'trigger',
      dedup_key: 'disk-full/web-1',
      payload: { summary: 'Disk almost full on web-1', source: 'web-1', severity: 'critical' },
    });
  });

  it('point Prometheus at host:port with the key as Bearer credentials', () => {
    expect(prometheusConfig(HTTPS, PROM)).toBe(
      [
        'alerting:',
        '  alertmanagers:',
        '    - scheme: https',
        '      path_prefix: /',
        '      authorization:',
        `        credentials: ${KEY}`,
        '      static_configs:',
        "        - targets: ['hyperion.example.com:443']",
      ].join('\n'),
    );
    expect(prometheusConfig(LOCAL, PROM)).toContain("targets: ['localhost:4200']");
    expect(prometheusConfig(LOCAL, PROM)).toContain('scheme: http\n');
  });

  it('forward from an Alertmanager with a webhook receiver', () => {
    expect(alertmanagerReceiver(HTTPS, PROM)).toContain(
      `      - url: 'https://hyperion.example.com/api/v1/alerts/alertmanager?routing_key=${KEY}'`,
    );
  });
});
