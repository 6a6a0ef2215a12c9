import { InternalAlerts } from '@hyperion/api/alerts';
import { RequestContext } from '@hyperion/api/core';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';

import { MonitorAlertJob, monitorAlertKey, MonitorCheckRunner } from './monitor-check-runner';
import type { MonitorCheckJob } from './monitor-scheduler';

/**
 * The monitors queue: due checks (many at once: they mostly wait on the network), and the
 * alerts their verdicts raise or resolve (through the alerts ingest, de-duplicated by the
 * monitor's key, so a retried job pages nobody twice).
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
      this.alerts.send(data.organizationId as string, {
        action: data.action,
        dedupKey: monitorAlertKey(data.monitorId),
        summary:
          data.action === 'trigger'
            ? `${data.name} is DOWN: ${data.message}`
            : `${data.name} is UP again: ${data.message}`,
        source: `monitor:${data.name}`,
        severity: 'critical',
        serviceId: data.serviceId,
        labels: { alertname: 'MonitorDown', monitor: data.name, kind: data.kind },
        customDetails: { monitorId: data.monitorId, message: data.message },
        by: `Monitor ${data.name}`,
      }),
    );
  }
}
