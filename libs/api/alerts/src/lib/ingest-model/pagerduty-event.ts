import type { AlertLink, AlertSeverity } from '@hyperion/contracts';
import { ALERT_RULES, ALERT_SEVERITY_ALIASES } from '@hyperion/contracts';

import {
  charLength,
  cut,
  fail,
  hasNul,
  httpUrl,
  isPrintable,
  isRecord,
  optionalText,
  own,
  parseIsoDate,
  requiredText,
} from './ingest-fields';
import type { NormalizedEvent } from './normalized-event';

const ACTIONS = ['trigger', 'acknowledge', 'resolve'] as const;
const LINK_HREF_MAX = 2048;
const LINK_TEXT_MAX = 1024;
/** Deeper custom details are refused (PostgreSQL's jsonb and our own walk stay bounded). */
const CUSTOM_DETAILS_DEPTH_MAX = 32;

/** `critical`, `error`, `Warning` … → the severity; anything else: null. */
export function severityOf(value: string): AlertSeverity | null {
  const key = value.toLowerCase();
  return Object.prototype.hasOwnProperty.call(ALERT_SEVERITY_ALIASES, key)
    ? ALERT_SEVERITY_ALIASES[key]
    : null;
}

export const ACCEPTED_SEVERITIES = Object.keys(ALERT_SEVERITY_ALIASES).join(', ');

/**
 * A PagerDuty Events API v2 body (`POST /api/v1/alerts/events`), checked as PagerDuty does:
 * unknown top-level fields are ignored, for acknowledge and resolve only the key matters.
 * Throws BadRequestException('<field>: <problem>') and nothing else, whatever JSON comes in.
 */
export function parsePagerDutyEvent(body: unknown): {
  routingKey: string | null;
  event: NormalizedEvent;
} {
  if (!isRecord(body)) fail('body', 'must be a JSON object (PagerDuty Events API v2)');

  const routingKey = own(body, 'routing_key');
  if (routingKey !== undefined) {
    if (typeof routingKey !== 'string' || !ALERT_RULES.routingKeyPattern.test(routingKey))
      fail(
        'routing_key',
        "must be an integration's routing key, 32 lowercase hexadecimal characters",
      );
  }

  const action = own(body, 'event_action');
  if (typeof action !== 'string' || !(ACTIONS as readonly string[]).includes(action))
    fail('event_action', `required, one of ${ACTIONS.join(', ')}`);
  const eventAction = action as NormalizedEvent['action'];

  const rawKey = own(body, 'dedup_key');
  let dedupKey: string | null = null;
  if (rawKey !== undefined) {
    if (
      typeof rawKey !== 'string' ||
      rawKey === '' ||
      charLength(rawKey) > ALERT_RULES.dedupKeyMax ||
      !isPrintable(rawKey)
    )
      fail('dedup_key', `must be 1 to ${ALERT_RULES.dedupKeyMax} printable characters`);
    dedupKey = rawKey;
  }

  const serviceName = optionalText(own(body, 'service'), 'service', ALERT_RULES.fieldMax);
  const base = { routingKey: typeof routingKey === 'string' ? routingKey : null };

  if (eventAction !== 'trigger') {
    if (dedupKey === null)
      fail(
        'dedup_key',
        `required to ${eventAction}: the key of the alert, 1 to ${ALERT_RULES.dedupKeyMax} characters`,
      );
    // PagerDuty ignores the payload of acknowledge and resolve: only the key matters.
    return {
      ...base,
      event: {
        action: eventAction,
        dedupKey,
        summary: '',
        source: '',
        severity: 'low',
        eventType: '',
        component: null,
        group: null,
        class: null,
        labels: {},
        annotations: {},
        customDetails: {},
        links: [],
        occurredAt: null,
        endsAt: null,
        generatorUrl: null,
        serviceName,
        origin: 'events',
      },
    };
  }

  const payload = own(body, 'payload');
  if (!isRecord(payload))
    fail('payload', 'required to trigger: an object with summary, source and severity');

  const summary = requiredText(own(payload, 'summary'), 'payload.summary', ALERT_RULES.summaryMax);
  const source = requiredText(own(payload, 'source'), 'payload.source', ALERT_RULES.sourceMax);
  const rawSeverity = own(payload, 'severity');
  const severity = typeof rawSeverity === 'string' ? severityOf(rawSeverity) : null;
  if (severity === null) fail('payload.severity', `required, one of ${ACCEPTED_SEVERITIES}`);

  let occurredAt: Date | null = null;
  const timestamp = own(payload, 'timestamp');
  if (timestamp !== undefined) {
    occurredAt = parseIsoDate(timestamp);
    if (occurredAt === null)
      fail('payload.timestamp', 'must be an ISO 8601 date-time, e.g. 2025-01-05T10:30:00Z');
  }

  const component = optionalText(
    own(payload, 'component'),
    'payload.component',
    ALERT_RULES.fieldMax,
  );
  const group = optionalText(own(payload, 'group'), 'payload.group', ALERT_RULES.fieldMax);
  const klass = optionalText(own(payload, 'class'), 'payload.class', ALERT_RULES.fieldMax);
  const customDetails = parseCustomDetails(own(payload, 'custom_details'));
  const links = parseLinks(own(body, 'links'));

  const eventType = cut(klass ?? summary, ALERT_RULES.fieldMax);
  const labels: Record<string, string> = { severity, source };
  if (component !== null) labels['component'] = component;
  if (group !== null) labels['group'] = group;
  if (klass !== null) labels['class'] = klass;
  labels['alertname'] = eventType;

  return {
    ...base,
    event: {
      action: 'trigger',
      dedupKey,
      summary,
      source,
      severity,
      eventType,
      component,
      group,
      class: klass,
      labels,
      annotations: {},
      customDetails,
      links,
      occurredAt,
      endsAt: null,
      generatorUrl: null,
      serviceName,
      origin: 'events',
    },
  };
}

function parseCustomDetails(value: unknown): Record<string, unknown> {
  const field = 'payload.custom_details';
  if (value === undefined) return {};
  if (!isRecord(value))
    fail(field, `must be a JSON object of at most ${ALERT_RULES.customDetailsMaxBytes} bytes`);
  // Walk it without recursion: depth and NUL checked before anything serialises it.
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop() as [unknown, number];
    if (typeof node === 'string') {
      if (hasNul(node)) fail(field, 'must not contain the NUL character (\\u0000)');
    } else if (typeof node === 'object' && node !== null) {
      if (depth > CUSTOM_DETAILS_DEPTH_MAX)
        fail(field, `at most ${CUSTOM_DETAILS_DEPTH_MAX} levels of nesting`);
      for (const key of Object.keys(node)) {
        if (hasNul(key)) fail(field, 'must not contain the NUL character (\\u0000)');
        stack.push([(node as Record<string, unknown>)[key], depth + 1]);
      }
    }
  }
  if (Buffer.byteLength(JSON.stringify(value), 'utf8') > ALERT_RULES.customDetailsMaxBytes)
    fail(field, `at most ${ALERT_RULES.customDetailsMaxBytes} bytes of JSON`);
  return value;
}

function parseLinks(value: unknown): AlertLink[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || value.length > ALERT_RULES.linksMax)
    fail('links', `must be an array of at most ${ALERT_RULES.linksMax} links`);
  return value.map((link, i) => {
    const field = `links[${i}]`;
    if (!isRecord(link)) fail(field, 'must be an object with href and text');
    const href = own(link, 'href');
    if (
      typeof href !== 'string' ||
      href.length > LINK_HREF_MAX ||
      hasNul(href) ||
      httpUrl(href) === null
    )
      fail(
        `${field}.href`,
        `required, an http or https URL of at most ${LINK_HREF_MAX} characters`,
      );
    const text = optionalText(own(link, 'text'), `${field}.text`, LINK_TEXT_MAX);
    return { href, text: text ?? href };
  });
}
