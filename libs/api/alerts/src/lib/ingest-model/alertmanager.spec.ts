import { BadRequestException } from '@nestjs/common';

import {
  alertmanagerFingerprint,
  parseAlertmanagerAlerts,
  parseAlertmanagerWebhook,
} from './alertmanager';

/**
 * Fingerprints read from a real Alertmanager 0.25.0 (Debian prometheus-alertmanager, started on a
 * loopback port with --cluster.listen-address= and a temp --storage.path): these label sets POSTed
 * to /api/v2/alerts, then GET /api/v2/alerts read each alert's `fingerprint`.
 */
const REAL_FINGERPRINTS: [Record<string, string>, string][] = [
  [{ alertname: 'HighCPU', instance: 'web-1:9100', severity: 'critical' }, 'cc6e49118c0ea32b'],
  [{ alertname: 'DiskFull' }, '744e61ca074bea90'],
  // Non-ASCII values are hashed as UTF-8 bytes.
  [{ job: 'node', zone: 'é-ü ✓' }, 'c04b128e79fc743d'],
];

const NOW = new Date('2025-01-05T10:30:00Z');

function errorOf(run: () => unknown): string {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(BadRequestException);
    return (e as BadRequestException).message;
  }
  throw new Error('expected a 400');
}

describe('alertmanagerFingerprint', () => {
  it('is the FNV-1a offset basis for no labels', () => {
    expect(alertmanagerFingerprint({})).toBe('cbf29ce484222325');
  });

  it("matches a real Alertmanager's fingerprints, whatever the order of the labels", () => {
    for (const [labels, fingerprint] of REAL_FINGERPRINTS) {
      expect(alertmanagerFingerprint(labels)).toBe(fingerprint);
      const reversed = Object.fromEntries(Object.entries(labels).reverse());
      expect(alertmanagerFingerprint(reversed)).toBe(fingerprint);
    }
  });
});

describe('parseAlertmanagerAlerts', () => {
  const firing = {
    labels: {
      alertname: 'HighCPU',
      instance: 'web-1:9100',
      severity: 'critical',
      empty: '',
    },
    annotations: { summary: 'CPU above 90 %', runbook: 'https://runbooks/cpu' },
    startsAt: '2025-01-05T10:00:00.000Z',
    endsAt: '2025-01-05T10:34:00.000Z',
    generatorURL: 'http://prometheus:9090/graph?g0.expr=up',
  };

  it('keys a firing alert on its fingerprint (empty labels dropped, as Alertmanager does)', () => {
    const [event] = parseAlertmanagerAlerts([firing], NOW);
    expect(event).toEqual({
      action: 'trigger',
      dedupKey: 'cc6e49118c0ea32b',
      summary: 'CPU above 90 %',
      source: 'web-1:9100',
      severity: 'critical',
      eventType: 'HighCPU',
      component: null,
      group: null,
      class: null,
      labels: {
        alertname: 'HighCPU',
        instance: 'web-1:9100',
        severity: 'critical',
      },
      annotations: { summary: 'CPU above 90 %', runbook: 'https://runbooks/cpu' },
      customDetails: {},
      links: [],
      occurredAt: new Date('2025-01-05T10:00:00Z'),
      endsAt: new Date('2025-01-05T10:34:00Z'),
      generatorUrl: 'http://prometheus:9090/graph?g0.expr=up',
      serviceName: null,
      origin: 'alertmanager',
    });
    expect(event.labels).not.toHaveProperty('empty');
  });

  it('resolves when endsAt has passed, and falls back for summary, source and severity', () => {
    const events = parseAlertmanagerAlerts(
      [
        { ...firing, endsAt: '2025-01-05T10:30:00Z' },
        {
          labels: { alertname: 'DiskFull', job: 'node', severity: 'warning', service: 'Checkout' },
        },
        { labels: { job: 'node', severity: 'page-everyone' }, annotations: { description: 'd' } },
        { labels: { zone: 'eu' }, generatorURL: 'javascript:alert(1)' },
      ],
      NOW,
    );
    expect(events.map((e) => e.action)).toEqual(['resolve', 'trigger', 'trigger', 'trigger']);
    expect(events[1]).toMatchObject({
      summary: 'DiskFull',
      source: 'node',
      severity: 'medium',
      serviceName: 'Checkout',
    });
    expect(events[2]).toMatchObject({ summary: 'd', eventType: 'd', severity: 'medium' });
    expect(events[3]).toMatchObject({
      summary: '{zone="eu"}',
      source: 'alertmanager',
      serviceName: null,
      generatorUrl: null,
      occurredAt: null,
      endsAt: null,
    });
  });

  it('keeps a label named __proto__ as a label', () => {
    const [event] = parseAlertmanagerAlerts(JSON.parse('[{"labels":{"__proto__":"x"}}]'), NOW);
    expect(Object.keys(event.labels)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(event.labels)).toBe(Object.prototype);
  });

  it('names the alert and the field of a bad batch', () => {
    const cases: [unknown, string][] = [
      [{ labels: {} }, 'body: must be an array of at most 1000 alerts'],
      [Array(1001).fill({ labels: { a: 'b' } }), 'body: must be an array of at most 1000 alerts'],
      [[firing, 'x'], '[1]: must be an alert object with labels'],
      [[firing, firing, firing, { labels: {} }], '[3].labels: required, at least one label'],
      [[{ labels: { a: '' } }], '[0].labels: required, at least one label'],
      [
        [{ annotations: {} }],
        '[0].labels: required, an object of names to string values, at least one label',
      ],
      [
        [{ labels: { 'bad-name': 'x' } }],
        '[0].labels: name "bad-name" must match [a-zA-Z_][a-zA-Z0-9_]*',
      ],
      [[{ labels: { a: 1 } }], '[0].labels.a: must be a string of at most 1024 characters'],
      [
        [{ labels: { a: 'x'.repeat(1025) } }],
        '[0].labels.a: must be a string of at most 1024 characters',
      ],
      [
        [{ labels: Object.fromEntries(Array.from({ length: 65 }, (_, i) => [`l${i}`, 'v'])) }],
        '[0].labels: at most 64 entries',
      ],
      [
        [{ labels: { a: 'b' }, annotations: { summary: 5 } }],
        '[0].annotations.summary: must be a string of at most 8192 characters',
      ],
      [
        [{ labels: { a: 'b' }, startsAt: 'now' }],
        '[0].startsAt: must be an RFC 3339 date-time, e.g. 2025-01-05T10:30:00Z',
      ],
      [
        [{ labels: { a: 'b' }, startsAt: '2025-01-05T10:00:00Z', endsAt: '2025-01-05T09:00:00Z' }],
        '[0].endsAt: must not be before startsAt',
      ],
      [
        [{ labels: { a: 'b' }, generatorURL: 3 }],
        '[0].generatorURL: must be a URL of at most 2048 characters',
      ],
    ];
    for (const [body, message] of cases)
      expect(errorOf(() => parseAlertmanagerAlerts(body, NOW))).toBe(message);
  });
});

describe('parseAlertmanagerWebhook', () => {
  const payload = {
    version: '4',
    groupKey: '{}:{alertname="HighCPU"}',
    truncatedAlerts: 0,
    status: 'firing',
    receiver: 'hyperion',
    groupLabels: { alertname: 'HighCPU' },
    commonLabels: { alertname: 'HighCPU' },
    commonAnnotations: {},
    externalURL: 'http://alertmanager:9093',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'HighCPU', instance: 'web-1:9100', severity: 'critical' },
        annotations: { summary: 'CPU above 90 %' },
        startsAt: '2025-01-05T10:00:00.123456789Z',
        endsAt: '0001-01-01T00:00:00Z',
        generatorURL: 'http://prometheus:9090/graph',
        fingerprint: 'cc6e49118c0ea32b',
      },
      {
        status: 'resolved',
        labels: { alertname: 'DiskFull' },
        annotations: {},
        startsAt: '2025-01-05T09:00:00Z',
        endsAt: '2025-01-05T10:00:00Z',
        generatorURL: '',
        fingerprint: 'not-a-fingerprint',
      },
    ],
  };

  it('follows each alert status; a zero endsAt is no end; a bad fingerprint is computed', () => {
    const [firing, resolved] = parseAlertmanagerWebhook(payload, NOW);
    expect(firing).toMatchObject({
      action: 'trigger',
      dedupKey: 'cc6e49118c0ea32b',
      endsAt: null,
      occurredAt: new Date('2025-01-05T10:00:00.123Z'),
      origin: 'webhook',
      severity: 'critical',
    });
    expect(resolved).toMatchObject({
      action: 'resolve',
      dedupKey: '744e61ca074bea90',
      endsAt: new Date('2025-01-05T10:00:00Z'),
      generatorUrl: null,
      origin: 'webhook',
    });
  });

  it('refuses other versions and names bad alerts', () => {
    expect(errorOf(() => parseAlertmanagerWebhook({ ...payload, version: 4 }, NOW))).toBe(
      'version: must be "4" (Alertmanager webhook payload)',
    );
    expect(errorOf(() => parseAlertmanagerWebhook({ ...payload, alerts: {} }, NOW))).toBe(
      'alerts: required, an array of at most 1000 alerts',
    );
    const bad = {
      ...payload,
      alerts: [payload.alerts[0], { ...payload.alerts[1], status: 'gone' }],
    };
    expect(errorOf(() => parseAlertmanagerWebhook(bad, NOW))).toBe(
      'alerts[1].status: required, firing or resolved',
    );
  });
});
