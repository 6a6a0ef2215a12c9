/** Bull queue and job names, shared by producers and processors. */
export const QUEUES = {
  healthHistory: 'health-history',
  auditVerification: 'audit-verification',
  /** One job per delivery attempt series (see libs/api/notifications delivery). */
  notificationDelivery: 'notification-delivery',
  /** The next step of a page (personal notification rules), delayed until its time. */
  notificationPages: 'notification-pages',
} as const;

export const JOBS = {
  recordHealthTransition: 'record-transition',
  /** The nightly walk of every audit hash chain (a repeatable job, once per deployment). */
  verifyAuditChains: 'verify-chains',
  /** Data: { deliveryIds } (a batch); retries are new delayed jobs with exponential back-off. */
  deliverNotification: 'deliver',
  /** Data: { pageId, step }. */
  pageStep: 'page-step',
} as const;
