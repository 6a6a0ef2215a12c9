/** Bull queue and job names, shared by producers and processors. */
export const QUEUES = {
  healthHistory: 'health-history',
  auditVerification: 'audit-verification',
  /** One job per delivery attempt series (see libs/api/notifications delivery). */
  notificationDelivery: 'notification-delivery',
  /** The next step of a page (personal notification rules), delayed until its time. */
  notificationPages: 'notification-pages',
  /** Alert notifications: group flushes, escalation levels, the auto-resolve sweep. */
  alertNotifications: 'alert-notifications',
  /** Incident work after a commit: alerts that open or join incidents, contacts to notify. */
  incidents: 'incidents',
  /** Monitor checks (one job per due check) and the alerts their verdicts raise or resolve. */
  monitors: 'monitors',
  /** Status pages: the emails confirmed subscribers get about a public update or maintenance. */
  statusPages: 'status-pages',
  /** Host samples (one job per due sample) and the alerts they raise or resolve. */
  hosts: 'hosts',
} as const;

export const JOBS = {
  recordHealthTransition: 'record-transition',
  /** The nightly walk of every audit hash chain (a repeatable job, once per deployment). */
  verifyAuditChains: 'verify-chains',
  /** Data: { deliveryIds } (a batch); retries are new delayed jobs with exponential back-off. */
  deliverNotification: 'deliver',
  /** Data: { pageId, step }. */
  pageStep: 'page-step',
  /** Data: { serviceKey, groupKey }: sends what a group of alerts collected. */
  alertGroupFlush: 'alert-group-flush',
  /** Data: { notificationId, level, round }. */
  alertEscalationLevel: 'alert-escalation-level',
  /** A repeatable job (once per deployment): resolves alerts past their service's timeout, ends snoozes. */
  alertSweep: 'alert-sweep',
  /**
   * Data: { alertIds }: emitted alerts of a severity that may open an incident (queued by the
   * alerts ingest in the same transaction; the incidents lib decides).
   */
  alertsEmitted: 'alerts-emitted',
  /** Data: { incidentId }: tell the contacts of the incident's severity that it opened. */
  incidentContacts: 'incident-contacts',
  /** Data: { monitorId, dueAt }: one check of a monitor (job id `check:<id>:<dueAt>`). */
  monitorCheck: 'monitor-check',
  /** Data: { monitorId, action, ... }: the alert a monitor's DOWN raises, or its UP resolves. */
  monitorAlert: 'monitor-alert',
  /** Data: { pageId, subject, id }: mail a page's confirmed subscribers about one item, once. */
  statusPageNotify: 'status-page-notify',
  /** Data: { hostId, dueAt }: one sample of a host (job id `sample:<id>:<dueAt>`). */
  hostSample: 'host-sample',
  /** Data: { hostId, condition, action, ... }: a host's DOWN or threshold alert, or its recovery. */
  hostAlert: 'host-alert',
} as const;
