import { AlertCounters } from '@hyperion/api/alerts';
import { IncidentCounters } from '@hyperion/api/incidents';
import { NotificationCounters } from '@hyperion/api/notifications';
import {
  INCIDENT_SEVERITIES,
  INGEST_OUTCOMES,
  NOTIFICATION_CHANNEL_KINDS,
} from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Registry } from 'prom-client';

import { MetricsSource } from './metrics-source';
import { SnapshotHistogram } from './snapshot-histogram';

/**
 * What this instance counted as it happened, kept by the libs that count it (the alerts ingest,
 * the notification deliveries, the incidents) and read here at scrape time only: the ingest pays
 * an increment per event and nothing else. Each instance exports its own counts since it
 * started; Prometheus' rate() and sum() put instances and restarts together.
 */
@Injectable()
export class CountedMetrics implements MetricsSource {
  constructor(
    private readonly alerts: AlertCounters,
    private readonly notifications: NotificationCounters,
    private readonly incidents: IncidentCounters,
  ) {}

  register(registry: Registry): void {
    const alertCounter = (name: string, help: string, read: () => number) => {
      const counter: Counter = new Counter({
        name,
        help,
        registers: [registry],
        collect: () => {
          counter.reset();
          counter.inc(read());
        },
      });
    };
    alertCounter(
      'alerts_received_total',
      'Alert events taken in by the ingest',
      () => this.alerts.snapshot().received,
    );
    // One counter per outcome of an event: emitted (paged), deduplicated, silenced, inhibited,
    // and the acknowledge / resolve / ignored events.
    for (const outcome of INGEST_OUTCOMES) {
      alertCounter(
        `alerts_${outcome}_total`,
        `Alert events whose outcome was "${outcome}"`,
        () => this.alerts.snapshot()[outcome],
      );
    }

    const sent: Counter<'kind'> = new Counter({
      name: 'notifications_sent_total',
      help: 'Notifications delivered, by channel kind',
      labelNames: ['kind'],
      registers: [registry],
      collect: () => {
        const counts = this.notifications.snapshot();
        sent.reset();
        for (const kind of NOTIFICATION_CHANNEL_KINDS) sent.inc({ kind }, counts[kind].delivered);
      },
    });
    const failed: Counter<'kind'> = new Counter({
      name: 'notifications_failed_total',
      help: 'Notifications that failed for good (every attempt spent), by channel kind',
      labelNames: ['kind'],
      registers: [registry],
      collect: () => {
        const counts = this.notifications.snapshot();
        failed.reset();
        for (const kind of NOTIFICATION_CHANNEL_KINDS) failed.inc({ kind }, counts[kind].failed);
      },
    });

    const created: Counter<'severity'> = new Counter({
      name: 'incidents_created_total',
      help: 'Incidents created on this instance, by severity',
      labelNames: ['severity'],
      registers: [registry],
      collect: () => {
        const { bySeverity } = this.incidents.snapshot();
        created.reset();
        for (const severity of INCIDENT_SEVERITIES) created.inc({ severity }, bySeverity[severity]);
      },
    });
    new SnapshotHistogram(
      {
        name: 'response_time_seconds',
        help: 'Incident response time: from report to first acknowledgement, in seconds',
        registry,
      },
      () => this.incidents.snapshot().responseTime,
    );

    // Automation (runbooks run on an incident's behalf) arrives with a later issue. The metric
    // is declared so dashboards and alert rules can name it, with no series until there is a
    // success rate to report: a made-up value would read as a real one.
    new Gauge({
      name: 'automation_success_rate',
      help: 'Share of automation runs that succeeded (0 to 1), by automation; no series yet',
      labelNames: ['automation'],
      registers: [registry],
    });
  }
}
