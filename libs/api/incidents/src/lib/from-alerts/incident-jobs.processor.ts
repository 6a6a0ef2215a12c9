import { RequestContext } from '@hyperion/api/core';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { Process, Processor } from '@nestjs/bull';
import type { Job } from 'bull';

import { IncidentContacts } from './incident-contacts';
import { IncidentsFromAlerts } from './incidents-from-alerts';

/** JOBS.alertsEmitted (the outbox relay adds organizationId and correlationId). */
export interface AlertsEmittedJob {
  alertIds: string[];
  organizationId?: string;
  correlationId?: string;
}

/** JOBS.incidentContacts. */
export interface IncidentContactsJob {
  incidentId: string;
  organizationId?: string;
  correlationId?: string;
}

/**
 * The incidents queue: alerts that may open incidents, and the contacts to tell when one opens.
 * Queued through the outbox after the commit that caused them; each handler is idempotent, so a
 * job retried after a crash changes nothing twice.
 */
@Processor(QUEUES.incidents)
export class IncidentJobsProcessor {
  constructor(
    private readonly fromAlerts: IncidentsFromAlerts,
    private readonly contacts: IncidentContacts,
  ) {}

  @Process({ name: JOBS.alertsEmitted, concurrency: 2 })
  async alertsEmitted(job: Pick<Job<AlertsEmittedJob>, 'data'>): Promise<void> {
    await RequestContext.forJob(job.data, () => this.fromAlerts.handle(job.data.alertIds ?? []));
  }

  @Process({ name: JOBS.incidentContacts, concurrency: 2 })
  async incidentContacts(job: Pick<Job<IncidentContactsJob>, 'data'>): Promise<void> {
    await RequestContext.forJob(job.data, () => this.contacts.notify(job.data.incidentId));
  }
}
