import { SecretBox, Tx } from '@hyperion/api/core';
import { EnqueueDelivery, NotificationDeliveryService } from '@hyperion/api/notifications';
import type { NotificationMessage } from '@hyperion/contracts';
import { STATUS_PAGE_INCIDENT_STATUS_LABELS } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import { StatusPageIncidentUpdateEntity } from '../entities/status-page-incident-update.entity';
import { StatusPageMaintenanceEntity } from '../entities/status-page-maintenance.entity';
import { StatusPageSubscriberEntity } from '../entities/status-page-subscriber.entity';
import { StatusPageEntity } from '../entities/status-page.entity';
import { utcText } from './html';
import { currentOrNextWindow, recurrenceText } from './maintenance-windows';
import { maintenanceSummary } from './render-feeds';

/** How long a confirmation link works. */
export const CONFIRM_TTL_MS = 48 * 3_600_000;

/** What sealed an unsubscribe token is bound to (a sealed value moved to another row fails). */
export const unsubscribeContext = (subscriberId: string) =>
  `status_page_subscriber:${subscriberId}`;

/** A page that mails: its public address and email channel are set. */
export type MailingPage = StatusPageEntity & { publicUrl: string; emailChannelId: string };

export function mails(page: StatusPageEntity): page is MailingPage {
  return !!(page.publicUrl && page.emailChannelId);
}

const base = (page: MailingPage) => page.publicUrl.replace(/\/+$/, '');

/**
 * Subscribers' emails, through the organisation's email notification channel (its SMTP server
 * and sender) and the notification delivery pipeline: recorded in the caller's transaction,
 * sent by a job after commit, retried, each with its receipts. Every email carries the
 * subscriber's unsubscribe link; a notification's idempotency key (item and subscriber) makes a
 * second run of the same job send nothing more.
 */
@Injectable()
export class StatusMailer {
  constructor(
    private readonly deliveries: NotificationDeliveryService,
    private readonly box: SecretBox,
  ) {}

  unsubscribeUrl(
    page: MailingPage,
    subscriber: Pick<StatusPageSubscriberEntity, 'id' | 'unsubscribeSealed'>,
  ): string {
    const token = this.box.decrypt(subscriber.unsubscribeSealed, unsubscribeContext(subscriber.id));
    return `${base(page)}/unsubscribe?token=${token}`;
  }

  /** The double opt-in email: the confirmation link (single use) and the unsubscribe link. */
  async confirmation(
    tx: Tx,
    page: MailingPage,
    subscriber: Pick<StatusPageSubscriberEntity, 'id' | 'email' | 'unsubscribeSealed'>,
    confirmToken: string,
  ): Promise<void> {
    await this.deliveries.enqueue(tx, {
      channelId: page.emailChannelId,
      recipient: subscriber.email,
      message: {
        title: `Confirm your subscription to ${page.name}`,
        summary:
          `Someone, hopefully you, asked for email updates about ${page.name} at this address. ` +
          `Confirm with the link below within ${CONFIRM_TTL_MS / 3_600_000} hours. If it was not ` +
          'you, ignore this email: nothing more will be sent.',
        severity: 'info',
        service: page.name,
        status: 'Confirm your subscription',
        timestamp: new Date().toISOString(),
        links: [
          { label: 'Confirm my subscription', url: `${base(page)}/confirm?token=${confirmToken}` },
          { label: 'Unsubscribe', url: this.unsubscribeUrl(page, subscriber) },
        ],
      },
    });
  }

  /** A public incident update, to each of these confirmed subscribers. */
  async incidentUpdate(
    tx: Tx,
    page: MailingPage,
    incidentTitle: string,
    update: Pick<StatusPageIncidentUpdateEntity, 'id' | 'status' | 'message' | 'createdAt'>,
    subscribers: readonly StatusPageSubscriberEntity[],
  ): Promise<void> {
    const label = STATUS_PAGE_INCIDENT_STATUS_LABELS[update.status];
    await this.send(tx, page, update.id, subscribers, {
      title: `${incidentTitle}: ${label}`,
      summary: update.message,
      severity: update.status === 'resolved' ? 'info' : 'warning',
      service: page.name,
      status: label,
      timestamp: update.createdAt.toISOString(),
    });
  }

  /** A maintenance announcement, to each of these confirmed subscribers. */
  async maintenance(
    tx: Tx,
    page: MailingPage,
    maintenance: StatusPageMaintenanceEntity,
    componentNames: ReadonlyMap<string, string>,
    subscribers: readonly StatusPageSubscriberEntity[],
  ): Promise<void> {
    const window = currentOrNextWindow(maintenance, new Date());
    const when = window
      ? `${window.start <= new Date() ? 'In progress' : 'Scheduled'}: ${utcText(window.start)} – ${utcText(window.end)}.`
      : `Scheduled ${utcText(maintenance.startsAt)} for ${maintenance.durationMinutes} minutes.`;
    const details = maintenanceSummary(
      {
        description: maintenance.description,
        recurrence: recurrenceText(maintenance),
        affects: maintenance.affects.map((a) => a.id),
      },
      componentNames,
    );
    await this.send(tx, page, maintenance.id, subscribers, {
      title: `Maintenance: ${maintenance.title}`,
      summary: [when, details].filter((line) => line !== '').join('\n'),
      severity: 'info',
      service: page.name,
      status: 'Scheduled maintenance',
      timestamp: maintenance.updatedAt.toISOString(),
    });
  }

  private async send(
    tx: Tx,
    page: MailingPage,
    itemId: string,
    subscribers: readonly StatusPageSubscriberEntity[],
    message: Omit<NotificationMessage, 'links'>,
  ): Promise<void> {
    if (subscribers.length === 0) return;
    const requests: EnqueueDelivery[] = subscribers.map((s) => ({
      channelId: page.emailChannelId,
      recipient: s.email,
      idempotencyKey: `status-page:${itemId}:${s.id}`,
      message: {
        ...message,
        links: [
          { label: `${page.name} status`, url: base(page) },
          { label: 'Unsubscribe', url: this.unsubscribeUrl(page, s) },
        ],
      },
    }));
    await this.deliveries.enqueueMany(tx, requests);
  }
}
