import { randomUUID } from 'node:crypto';

import { AppConfig, SecretBox, SecretBoxError, UnitOfWork } from '@hyperion/api/core';
import type {
  NotificationChannelDetails,
  NotificationChannelKind,
  NotificationMessage,
  SendNotificationRequest,
  SendNotificationResponse,
  TestSendResponse,
} from '@hyperion/contracts';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';

import { NotificationDeliveryService } from './delivery/notification-delivery.service';
import { AddressRefused, assertPublicUrl } from './delivery/transports';
import {
  CreateNotificationChannelDto,
  UpdateNotificationChannelDto,
} from './dto/notification-channel.dto';
import { NotificationChannelEntity } from './entities/notification-channel.entity';
import { NotificationChannelRepository } from './notification-channel.repository';
import {
  generateSigningSecret,
  maskSecrets,
  mergeSecrets,
  openSecrets,
  sealSecrets,
} from './notification-channel.secrets';
import { channelSettingsProblems, channelUrls } from './notification-channel.settings';

/** `notification_channel:<id>`, the audit log's target of a notification channel. */
const target = (id: string) => `notification_channel:${id}`;

/** How long `POST :id/test` waits for the test delivery to reach a final state. */
export const TEST_SEND_WAIT_MS = 15_000;

/** The fixed message of a test send. */
export function testMessage(channelName: string): NotificationMessage {
  return {
    title: `Test notification from Hyperion (${channelName})`,
    summary: 'This is a test message sent from the notification channel settings.',
    severity: 'info',
    service: 'hyperion',
    status: 'test',
    timestamp: new Date().toISOString(),
  };
}

/**
 * The notification channels use cases. Each runs in one unit of work, in the organisation of the
 * request context: a command's write and its audit row commit or roll back together, and an id
 * of another organisation is simply not found (row-level security). Secrets are sealed with the
 * SecretBox and only ever leave masked; audit details never hold them.
 */
@Injectable()
export class NotificationChannelService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: NotificationChannelRepository,
    private readonly box: SecretBox,
    private readonly config: AppConfig,
    private readonly deliveries: NotificationDeliveryService,
  ) {}

  list(): Promise<NotificationChannelDetails[]> {
    return this.uow.run(async () => (await this.repository.list()).map((r) => this.toDetails(r)));
  }

  get(id: string): Promise<NotificationChannelDetails> {
    return this.uow.run(async () => this.toDetails(await this.found(id)));
  }

  async create(dto: CreateNotificationChannelDto): Promise<NotificationChannelDetails> {
    const kind = dto.kind;
    const config = dto.config as unknown as Record<string, unknown>;
    const secrets: Record<string, unknown> = {
      ...((dto.secrets ?? {}) as unknown as Record<string, unknown>),
    };
    if (
      kind === 'webhook' &&
      (secrets['signingSecret'] === undefined || secrets['signingSecret'] === null)
    ) {
      secrets['signingSecret'] = generateSigningSecret();
    }
    await this.validate(kind, config, secrets);
    const id = randomUUID();
    return this.uow.run(async (tx) => {
      const row = await this.repository.create(id, {
        name: dto.name,
        kind,
        enabled: dto.enabled ?? true,
        config,
        secrets: sealSecrets(this.box, id, secrets),
      });
      await tx.audit({
        action: 'notification_channel_created',
        target: target(row.id),
        result: 'success',
        details: { name: row.name, kind, enabled: row.enabled },
      });
      return this.toDetails(row);
    });
  }

  update(id: string, dto: UpdateNotificationChannelDto): Promise<NotificationChannelDetails> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const before = { name: row.name, enabled: row.enabled };
      const config = dto.config ?? row.config;
      // Unreadable (another ENCRYPTION_KEY, an altered row): the secrets given replace them all.
      const stored = this.readSecrets(row) ?? {};
      const removing = dto.removeSecrets ?? [];
      const secrets =
        dto.secrets || removing.length > 0
          ? mergeSecrets(stored, dto.secrets ?? {}, removing)
          : stored;
      if (row.kind === 'webhook' && secrets['signingSecret'] === undefined) {
        secrets['signingSecret'] = generateSigningSecret();
      }
      const secretsChanged = dto.secrets !== undefined || removing.length > 0;
      if (dto.config || secretsChanged) await this.validate(row.kind, config, secrets);
      const updated = await this.repository.update(row, {
        name: dto.name ?? row.name,
        enabled: dto.enabled ?? row.enabled,
        config,
        ...(secretsChanged ? { secrets: sealSecrets(this.box, row.id, secrets) } : {}),
      });
      await tx.audit({
        action: 'notification_channel_updated',
        target: target(id),
        result: 'success',
        details: {
          name: updated.name,
          previousName: before.name,
          ...(updated.enabled !== before.enabled ? { enabled: updated.enabled } : {}),
          ...(dto.config ? { configChanged: true } : {}),
          // Which secrets changed, never their values.
          ...(dto.secrets ? { secretsChanged: Object.keys(dto.secrets).sort() } : {}),
          ...(removing.length > 0 ? { secretsRemoved: [...removing].sort() } : {}),
        },
      });
      return this.toDetails(updated);
    });
  }

  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      await this.repository.delete(row.id);
      await tx.audit({
        action: 'notification_channel_deleted',
        target: target(id),
        result: 'success',
        details: { name: row.name, kind: row.kind },
      });
    });
  }

  /**
   * Sends the fixed test message through the pipeline (queued like any delivery, retried with
   * back-off) and answers once it is delivered or failed, or after TEST_SEND_WAIT_MS (pending).
   */
  async test(id: string): Promise<TestSendResponse> {
    const deliveryId = await this.uow.run(async (tx) => {
      const row = await this.found(id);
      const delivery = await this.deliveries.enqueue(tx, {
        channelId: row.id,
        recipient: null,
        message: testMessage(row.name),
      });
      await tx.audit({
        action: 'notification_channel_tested',
        target: target(id),
        result: 'success',
        details: { name: row.name, kind: row.kind, deliveryId: delivery.id },
      });
      return delivery.id;
    });
    return this.deliveries.waitForFinal(deliveryId, TEST_SEND_WAIT_MS);
  }

  /**
   * A message through the channel now: one delivery per recipient (or one to the channel's
   * default), queued with the audit row in one unit of work. With an idempotency key, the
   * deliveries are keyed `<key>:<n>`: sending again answers the same ids and sends nothing.
   */
  send(id: string, dto: SendNotificationRequest): Promise<SendNotificationResponse> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const recipients: (string | null)[] = dto.recipients?.length ? dto.recipients : [null];
      const message: NotificationMessage = {
        title: dto.title,
        summary: dto.summary ?? '',
        severity: dto.severity,
        service: dto.service ?? row.name,
        status: dto.status ?? 'notice',
        timestamp: new Date().toISOString(),
      };
      const deliveries = await this.deliveries.enqueueMany(
        tx,
        recipients.map((recipient, n) => ({
          channelId: row.id,
          recipient,
          message,
          ...(dto.idempotencyKey ? { idempotencyKey: `${dto.idempotencyKey}:${n}` } : {}),
        })),
      );
      const created = deliveries.filter((d) => d.created).length;
      if (created > 0) {
        await tx.audit({
          action: 'notification_sent',
          target: target(id),
          result: 'success',
          details: {
            name: row.name,
            kind: row.kind,
            title: dto.title.slice(0, 200),
            deliveries: created,
            ...(dto.idempotencyKey ? { idempotencyKey: dto.idempotencyKey } : {}),
          },
        });
      }
      return { deliveryIds: deliveries.map((d) => d.id) };
    });
  }

  /** 400 naming every bad field, including URLs that lead to a refused address. */
  private async validate(
    kind: NotificationChannelKind,
    config: Record<string, unknown>,
    secrets: Record<string, unknown>,
  ): Promise<void> {
    const problems = channelSettingsProblems(kind, config, secrets);
    if (problems.length === 0) {
      for (const { field, url } of channelUrls(kind, config, secrets)) {
        try {
          await assertPublicUrl(url, [...this.config.notificationAllowedHosts]);
        } catch (error) {
          if (!(error instanceof AddressRefused)) throw error;
          problems.push(`${field}: ${(error as Error).message}`);
        }
      }
    }
    if (problems.length > 0) throw new BadRequestException(problems);
  }

  /** The channel's secrets, or null when they cannot be opened (another key, an altered row). */
  private readSecrets(row: NotificationChannelEntity): Record<string, unknown> | null {
    try {
      return openSecrets(this.box, row.id, row.secrets);
    } catch (error) {
      if (error instanceof SecretBoxError || error instanceof SyntaxError) return null;
      throw error;
    }
  }

  private toDetails(row: NotificationChannelEntity): NotificationChannelDetails {
    const secrets = this.readSecrets(row);
    return {
      id: row.id,
      name: row.name,
      kind: row.kind,
      enabled: row.enabled,
      config: row.config as unknown as NotificationChannelDetails['config'],
      secrets: secrets ? maskSecrets(secrets) : {},
      ...(secrets ? {} : { secretsUnreadable: true }),
      counters: { delivered: Number(row.deliveredCount), failed: Number(row.failedCount) },
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }

  private async found(id: string): Promise<NotificationChannelEntity> {
    const row = await this.repository.findById(id);
    if (!row) throw new NotFoundException('Notification channel not found');
    return row;
  }
}
