import type { HealthTransition } from '@hyperion/contracts';

/** Data of a `JOBS.recordHealthTransition` job: the history row, and the id its logs carry. */
export interface HealthTransitionJob {
  transition: HealthTransition;
  /** One per recorded transition: the monitor's, the producer's and the processor's log lines. */
  correlationId: string;
}

/** Reads a job's data; jobs queued before correlation ids (a bare transition) use the job id. */
export function readTransitionJob(
  data: HealthTransitionJob | HealthTransition,
  jobId: string | number,
): HealthTransitionJob {
  return 'transition' in data ? data : { transition: data, correlationId: `job-${jobId}` };
}
