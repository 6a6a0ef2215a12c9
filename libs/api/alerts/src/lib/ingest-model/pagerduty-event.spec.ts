import { BadRequestException } from '@nestjs/common';

import { parsePagerDutyEvent } from './pagerduty-event';

const KEY = '0123456789abcdef0123456789abcdef';

function trigger(payload: Record<string, unknown> = {}, extra: Record<string, unknown> = {}) {
  return {
    routing_key: KEY,
    event_action: 'trigger',
    dedup_key: 'disk/web-1',
    payload: { summary: 'Disk full on web-1', source: 'web-1', severity: 'critical', ...payload },
    ...extra,
  };
}

function errorOf(body: unknown): string {
  try {
    parsePagerDutyEvent(body);
  } catch (e) {
    expect(e).toBeInstanceOf(BadRequestException);
    return (e as BadRequestException).message;
  }
  throw new Error('expected a 400');
}

describe('parsePagerDutyEvent', () => {
  it('turns a full trigger into an event with labels for the matchers', () => {
    const { routingKey, event } = parsePagerDutyEvent(
      trigger(
        {
          timestamp: '2025-01-05T11:30:00+01:00',
          component: 'disk',
          group: 'prod',
          class: 'INTEGRITY BREACH DETECTED',
          custom_details: { free: '0 B', mounts: ['/'] },
        },
        {
          links: [
            { href: 'https://grafana.example/d/1', text: 'Dashboard' },
            { href: 'http://x.test' },
          ],
          service: 'Checkout',
          client: 'ignored, as PagerDuty ignores unknown fields',
        },
      ),
    );
    expect(routingKey).toBe(KEY);
    expect(event).toEqual({
      action: 'trigger',
      dedupKey: 'disk/web-1',
      summary: 'Disk full on web-1',
      source: 'web-1',
      severity: 'critical',
      eventType: 'INTEGRITY BREACH DETECTED',
      component: 'disk',
      group: 'prod',
      class: 'INTEGRITY BREACH DETECTED',
      labels: {
        severity: 'critical',
        source: 'web-1',
        component: 'disk',
        group: 'prod',
        class: 'INTEGRITY BREACH DETECTED',
        alertname: 'INTEGRITY BREACH DETECTED',
      },
      annotations: {},
      customDetails: { free: '0 B', mounts: ['/'] },
      links: [
        { href: 'https://grafana.example/d/1', text: 'Dashboard' },
        { href: 'http://x.test', text: 'http://x.test' },
      ],
      occurredAt: new Date('2025-01-05T10:30:00Z'),
      endsAt: null,
      generatorUrl: null,
      serviceName: 'Checkout',
      origin: 'events',
    });
  });

  it("maps PagerDuty's severities and takes the summary as event type without a class", () => {
    const severities = { error: 'high', warning: 'medium', info: 'low', CRITICAL: 'critical' };
    for (const [given, expected] of Object.entries(severities)) {
      const { event } = parsePagerDutyEvent(trigger({ severity: given }));
      expect(event.severity).toBe(expected);
      expect(event.eventType).toBe('Disk full on web-1');
      expect(event.labels).toEqual({
        severity: expected,
        source: 'web-1',
        alertname: 'Disk full on web-1',
      });
    }
  });

  it('leaves the key to the caller when none is given, and the routing key is optional', () => {
    const body = trigger();
    delete (body as Partial<typeof body>).dedup_key;
    delete (body as Partial<typeof body>).routing_key;
    const { routingKey, event } = parsePagerDutyEvent(body);
    expect(routingKey).toBeNull();
    expect(event.dedupKey).toBeNull();
  });

  it('cuts a long summary to 255 characters for the event type, never halving an emoji', () => {
    const summary = 'a'.repeat(254) + '😀😀';
    const { event } = parsePagerDutyEvent(trigger({ summary }));
    expect(event.summary).toBe(summary);
    expect(event.eventType).toBe('a'.repeat(254) + '😀');
  });

  it('acknowledges and resolves by key alone, ignoring the payload', () => {
    for (const action of ['acknowledge', 'resolve']) {
      const { event } = parsePagerDutyEvent({
        event_action: action,
        dedup_key: 'disk/web-1',
        payload: { severity: 'nonsense' },
      });
      expect(event).toMatchObject({ action, dedupKey: 'disk/web-1', origin: 'events' });
    }
    expect(errorOf({ event_action: 'resolve' })).toBe(
      'dedup_key: required to resolve: the key of the alert, 1 to 255 characters',
    );
  });

  it('names the field and what is wrong', () => {
    const cases: [unknown, string][] = [
      [[], 'body: must be a JSON object (PagerDuty Events API v2)'],
      [
        { ...trigger(), event_action: 'fire' },
        'event_action: required, one of trigger, acknowledge, resolve',
      ],
      [
        trigger({}, { routing_key: 'nope' }),
        "routing_key: must be an integration's routing key, 32 lowercase hexadecimal characters",
      ],
      [
        trigger({}, { dedup_key: 'x'.repeat(256) }),
        'dedup_key: must be 1 to 255 printable characters',
      ],
      [trigger({}, { dedup_key: 'a\nb' }), 'dedup_key: must be 1 to 255 printable characters'],
      [
        trigger({}, { payload: undefined }),
        'payload: required to trigger: an object with summary, source and severity',
      ],
      [trigger({ summary: '' }), 'payload.summary: required, 1 to 1024 characters'],
      [trigger({ summary: 'x'.repeat(1025) }), 'payload.summary: required, 1 to 1024 characters'],
      [trigger({ summary: 'a\u0000b' }), 'payload.summary: required, 1 to 1024 characters'],
      [trigger({ source: 42 }), 'payload.source: required, 1 to 255 characters'],
      [
        trigger({ severity: 'catastrophic' }),
        'payload.severity: required, one of critical, high, error, major, medium, warning, minor, low, info, none',
      ],
      [trigger({ severity: 'constructor' }), expect.stringMatching(/^payload\.severity: required/)],
      [
        trigger({ timestamp: 'yesterday' }),
        'payload.timestamp: must be an ISO 8601 date-time, e.g. 2025-01-05T10:30:00Z',
      ],
      [
        trigger({ timestamp: '2025-02-30T10:00:00Z' }),
        expect.stringMatching(/^payload\.timestamp: /),
      ],
      [
        trigger({ component: 'c'.repeat(256) }),
        'payload.component: must be a string of at most 255 characters',
      ],
      [trigger({ class: ['x'] }), 'payload.class: must be a string of at most 255 characters'],
      [
        trigger({ custom_details: 'text' }),
        'payload.custom_details: must be a JSON object of at most 16384 bytes',
      ],
      [
        trigger({ custom_details: { blob: 'x'.repeat(16 * 1024) } }),
        'payload.custom_details: at most 16384 bytes of JSON',
      ],
      [
        trigger({ custom_details: { 'a\u0000': 1 } }),
        'payload.custom_details: must not contain the NUL character (\\u0000)',
      ],
      [trigger({}, { links: 'https://x.test' }), 'links: must be an array of at most 20 links'],
      [
        trigger({}, { links: Array(21).fill({ href: 'https://x.test' }) }),
        'links: must be an array of at most 20 links',
      ],
      [
        trigger({}, { links: [{ href: 'https://x.test' }, { href: 'javascript:alert(1)' }] }),
        'links[1].href: required, an http or https URL of at most 2048 characters',
      ],
      [trigger({}, { service: 7 }), 'service: must be a string of at most 255 characters'],
    ];
    for (const [body, message] of cases) expect(errorOf(body)).toEqual(message);
  });

  it('refuses custom details nested deeper than 32 levels without overflowing the stack', () => {
    let deep: Record<string, unknown> = {};
    const root = deep;
    for (let i = 0; i < 100_000; i++) deep = (deep['a'] = {}) as Record<string, unknown>;
    expect(errorOf(trigger({ custom_details: root }))).toBe(
      'payload.custom_details: at most 32 levels of nesting',
    );
  });
});
