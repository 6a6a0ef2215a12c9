import { BadRequestException } from '@nestjs/common';

import { parseAlertmanagerAlerts, parseAlertmanagerWebhook } from './alertmanager';
import { validateMatchers } from './matchers';
import { parsePagerDutyEvent } from './pagerduty-event';
import { validateRecurrence } from './recurrence';

/**
 * Property: whatever JSON comes in, each parser returns a result or throws a BadRequestException
 * (a 400), never anything else (a 500). Random values, and valid bodies with one part broken.
 */
function rng(seed: number): () => number {
  // mulberry32: reproducible runs.
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const STRINGS = [
  '',
  ' ',
  'trigger',
  'resolve',
  'acknowledge',
  'critical',
  'warning',
  'constructor',
  '__proto__',
  'toString',
  '4',
  'firing',
  'resolved',
  '2025-01-05T10:30:00Z',
  '0001-01-01T00:00:00Z',
  'not a date',
  'https://x.test',
  'javascript:alert(1)',
  '0123456789abcdef0123456789abcdef',
  'cc6e49118c0ea32b',
  '\u0000',
  'a\nb',
  '😀',
  '\ud800',
  'x'.repeat(300),
  'x'.repeat(1100),
  '(a+)+',
  '=~',
  'FREQ=DAILY',
  'Europe/Paris',
  'FREQ=DAILY;INTERVAL=x',
];
const KEYS = [
  'routing_key',
  'event_action',
  'dedup_key',
  'payload',
  'summary',
  'source',
  'severity',
  'timestamp',
  'component',
  'group',
  'class',
  'custom_details',
  'links',
  'href',
  'text',
  'service',
  'labels',
  'annotations',
  'startsAt',
  'endsAt',
  'generatorURL',
  'version',
  'alerts',
  'status',
  'fingerprint',
  'name',
  'op',
  'value',
  'rrule',
  'durationMinutes',
  'timeZone',
  '__proto__',
  'bad-name',
  '',
];

function randomJson(next: () => number, depth = 0): unknown {
  const pick = <T>(xs: T[]): T => xs[Math.floor(next() * xs.length)];
  const kind = Math.floor(next() * (depth > 3 ? 4 : 6));
  switch (kind) {
    case 0:
      return pick(STRINGS);
    case 1:
      return pick([0, -1, 1.5, 1e308, 10081, 2 ** 53, -0]);
    case 2:
      return next() < 0.5;
    case 3:
      return String.fromCharCode(
        ...Array.from({ length: Math.floor(next() * 8) }, () => Math.floor(next() * 0x10000)),
      );
    case 4:
      return Array.from({ length: Math.floor(next() * 4) }, () => randomJson(next, depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: Math.floor(next() * 5) }, () => [
          pick(KEYS),
          randomJson(next, depth + 1),
        ]),
      );
  }
}

/** A copy of `value` with one nested part replaced by random JSON. */
function mutate(value: unknown, next: () => number): unknown {
  const copy = JSON.parse(JSON.stringify(value)) as unknown;
  let node = copy;
  for (let depth = 0; depth < 4; depth++) {
    if (typeof node !== 'object' || node === null) break;
    const keys = Object.keys(node);
    if (keys.length === 0) break;
    const key = keys[Math.floor(next() * keys.length)];
    const child = (node as Record<string, unknown>)[key];
    if (next() < 0.4 || typeof child !== 'object' || child === null) {
      if (next() < 0.2) delete (node as Record<string, unknown>)[key];
      else (node as Record<string, unknown>)[key] = randomJson(next);
      return copy;
    }
    node = child;
  }
  return copy;
}

const VALID: Record<string, unknown> = {
  pagerduty: {
    routing_key: '0123456789abcdef0123456789abcdef',
    event_action: 'trigger',
    dedup_key: 'k',
    payload: {
      summary: 's',
      source: 'h',
      severity: 'error',
      timestamp: '2025-01-05T10:30:00Z',
      custom_details: { a: [1, { b: 'c' }] },
    },
    links: [{ href: 'https://x.test', text: 't' }],
  },
  alerts: [
    {
      labels: { alertname: 'A', severity: 'critical' },
      annotations: { summary: 's' },
      startsAt: '2025-01-05T10:30:00Z',
    },
  ],
  webhook: {
    version: '4',
    alerts: [
      {
        status: 'firing',
        labels: { alertname: 'A' },
        endsAt: '0001-01-01T00:00:00Z',
        fingerprint: 'cc6e49118c0ea32b',
      },
    ],
  },
  matchers: [{ name: 'severity', op: '=~', value: 'critical|high' }],
  recurrence: {
    rrule: 'FREQ=WEEKLY;BYDAY=SU;BYHOUR=2',
    durationMinutes: 60,
    timeZone: 'Europe/Paris',
  },
};

const NOW = new Date('2025-01-05T10:30:00Z');
const PARSERS: Record<string, (body: unknown) => unknown> = {
  pagerduty: parsePagerDutyEvent,
  alerts: (body) => parseAlertmanagerAlerts(body, NOW),
  webhook: (body) => parseAlertmanagerWebhook(body, NOW),
  matchers: (body) => validateMatchers(body, 'matchers'),
  recurrence: (body) => validateRecurrence(body, 'recurrence'),
};

describe('ingest parsers on arbitrary JSON', () => {
  for (const [name, parse] of Object.entries(PARSERS)) {
    it(`${name}: a result or a 400 naming a field, for 2,000 random and broken bodies`, () => {
      const next = rng(0xa1e47 + name.length);
      let accepted = 0;
      for (let i = 0; i < 2000; i++) {
        const body = i % 2 === 0 ? randomJson(next) : mutate(VALID[name], next);
        try {
          parse(body);
          accepted++;
        } catch (e) {
          if (!(e instanceof BadRequestException))
            throw new Error(`${JSON.stringify(body)} threw ${String(e)}`);
          expect(e.message).toMatch(/^[^\s:]+: \S/);
        }
      }
      // The broken valid bodies keep some accepted: the loop really exercises both ways.
      expect(accepted).toBeGreaterThan(0);
    });
  }
});
