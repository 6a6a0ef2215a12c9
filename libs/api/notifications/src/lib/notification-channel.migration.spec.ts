import { describeDomainMigration } from '@hyperion/api/testing';

import { NotificationChannelDomain } from './notification-channel.domain';

/** The migration on an empty database of its own: it matches the entities, and it reverts. */
describeDomainMigration(
  'NotificationChannel migration',
  {
    domain: NotificationChannelDomain,
    tables: ['notification_channel', 'notification_delivery', 'notification_delivery_attempt'],
  },
  (db) => {
    it('refuses an unknown channel kind and an unknown delivery state', async () => {
      const org = await db.createOrganization();
      const channel = (kind: string) =>
        db.dataSource.query<{ id: string }[]>(
          `INSERT INTO notification_channel (organization_id, name, kind, config, secrets)
           VALUES ($1, $2, $2, '{}', 'v1:') RETURNING id`,
          [org, kind],
        );
      await expect(channel('pigeon')).rejects.toThrow(/notification_channel_kind_check/);
      const [webhook] = await channel('webhook');
      const delivery = (state: string) =>
        db.dataSource.query(
          `INSERT INTO notification_delivery
             (organization_id, channel_id, title, message, state, idempotency_key)
           VALUES ($1, $2, 'Disk full', '{}', $3, $3)`,
          [org, webhook.id, state],
        );
      await delivery('delivered');
      await expect(delivery('lost')).rejects.toThrow(/notification_delivery_state_check/);
    });
  },
);
