import { Tx } from '@hyperion/api/core';
import type {
  EscalationTarget,
  NotificationChannelKind,
  NotificationMessage,
  PageUrgency,
} from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import { NotificationDeliveryService } from '../delivery/notification-delivery.service';
import { PageService } from './page.service';

/** Whom to tell, where, and what (an escalation level, the contacts of an incident's severity). */
export interface TargetNotification {
  /** Contacts, teams (each member), schedules (whoever is on call) and channels by id. */
  targets: readonly EscalationTarget[];
  /** The organisation's enabled channels of these kinds, each to its own default recipients. */
  channelKinds: readonly NotificationChannelKind[];
  message: NotificationMessage;
  urgency: PageUrgency;
  /**
   * Prefix of every delivery's and page's idempotency key (letters, digits, ".", "_", ":", "-"):
   * telling the same targets again with the same prefix sends nothing twice.
   */
  idempotencyPrefix: string;
  /** Shown on the pages. */
  details?: Record<string, string | number | boolean>;
}

export interface TargetNotificationResult {
  deliveryIds: string[];
  pageIds: string[];
  /** The kinds of channel something went out on (pages' steps included). */
  reached: Set<NotificationChannelKind>;
  /** What could not be sent, in words (no enabled channel of a kind, a contact without rules …). */
  problems: string[];
}

/**
 * Sends one message to a list of targets in the caller's transaction: the organisation's channels
 * of the kinds asked (and the channels named) as deliveries, and a page for each person —
 * contacts, members of the teams, whoever is on call in the schedules — who is then reached
 * through their personal notification rules. Nothing leaves before the transaction commits.
 */
@Injectable()
export class TargetNotifier {
  constructor(
    private readonly deliveries: NotificationDeliveryService,
    private readonly pages: PageService,
  ) {}

  async notify(tx: Tx, request: TargetNotification): Promise<TargetNotificationResult> {
    const idem = (suffix: string) => `${request.idempotencyPrefix}:${suffix}`.slice(0, 128);
    const reached = new Set<NotificationChannelKind>();
    const problems: string[] = [];
    const channels = (await tx.manager.query(
      `SELECT "id", "kind" FROM "notification_channel"
        WHERE "enabled" AND ("kind" = ANY($1) OR "id" = ANY($2)) ORDER BY "created_at", "id"`,
      [request.channelKinds, request.targets.filter((t) => t.type === 'channel').map((t) => t.id)],
    )) as { id: string; kind: NotificationChannelKind }[];
    for (const kind of request.channelKinds) {
      if (!channels.some((c) => c.kind === kind)) problems.push(`no enabled ${kind} channel`);
    }
    const delivered = await this.deliveries.enqueueMany(
      tx,
      channels.map((c) => ({
        channelId: c.id,
        recipient: null,
        message: request.message,
        idempotencyKey: idem(c.id),
      })),
    );
    channels.forEach((c) => reached.add(c.kind));
    const contacts = new Set<string>();
    for (const target of request.targets) {
      if (target.type === 'contact') contacts.add(target.id);
      if (target.type === 'team') {
        const members = (await tx.manager.query(
          `SELECT "contact_id" FROM "team_member" WHERE "team_id" = $1 ORDER BY "position"`,
          [target.id],
        )) as { contact_id: string }[];
        members.forEach((m) => contacts.add(m.contact_id));
      }
    }
    const pageRequests = [
      ...[...contacts].map((contactId) => ({ contactId, key: contactId })),
      ...request.targets
        .filter((t) => t.type === 'schedule')
        .map((t) => ({ scheduleId: t.id, key: t.id })),
    ];
    const pageIds: string[] = [];
    for (const { key, ...who } of pageRequests) {
      try {
        const { page } = await this.pages.create({
          ...who,
          urgency: request.urgency,
          title: request.message.title.slice(0, 512),
          summary: request.message.summary,
          severity: request.message.severity,
          service: request.message.service,
          dedupKey: idem(key),
          details: request.details,
        });
        pageIds.push(page.id);
        page.steps.forEach((s) => reached.add(s.kind));
      } catch (error) {
        problems.push(error instanceof Error ? error.message : String(error));
      }
    }
    return { deliveryIds: delivered.map((d) => d.id), pageIds, reached, problems };
  }
}
