/** Bull queue and job names, shared by producers and processors. */
export const QUEUES = {
  healthHistory: 'health-history',
  auditVerification: 'audit-verification',
} as const;

export const JOBS = {
  recordHealthTransition: 'record-transition',
  /** The nightly walk of every audit hash chain (a repeatable job, once per deployment). */
  verifyAuditChains: 'verify-chains',
} as const;
