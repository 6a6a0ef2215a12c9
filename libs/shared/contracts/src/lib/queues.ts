/** Bull queue and job names, shared by producers and processors. */
export const QUEUES = {
  healthHistory: 'health-history',
} as const;

export const JOBS = {
  recordHealthTransition: 'record-transition',
} as const;
