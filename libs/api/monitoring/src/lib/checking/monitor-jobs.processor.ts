import { InternalAlert, InternalAlerts } from '@hyperion/api/alerts';
import { RequestContext } from '@hyperion/api/core';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';

import { MonitorAlertJob, monitorAlertKey, MonitorCheckRunner } from './monitor-check-runner';
import type { MonitorCheckJob } from './monitor-scheduler';

const ms = (value: number) => `${new Intl.NumberFormat('en-US').format(value)} ms`;

/**
 * The alert a monitor's job raises or resolves: DOWN is critical (the service is unreachable);
 * slow is a warning (PagerDuty's `warning`, `medium` here): it still answers, only late.
 */
export function monitorAlert(data: MonitorAlertJob): InternalAlert {
  const common = {
    action: data.action,
    source: `monitor:${data.name}`,
    serviceId: data.serviceId,
    by: `Monitor ${data.name}`,
  };
  if (data.condition !== 'slow') {
    return {
      ...common,
      dedupKey: monitorAlertKey(data.monitorId),
      summary:
        data.action === 'trigger'
          ? `${data.name} is DOWN: ${data.message}`
          : `${data.name} is UP again: ${data.message}`,
      severity: 'critical',
      labels: { alertname: 'MonitorDown', monitor: data.name, kind: data.kind },
      customDetails: { monitorId: data.monitorId, message: data.message },
    };
  }
  const latency = data.latencyMs ?? null;
  const threshold = data.thresholdMs ?? null;
  const measured =
    latency !== null && threshold !== null ? `: ${ms(latency)} (threshold ${ms(threshold)})` : '';
  return {
    ...common,
    dedupKey: monitorAlertKey(data.monitorId, 'slow'),
    summary:
      data.action === 'trigger'
        ? `${data.name} responds slowly${measured}`
        : threshold === null
          ? `${data.name}: its response-time alert was switched off`
          : `${data.name} responds in time again${measured}`,
    // What the ingest makes of a `warning` (ALERT_SEVERITY_ALIASES).
    severity: 'medium',
    labels: { alertname: 'MonitorSlow', monitor: data.name, kind: data.kind },
    customDetails: {
      monitorId: data.monitorId,
      message: data.message,
      latencyMs: latency,
      thresholdMs: threshold,
    },
  };
}

/**
 * The monitors queue: due checks (many at once: they mostly wait on the network), and the
 * alerts their verdicts raise or resolve (through the alerts ingest, de-duplicated by the
 * monitor's key and condition, so a retried job pages nobody twice).
 */
@Processor(QUEUES.monitors)
export class MonitorJobsProcessor {
  constructor(
    private readonly runner: MonitorCheckRunner,
    private readonly alerts: InternalAlerts,
  ) {}

  @Process({ name: JOBS.monitorCheck, concurrency: 50 })
  async check(job: Pick<Job<MonitorCheckJob>, 'data'>): Promise<void> {
    await RequestContext.forJob(job.data, () =>
      this.runner.run(job.data.monitorId, { force: false }),
    );
  }

  @Process({ name: JOBS.monitorAlert, concurrency: 2 })
  async alert(job: Pick<Job<MonitorAlertJob>, 'data'>): Promise<void> {
    const data = job.data;
    await RequestContext.forJob(data, () =>
      this.alerts.send(data.organizationId as string, monitorAlert(data)),
    );
  }
}
