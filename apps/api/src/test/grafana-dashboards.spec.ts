import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

import { parser } from '@prometheus-io/lezer-promql';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import request from 'supertest';

import { startTestApp, TestApp } from './test-app';

const DOCKER = join(__dirname, '../../../../docker');
const DASHBOARDS = join(DOCKER, 'grafana/dashboards');
const PROVISIONING = join(DOCKER, 'grafana/provisioning');

/** Series Prometheus writes itself for every target, not Hyperion: `up` only. */
const PROMETHEUS_OWN = ['up'];
/** Grafana's core panel types the dashboards may use. */
const PANEL_TYPES = ['row', 'stat', 'timeseries', 'table', 'bargauge', 'gauge', 'piechart', 'text'];

interface Target {
  refId?: unknown;
  expr?: unknown;
  datasource?: { type?: unknown; uid?: unknown };
}

interface Panel {
  id?: unknown;
  type?: unknown;
  title?: unknown;
  gridPos?: { h: number; w: number; x: number; y: number };
  datasource?: { type?: unknown; uid?: unknown };
  targets?: Target[];
}

interface Dashboard {
  uid?: unknown;
  title?: unknown;
  schemaVersion?: unknown;
  panels?: Panel[];
  templating?: {
    list?: { name?: unknown; type?: unknown; definition?: unknown; datasource?: unknown }[];
  };
}

/**
 * Grafana's own variables, replaced as Grafana would before a query reaches Prometheus
 * (`$organization` and the like only appear inside label matchers' strings).
 */
function withGrafanaVariables(expr: string): string {
  return expr.replace(/\$__(rate_interval|interval|range)\b/g, '5m');
}

/** The metric names a PromQL expression selects; throws where it does not parse. */
function metricNames(expr: string): string[] {
  const text = withGrafanaVariables(expr);
  const names: string[] = [];
  const errors: number[] = [];
  parser.parse(text).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push(node.from);
      if (node.name === 'VectorSelector') {
        const identifier = node.node.getChild('Identifier');
        if (identifier) names.push(text.slice(identifier.from, identifier.to));
      }
      // {__name__="..."}: a selector by name without an identifier.
      if (node.name === 'UnquotedLabelMatcher') {
        const label = node.node.getChild('LabelName');
        const value = node.node.getChild('StringLiteral');
        const op = node.node.getChild('MatchOp');
        if (label && value && op && text.slice(label.from, label.to) === '__name__') {
          if (text.slice(op.from, op.to) !== '=')
            throw new Error(`${expr}: __name__ must match with =`);
          names.push(JSON.parse(text.slice(value.from, value.to)) as string);
        }
      }
    },
  });
  if (errors.length > 0) throw new Error(`not PromQL at ${errors.join(', ')}: ${expr}`);
  return names;
}

/** Every PromQL expression of a dashboard (panel targets, and `label_values(...)` variables). */
function expressions(dashboard: Dashboard): { where: string; expr: string }[] {
  const found: { where: string; expr: string }[] = [];
  for (const panel of dashboard.panels ?? []) {
    for (const target of panel.targets ?? []) {
      found.push({
        where: `panel "${String(panel.title)}" ${String(target.refId)}`,
        expr: String(target.expr),
      });
    }
  }
  for (const variable of dashboard.templating?.list ?? []) {
    if (variable.type !== 'query') continue;
    const definition = String(variable.definition);
    const labelValues = /^label_values\((.+),\s*[A-Za-z_][A-Za-z0-9_]*\)$/.exec(definition);
    found.push({
      where: `variable ${String(variable.name)}`,
      expr: labelValues ? labelValues[1] : definition,
    });
  }
  return found;
}

/** The metric names the dashboards use that `exported` does not hold, as readable lines. */
function unknownMetrics(dashboards: [string, Dashboard][], exported: Set<string>): string[] {
  const unknown: string[] = [];
  for (const [file, dashboard] of dashboards) {
    for (const { where, expr } of expressions(dashboard)) {
      for (const name of metricNames(expr)) {
        if (!exported.has(name)) unknown.push(`${file} ${where}: ${name}`);
      }
    }
  }
  return unknown;
}

describe('Grafana dashboards (docker/grafana) and docker/prometheus.yml', () => {
  const files = readdirSync(DASHBOARDS)
    .filter((f) => f.endsWith('.json'))
    .sort();
  const dashboards: [string, Dashboard][] = files.map((f) => [
    f,
    JSON.parse(readFileSync(join(DASHBOARDS, f), 'utf8')) as Dashboard,
  ]);
  const datasourceFile = readFileSync(join(PROVISIONING, 'datasources/prometheus.yml'), 'utf8');
  const datasourceUid = /^\s+uid:\s*(\S+)\s*$/m.exec(datasourceFile)?.[1];

  /** The names /metrics exposes, histograms' and summaries' suffixed series included. */
  let exported: Set<string>;
  let t: TestApp;

  beforeAll(async () => {
    const token = randomBytes(24).toString('base64url');
    t = await startTestApp({ METRICS_TOKEN: token });
    const res = await request(t.url)
      .get('/metrics')
      .set('Authorization', `Bearer ${token}`)
      .expect(200);
    exported = new Set(PROMETHEUS_OWN);
    for (const family of parsePrometheusTextFormat(res.text)) {
      exported.add(family.name);
      if (family.type === 'HISTOGRAM' || family.type === 'SUMMARY') {
        exported.add(`${family.name}_sum`);
        exported.add(`${family.name}_count`);
      }
      if (family.type === 'HISTOGRAM') exported.add(`${family.name}_bucket`);
    }
  });

  afterAll(() => t?.close());

  it('provisions one Prometheus data source and the dashboards folder', () => {
    expect(datasourceUid).toBe('hyperion-prometheus');
    expect(datasourceFile).toMatch(/^\s+type:\s*prometheus\s*$/m);
    const provider = readFileSync(join(PROVISIONING, 'dashboards/hyperion.yml'), 'utf8');
    expect(provider).toMatch(/^\s+type:\s*file\s*$/m);
    expect(provider).toMatch(/^\s+path:\s*\/var\/lib\/grafana\/dashboards\s*$/m);
    // The four dashboards of issue 11.
    expect(dashboards.map(([, d]) => d.title)).toEqual([
      'Hyperion — Alerts and notifications',
      'Hyperion — Business KPIs',
      'Hyperion — Incidents overview',
      'Hyperion — System health',
    ]);
  });

  it('every dashboard is valid Grafana JSON: uid, title, schemaVersion ≥ 36, panels on the grid, Prometheus targets on the provisioned data source', () => {
    const uids = new Set<unknown>();
    for (const [file, d] of dashboards) {
      const problems: string[] = [];
      if (typeof d.uid !== 'string' || !/^[A-Za-z0-9_-]{1,40}$/.test(d.uid)) problems.push('uid');
      if (uids.has(d.uid)) problems.push(`uid ${String(d.uid)} used twice`);
      uids.add(d.uid);
      if (typeof d.title !== 'string' || d.title === '') problems.push('title');
      if (typeof d.schemaVersion !== 'number' || d.schemaVersion < 36)
        problems.push('schemaVersion');
      const panels = d.panels ?? [];
      if (panels.length === 0) problems.push('no panels');
      const ids = new Set<unknown>();
      const cells = new Set<string>();
      for (const p of panels) {
        const name = `panel ${String(p.id)} "${String(p.title)}"`;
        if (typeof p.id !== 'number' || ids.has(p.id)) problems.push(`${name}: id`);
        ids.add(p.id);
        if (!PANEL_TYPES.includes(String(p.type))) problems.push(`${name}: type ${String(p.type)}`);
        const g = p.gridPos;
        if (!g || g.x < 0 || g.w < 1 || g.h < 1 || g.y < 0 || g.x + g.w > 24) {
          problems.push(`${name}: gridPos`);
        } else {
          for (let x = g.x; x < g.x + g.w; x++) {
            for (let y = g.y; y < g.y + g.h; y++) {
              if (cells.has(`${x},${y}`)) problems.push(`${name}: overlaps at ${x},${y}`);
              cells.add(`${x},${y}`);
            }
          }
        }
        if (p.type === 'row') continue;
        if (p.datasource?.type !== 'prometheus' || p.datasource.uid !== datasourceUid) {
          problems.push(`${name}: datasource`);
        }
        const targets = p.targets ?? [];
        if (targets.length === 0) problems.push(`${name}: no targets`);
        const refIds = new Set(targets.map((target) => target.refId));
        if (refIds.size !== targets.length) problems.push(`${name}: refIds`);
        for (const target of targets) {
          if (typeof target.expr !== 'string' || target.expr.trim() === '')
            problems.push(`${name}: expr`);
          if (target.datasource?.uid !== datasourceUid) problems.push(`${name}: target datasource`);
        }
      }
      expect({ file, problems }).toEqual({ file, problems: [] });
    }
  });

  it('every metric every PromQL expression names is one Hyperion exports on /metrics', () => {
    const all = dashboards.flatMap(([, d]) => expressions(d));
    expect(all.length).toBeGreaterThan(40);
    expect(unknownMetrics(dashboards, exported)).toEqual([]);
    // Every family the dashboards are about is shown somewhere.
    const used = new Set(all.flatMap(({ expr }) => metricNames(expr)));
    for (const name of [
      'incidents_total',
      'incidents_by_severity',
      'response_time_seconds_bucket',
      'automation_success_rate',
      'alerts_received_total',
      'alerts_silenced_total',
      'notifications_failed_total',
      'monitor_up',
      'monitor_response_time_seconds',
      'http_request_duration_seconds_bucket',
      'process_cpu_seconds_total',
    ]) {
      expect({ name, used: used.has(name) }).toEqual({ name, used: true });
    }
  });

  it('the check itself: a misspelt metric, a {__name__} selector and broken PromQL are caught', () => {
    const board = (expr: string): [string, Dashboard][] => [
      ['probe.json', { panels: [{ title: 'Probe', targets: [{ refId: 'A', expr }] }] }],
    ];
    expect(
      unknownMetrics(board('sum(rate(alerts_recieved_total[$__rate_interval]))'), exported),
    ).toEqual(['probe.json panel "Probe" A: alerts_recieved_total']);
    expect(unknownMetrics(board('count({__name__="node_load1"})'), exported)).toEqual([
      'probe.json panel "Probe" A: node_load1',
    ]);
    expect(
      unknownMetrics(
        board('histogram_quantile(0.9, sum by (le) (rate(response_time_seconds_bucket[1h])))'),
        exported,
      ),
    ).toEqual([]);
    expect(() => metricNames('sum(rate(monitor_up[5m])')).toThrow(/not PromQL/);
  });

  it('docker/prometheus.yml is a valid Prometheus configuration (promtool) that scrapes /metrics with a bearer token file and sends alerts to Hyperion', () => {
    const path = join(DOCKER, 'prometheus.yml');
    const out = execFileSync('/usr/bin/promtool', ['check', 'config', '--syntax-only', path], {
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(out).toContain('SUCCESS');
    const config = readFileSync(path, 'utf8');
    expect(config).toMatch(
      /job_name: hyperion\n\s+metrics_path: \/metrics\n\s+authorization:\n\s+type: Bearer\n\s+credentials_file: \S+/,
    );
    expect(config).toMatch(/job_name: node\n/);
    expect(config).toMatch(/alertmanagers:\n\s+- api_version: v2\n/);
  });
});
