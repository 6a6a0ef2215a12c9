import { InternalAlerts } from '@hyperion/api/alerts';
import { RequestContext } from '@hyperion/api/core';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';

import { HostAlertJob, hostAlertKey } from './host-alert';
import { HostSampler } from './host-sampler';
import type { HostSampleJob } from './host-scheduler';

const ALERT_NAMES: Record<HostAlertJob['condition'], string> = {
  down: 'HostDown',
  cpu: 'HostHighCpu',
  memory: 'HostHighMemory',
  disk: 'HostDiskFull',
};

/**
 * The hosts queue: due samples (many at once: they mostly wait on the network), and the alerts
 * their outcomes raise or resolve (through the alerts ingest, de-duplicated by the host's key
 * and condition, so a retried job pages nobody twice).
 */
@Processor(QUEUES.hosts)
export class HostJobsProcessor {
  constructor(
    private readonly sampler: HostSampler,
    private readonly alerts: InternalAlerts,
  ) {}

  @Process({ name: JOBS.hostSample, concurrency: 50 })
  async sample(job: Pick<Job<HostSampleJob>, 'data'>): Promise<void> {
    await RequestContext.forJob(job.data, () =>
      this.sampler.run(job.data.hostId, { force: false }),
    );
  }

  @Process({ name: JOBS.hostAlert, concurrency: 2 })
  async alert(job: Pick<Job<HostAlertJob>, 'data'>): Promise<void> {
    const data = job.data;
    await RequestContext.forJob(data, () =>
      this.alerts.send(data.organizationId as string, {
        action: data.action,
        dedupKey: hostAlertKey(data.hostId, data.condition),
        summary: data.summary,
        source: `host:${data.hostName}`,
        // A host that stops answering pages; a figure over its threshold warns.
        severity: data.condition === 'down' ? 'critical' : 'high',
        serviceId: null,
        labels: {
          alertname: ALERT_NAMES[data.condition],
          host: data.hostName,
          condition: data.condition,
        },
        customDetails: { hostId: data.hostId },
        by: `Host ${data.hostName}`,
      }),
    );
  }
}
