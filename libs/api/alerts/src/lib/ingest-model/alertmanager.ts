import { ALERT_RULES } from '@hyperion/contracts';

import {
  charLength,
  cut,
  fail,
  hasNul,
  httpUrl,
  isRecord,
  own,
  parseIsoDate,
} from './ingest-fields';
import type { NormalizedEvent } from './normalized-event';
import { severityOf } from './pagerduty-event';

/** Prometheus' label name syntax (`model.LabelNameRE`). */
export const LABEL_NAME_PATTERN = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

const SEPARATOR = 0xff;
const encoder = new TextEncoder();

/**
 * Alertmanager's fingerprint of an alert: Prometheus' `model.LabelSet.Fingerprint()`, FNV-1a
 * 64-bit over the labels sorted by name (name, 0xff, value, 0xff for each), as 16 hex digits.
 */
export function alertmanagerFingerprint(labels: Record<string, string>): string {
  // Go sorts names byte-wise; for strings of this syntax that is the same as JS's default sort.
  const names = Object.keys(labels).sort();
  // The 64-bit state as four 16-bit words (BigInt would cost ten times more per byte).
  let h0 = 0x2325;
  let h1 = 0x8422;
  let h2 = 0x9ce4;
  let h3 = 0xcbf2;
  const byte = (b: number): void => {
    h0 ^= b;
    // × 0x100000001b3 (2^40 + 0x1b3), modulo 2^64.
    const t0 = h0 * 0x1b3;
    let t1 = h1 * 0x1b3;
    let t2 = h2 * 0x1b3 + (h0 << 8);
    const t3 = h3 * 0x1b3 + (h1 << 8);
    t1 += t0 >>> 16;
    h0 = t0 & 0xffff;
    t2 += t1 >>> 16;
    h1 = t1 & 0xffff;
    h3 = (t3 + (t2 >>> 16)) & 0xffff;
    h2 = t2 & 0xffff;
  };
  const text = (value: string): void => {
    for (let i = 0; i < value.length; i++) {
      const c = value.charCodeAt(i);
      if (c < 0x80) byte(c);
      else {
        for (const b of encoder.encode(value.slice(i))) byte(b);
        return;
      }
    }
  };
  for (const name of names) {
    text(name);
    byte(SEPARATOR);
    text(labels[name]);
    byte(SEPARATOR);
  }
  const hex = (w: number) => w.toString(16).padStart(4, '0');
  return hex(h3) + hex(h2) + hex(h1) + hex(h0);
}

/** Alertmanager's zero time, sent as endsAt of firing alerts by its webhook. */
const GO_ZERO_TIME = /^0001-01-01T00:00:00(\.0+)?Z$/;
const GENERATOR_URL_MAX = 2048;
const FINGERPRINT_PATTERN = /^[0-9a-f]{16}$/;

/**
 * The body of `POST /api/v2/alerts` (what Prometheus sends): an array of postable alerts.
 * An alert whose endsAt has passed is a resolve; Prometheus sends firing alerts with an endsAt in
 * the future. Throws BadRequestException('[3].labels: …') and nothing else.
 */
export function parseAlertmanagerAlerts(body: unknown, now: Date): NormalizedEvent[] {
  if (!Array.isArray(body) || body.length > ALERT_RULES.batchMax)
    fail('body', `must be an array of at most ${ALERT_RULES.batchMax} alerts`);
  return body.map((raw, i) => {
    const alert = parseAlert(raw, `[${i}]`);
    const resolved = alert.endsAt !== null && alert.endsAt.getTime() <= now.getTime();
    return toEvent(alert, resolved ? 'resolve' : 'trigger', null, 'alertmanager');
  });
}

/**
 * An Alertmanager webhook notification (payload version 4): each alert's status decides, its
 * fingerprint is the key (computed again when it is not one).
 */
export function parseAlertmanagerWebhook(body: unknown, _now: Date): NormalizedEvent[] {
  if (!isRecord(body)) fail('body', 'must be an Alertmanager webhook payload (version 4)');
  if (own(body, 'version') !== '4') fail('version', 'must be "4" (Alertmanager webhook payload)');
  const alerts = own(body, 'alerts');
  if (!Array.isArray(alerts) || alerts.length > ALERT_RULES.batchMax)
    fail('alerts', `required, an array of at most ${ALERT_RULES.batchMax} alerts`);
  return alerts.map((raw, i) => {
    const field = `alerts[${i}]`;
    const alert = parseAlert(raw, field);
    const status = own(raw as Record<string, unknown>, 'status');
    if (status !== 'firing' && status !== 'resolved')
      fail(`${field}.status`, 'required, firing or resolved');
    const fingerprint = own(raw as Record<string, unknown>, 'fingerprint');
    const key =
      typeof fingerprint === 'string' && FINGERPRINT_PATTERN.test(fingerprint) ? fingerprint : null;
    return toEvent(alert, status === 'firing' ? 'trigger' : 'resolve', key, 'webhook');
  });
}

interface ParsedAlert {
  labels: Record<string, string>;
  annotations: Record<string, string>;
  startsAt: Date | null;
  endsAt: Date | null;
  generatorUrl: string | null;
}

function parseAlert(raw: unknown, field: string): ParsedAlert {
  if (!isRecord(raw)) fail(field, 'must be an alert object with labels');
  const labels = parseLabelSet(own(raw, 'labels'), `${field}.labels`, ALERT_RULES.labelValueMax);
  if (Object.keys(labels).length === 0) fail(`${field}.labels`, 'required, at least one label');
  const rawAnnotations = own(raw, 'annotations');
  const annotations =
    rawAnnotations === undefined
      ? {}
      : parseLabelSet(rawAnnotations, `${field}.annotations`, ALERT_RULES.annotationValueMax);
  const startsAt = parseTime(own(raw, 'startsAt'), `${field}.startsAt`);
  const endsAt = parseTime(own(raw, 'endsAt'), `${field}.endsAt`);
  if (startsAt && endsAt && endsAt.getTime() < startsAt.getTime())
    fail(`${field}.endsAt`, 'must not be before startsAt');

  const rawUrl = own(raw, 'generatorURL');
  if (
    rawUrl !== undefined &&
    (typeof rawUrl !== 'string' || rawUrl.length > GENERATOR_URL_MAX || hasNul(rawUrl))
  )
    fail(`${field}.generatorURL`, `must be a URL of at most ${GENERATOR_URL_MAX} characters`);
  // Kept only when it is an http(s) URL: the console shows it as a link.
  const generatorUrl = typeof rawUrl === 'string' && httpUrl(rawUrl) ? rawUrl : null;
  return { labels, annotations, startsAt, endsAt, generatorUrl };
}

/** Labels or annotations: names of label syntax, string values; empty values dropped. */
function parseLabelSet(value: unknown, field: string, valueMax: number): Record<string, string> {
  if (!isRecord(value))
    fail(field, 'required, an object of names to string values, at least one label');
  const names = Object.keys(value);
  if (names.length > ALERT_RULES.labelsMax) fail(field, `at most ${ALERT_RULES.labelsMax} entries`);
  const entries: [string, string][] = [];
  for (const name of names) {
    if (!LABEL_NAME_PATTERN.test(name))
      fail(field, `name ${JSON.stringify(cut(name, 64))} must match [a-zA-Z_][a-zA-Z0-9_]*`);
    const v = value[name];
    if (typeof v !== 'string' || charLength(v) > valueMax || hasNul(v))
      fail(`${field}.${name}`, `must be a string of at most ${valueMax} characters`);
    // Alertmanager drops labels with an empty value before fingerprinting.
    if (v !== '') entries.push([name, v]);
  }
  // fromEntries defines own properties: a `__proto__` label stays a label.
  return Object.fromEntries(entries);
}

function parseTime(value: unknown, field: string): Date | null {
  if (value === undefined || value === '') return null;
  if (typeof value === 'string' && GO_ZERO_TIME.test(value)) return null;
  const date = parseIsoDate(value);
  if (date === null) fail(field, 'must be an RFC 3339 date-time, e.g. 2025-01-05T10:30:00Z');
  return date;
}

function toEvent(
  alert: ParsedAlert,
  action: NormalizedEvent['action'],
  fingerprint: string | null,
  origin: 'alertmanager' | 'webhook',
): NormalizedEvent {
  const { labels, annotations } = alert;
  const label = (name: string): string | undefined => own(labels, name) as string | undefined;
  const annotation = (name: string): string | undefined =>
    own(annotations, name) as string | undefined;
  const summary = cut(
    annotation('summary') ?? annotation('description') ?? label('alertname') ?? labelString(labels),
    ALERT_RULES.summaryMax,
  );
  const severity = severityOf(label('severity') ?? '') ?? 'medium';
  return {
    action,
    dedupKey: fingerprint ?? alertmanagerFingerprint(labels),
    summary,
    source: cut(label('instance') ?? label('job') ?? 'alertmanager', ALERT_RULES.sourceMax),
    severity,
    eventType: cut(label('alertname') ?? summary, ALERT_RULES.fieldMax),
    component: null,
    group: null,
    class: null,
    labels,
    annotations,
    customDetails: {},
    links: [],
    occurredAt: alert.startsAt,
    endsAt: alert.endsAt,
    generatorUrl: alert.generatorUrl,
    serviceName: cut(label('service') ?? '', ALERT_RULES.fieldMax) || null,
    origin,
  };
}

/** `{job="node", zone="eu"}`, as Alertmanager prints a label set. */
function labelString(labels: Record<string, string>): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((name) => `${name}=${JSON.stringify(labels[name])}`);
  return `{${pairs.join(', ')}}`;
}
