import { randomBytes } from 'node:crypto';

import { AuditDomain } from '@hyperion/api/audit';
import { AuthDomain } from '@hyperion/api/auth';
import { SecretBox } from '@hyperion/api/core';
import { MediumTest, startMediumTest } from '@hyperion/api/testing';
import type {
  CreateNotificationChannelDetailsRequest,
  NotificationChannelDetails,
} from '@hyperion/contracts';
import { BadRequestException, ConflictException, NotFoundException } from '@nestjs/common';

import { CreateNotificationChannelDto } from './dto/notification-channel.dto';
import { NotificationChannelDomain } from './notification-channel.domain';
import { NotificationChannelModule } from './notification-channel.module';
import { NotificationChannelService } from './notification-channel.service';

const HOOK = 'http://127.0.0.1:9/hooks/T0001/B0002/abcdefghijklmnopqrstuvwx';
const SIGNING = 'whsec-0123456789-abcdefghij';

const webhook = (name: string, extra: Partial<CreateNotificationChannelDetailsRequest> = {}) =>
  ({
    name,
    kind: 'webhook',
    config: { url: 'http://127.0.0.1:9/hyperion', headers: { 'X-Team': 'ops' } },
    secrets: { signingSecret: SIGNING },
    ...extra,
  }) as CreateNotificationChannelDto;

/** The problems a 400 named (the messages of BadRequestException([...])). */
async function problemsOf(promise: Promise<unknown>): Promise<string[]> {
  try {
    await promise;
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    const body = (error as BadRequestException).getResponse() as { message: string[] | string };
    return Array.isArray(body.message) ? body.message : [body.message];
  }
  throw new Error('expected a 400');
}

/**
 * Medium spec: the real module on this run's PostgreSQL (migrated, connected as the application
 * role, so row-level security applies), no HTTP. `t.as(org, ...)` acts as a request would.
 */
describe('NotificationChannelService on PostgreSQL', () => {
  let t: MediumTest;
  let service: NotificationChannelService;
  let orgA: string;
  let orgB: string;

  beforeAll(async () => {
    t = await startMediumTest({
      domains: [AuthDomain, AuditDomain, NotificationChannelDomain],
      imports: [NotificationChannelModule],
      env: { NOTIFICATION_ALLOWED_HOSTS: '127.0.0.1' },
    });
    service = t.get(NotificationChannelService);
    orgA = await t.createOrganization('Organisation A');
    orgB = await t.createOrganization('Organisation B');
  });

  afterAll(async () => {
    await t?.close();
  });

  /** The audit entries of `target` in `organizationId`, oldest first (read as the owner). */
  const auditOf = (target: string, organizationId: string) =>
    t.ownerQuery<{ action: string; result: string; details: Record<string, unknown> }>(
      `SELECT action, result, details FROM audit_log
        WHERE target = $1 AND organization_id = $2 ORDER BY id`,
      [target, organizationId],
    );

  const countRows = async (organizationId: string, name: string) =>
    Number(
      (
        await t.ownerQuery<{ n: string }>(
          `SELECT count(*) AS n FROM notification_channel WHERE organization_id = $1 AND name = $2`,
          [organizationId, name],
        )
      )[0].n,
    );

  const storedSecrets = async (id: string) =>
    (
      await t.ownerQuery<{ secrets: string }>(
        `SELECT secrets FROM notification_channel WHERE id = $1`,
        [id],
      )
    )[0].secrets;

  it('shows each organisation only its own notification channels', async () => {
    const a = await t.as(orgA, () => service.create(webhook('alpha')));
    // The unique key includes the organisation: B may use the same name.
    const b = await t.as(orgB, () => service.create(webhook('alpha')));

    expect(a).toEqual({
      id: expect.any(String),
      name: 'alpha',
      kind: 'webhook',
      enabled: true,
      config: { url: 'http://127.0.0.1:9/hyperion', headers: { 'X-Team': 'ops' } },
      secrets: { signingSecret: '••••ghij' },
      counters: { delivered: 0, failed: 0 },
      createdAt: expect.any(String),
      updatedAt: expect.any(String),
    });
    expect((await t.as(orgA, () => service.list())).map((r) => r.id)).toEqual([a.id]);
    expect((await t.as(orgB, () => service.list())).map((r) => r.id)).toEqual([b.id]);
    expect(await t.as(orgA, () => service.get(a.id))).toEqual(a);
  });

  it("answers 404 for another organisation's notification channel, and leaves it alone", async () => {
    const b = await t.as(orgB, () => service.create(webhook('beta')));

    await expect(t.as(orgA, () => service.get(b.id))).rejects.toBeInstanceOf(NotFoundException);
    await expect(
      t.as(orgA, () => service.update(b.id, { name: 'taken over' })),
    ).rejects.toBeInstanceOf(NotFoundException);
    await expect(t.as(orgA, () => service.test(b.id))).rejects.toBeInstanceOf(NotFoundException);
    await expect(t.as(orgA, () => service.delete(b.id))).rejects.toBeInstanceOf(NotFoundException);

    expect(await t.as(orgB, () => service.get(b.id))).toMatchObject({ name: 'beta' });
    expect(await auditOf(`notification_channel:${b.id}`, orgA)).toEqual([]);
  });

  it('stores secrets sealed, shows them masked everywhere, and generates a webhook signing secret', async () => {
    const slack = await t.as(orgA, () =>
      service.create({
        name: 'slack ops',
        kind: 'slack',
        config: { channel: '#ops' },
        secrets: { webhookUrl: HOOK },
      } as CreateNotificationChannelDto),
    );
    const generated = await t.as(orgA, () =>
      service.create(webhook('generated', { secrets: {} as never })),
    );

    expect(slack.secrets).toEqual({ webhookUrl: 'http://127.0.0.1:9/••••' });
    expect(generated.secrets).toEqual({
      signingSecret: expect.stringMatching(/^••••[A-Za-z0-9_-]{4}$/),
    });
    const everything = JSON.stringify([
      await t.as(orgA, () => service.list()),
      await t.as(orgA, () => service.get(slack.id)),
    ]);
    expect(everything).not.toContain('abcdefghijklmnopqrstuvwx');
    expect(everything).not.toContain(SIGNING);
    const sealed = await storedSecrets(slack.id);
    expect(sealed).toMatch(/^v1:/);
    expect(sealed).not.toContain('hooks');
  });

  it('merges a PATCH of secrets: keys left out keep their value', async () => {
    const sms = await t.as(orgA, () =>
      service.create({
        name: 'sms',
        kind: 'sms',
        config: {
          primary: { type: 'twilio', accountSid: 'AC123', from: '+15550001' },
          secondary: { type: 'json', url: 'http://127.0.0.1:9/sms', from: 'Hyperion' },
        },
        secrets: {
          primary: { authToken: 'twilio-token-00001111' },
          secondary: { apiKey: 'json-key-22223333' },
        },
      } as CreateNotificationChannelDto),
    );
    const patched = await t.as(orgA, () =>
      service.update(sms.id, { secrets: { secondary: { apiKey: 'json-key-44445555' } } }),
    );

    expect(patched.secrets).toEqual({
      primary: { authToken: '••••1111' },
      secondary: { apiKey: '••••5555' },
    });
    const renamed = await t.as(orgA, () => service.update(sms.id, { name: 'sms 2' }));
    expect(renamed.secrets).toEqual(patched.secrets);
  });

  it('still lists a channel whose secrets cannot be decrypted, flagged, and takes new ones', async () => {
    const slack = await t.as(orgA, () =>
      service.create({
        name: 'sealed elsewhere',
        kind: 'slack',
        config: {},
        secrets: { webhookUrl: 'http://127.0.0.1:9/hooks/old' },
      } as CreateNotificationChannelDto),
    );
    // Sealed under another ENCRYPTION_KEY (a restore onto a new key, or an altered row).
    const foreign = new SecretBox({ encryptionKey: randomBytes(32) } as ConstructorParameters<
      typeof SecretBox
    >[0]).encrypt('{"webhookUrl":"x"}');
    await t.ownerQuery(`UPDATE notification_channel SET secrets = $2 WHERE id = $1`, [
      slack.id,
      foreign,
    ]);

    const listed = (await t.as(orgA, () => service.list())).find((c) => c.id === slack.id);
    expect(listed).toMatchObject({ secrets: {}, secretsUnreadable: true });
    expect(await t.as(orgA, () => service.get(slack.id))).toMatchObject({
      secretsUnreadable: true,
    });

    const repaired = await t.as(orgA, () =>
      service.update(slack.id, { secrets: { webhookUrl: 'http://127.0.0.1:9/hooks/new' } }),
    );
    expect(repaired.secretsUnreadable).toBeUndefined();
    expect(repaired.secrets).toEqual({ webhookUrl: 'http://127.0.0.1:9/••••' });
  });

  it('takes a Slack channel with only a bot token (direct messages), and names a bad token', async () => {
    const dm = await t.as(orgA, () =>
      service.create({
        name: 'slack dm',
        kind: 'slack',
        config: { apiBaseUrl: 'http://127.0.0.1:9/api' },
        secrets: { botToken: 'xoxb-1111-2222-abcdefghij' },
      } as CreateNotificationChannelDto),
    );
    expect(dm.secrets).toEqual({ botToken: '••••ghij' });
    const refused = t.as(orgA, () =>
      service.create({
        name: 'slack bad token',
        kind: 'slack',
        config: {},
        secrets: { botToken: 'not-a-token' },
      } as CreateNotificationChannelDto),
    );
    await expect(refused).rejects.toThrow(BadRequestException);
    await expect(refused).rejects.toMatchObject({
      response: { message: [expect.stringContaining('secrets.botToken')] },
    });
    const neither = t.as(orgA, () =>
      service.create({
        name: 'slack nothing',
        kind: 'slack',
        config: {},
        secrets: {},
      } as CreateNotificationChannelDto),
    );
    await expect(neither).rejects.toMatchObject({
      response: { message: [expect.stringContaining('secrets.webhookUrl')] },
    });
  });

  it('forgets a stored secret named in removeSecrets, refusing one the channel cannot lose', async () => {
    const slack = await t.as(orgA, () =>
      service.create({
        name: 'slack both',
        kind: 'slack',
        config: {},
        secrets: {
          webhookUrl: 'http://127.0.0.1:9/hooks/a',
          botToken: 'xoxb-1111-2222-abcdefghij',
        },
      } as CreateNotificationChannelDto),
    );
    const withoutBot = await t.as(orgA, () =>
      service.update(slack.id, { removeSecrets: ['botToken'] }),
    );
    expect(withoutBot.secrets).toEqual({ webhookUrl: 'http://127.0.0.1:9/••••' });
    const refused = t.as(orgA, () => service.update(slack.id, { removeSecrets: ['webhookUrl'] }));
    await expect(refused).rejects.toMatchObject({
      response: { message: [expect.stringContaining('secrets.webhookUrl')] },
    });
    expect((await t.as(orgA, () => service.get(slack.id))).secrets).toEqual(withoutBot.secrets);
  });

  it('answers 400 naming each bad field, and stores nothing', async () => {
    const email = (config: Record<string, unknown>) =>
      ({ name: 'bad mail', kind: 'email', config, secrets: {} }) as CreateNotificationChannelDto;
    const good = {
      host: 'smtp.example.com',
      port: 587,
      security: 'starttls',
      from: 'a@example.com',
      to: [],
    };

    expect(
      await problemsOf(t.as(orgA, () => service.create(email({ ...good, port: 70000 })))),
    ).toEqual(['config.port must be an integer from 1 to 65535']);
    expect(
      await problemsOf(t.as(orgA, () => service.create(email({ ...good, security: 'ssl' })))),
    ).toEqual(['config.security must be one of starttls, tls, none']);
    expect(
      await problemsOf(
        t.as(orgA, () => service.create(email({ ...good, to: ['not an address'] }))),
      ),
    ).toEqual(['config.to[0] must be an email address']);
    expect(
      await problemsOf(t.as(orgA, () => service.create(email({ ...good, extra: 1 })))),
    ).toEqual(['config.extra is not allowed']);
    expect(
      await problemsOf(
        t.as(orgA, () => service.create(webhook('bad hook', { config: { url: 'ftp://x/y' } }))),
      ),
    ).toEqual(['config.url must be an http or https URL']);
    expect(
      await problemsOf(
        t.as(orgA, () =>
          service.create(
            webhook('bad hook', { config: { url: `http://127.0.0.1/${'a'.repeat(2050)}` } }),
          ),
        ),
      ),
    ).toEqual(['config.url must be at most 2048 characters']);
    expect(
      await problemsOf(
        t.as(orgA, () =>
          service.create({
            name: 'bad slack',
            kind: 'slack',
            config: {},
            secrets: {},
          } as CreateNotificationChannelDto),
        ),
      ),
    ).toEqual(['secrets.webhookUrl is required (an http or https URL)']);
    expect(
      await problemsOf(
        t.as(orgA, () =>
          service.create({
            name: 'bad telegram',
            kind: 'telegram',
            config: { chatId: 'x y' },
            secrets: { botToken: 'nope' },
          } as CreateNotificationChannelDto),
        ),
      ),
    ).toEqual([
      'config.chatId must be a numeric chat id or an @channel name',
      'secrets.botToken must be a bot token as BotFather gives it (<digits>:<token>)',
    ]);
    expect(
      await problemsOf(
        t.as(orgA, () =>
          service.create({
            name: 'bad sms',
            kind: 'sms',
            config: { primary: { type: 'twilio', from: '+1555' } },
            secrets: { primary: {} },
          } as CreateNotificationChannelDto),
        ),
      ),
    ).toEqual([
      'config.primary.accountSid is required (letters and digits (1 to 64))',
      'secrets.primary.authToken is required (a string of 1 to 4096 characters)',
    ]);
    expect(
      await problemsOf(
        t.as(orgA, () =>
          service.create(
            webhook('reserved', {
              config: { url: 'http://127.0.0.1:9/h', headers: { 'Idempotency-Key': 'x' } },
            }),
          ),
        ),
      ),
    ).toEqual(['config.headers.Idempotency-Key is set by Hyperion and cannot be overridden']);

    for (const name of [
      'bad mail',
      'bad hook',
      'bad slack',
      'bad telegram',
      'bad sms',
      'reserved',
    ]) {
      expect(await countRows(orgA, name)).toBe(0);
    }
  });

  it('refuses a URL that leads to a private address not allowlisted (400 naming the field)', async () => {
    const problems = await problemsOf(
      t.as(orgA, () =>
        service.create(webhook('private', { config: { url: 'http://10.1.2.3/hook' } })),
      ),
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^config\.url: /);
    expect(await countRows(orgA, 'private')).toBe(0);

    const ok = await t.as(orgA, () => service.create(webhook('public later')));
    const onUpdate = await problemsOf(
      t.as(orgA, () => service.update(ok.id, { config: { url: 'http://10.1.2.3/hook' } })),
    );
    expect(onUpdate[0]).toMatch(/^config\.url: /);
    expect((await t.as(orgA, () => service.get(ok.id))).config).toMatchObject({
      url: 'http://127.0.0.1:9/hyperion',
    });
  });

  it('records every change in the audit log of its organisation, never a secret', async () => {
    const created = await t.as(orgA, () => service.create(webhook('gamma')));
    const updated = await t.as(orgA, () =>
      service.update(created.id, {
        name: 'gamma 2',
        secrets: { signingSecret: 'rotated-secret-9876543210' },
      }),
    );
    await t.as(orgA, () => service.delete(created.id));

    expect(updated.name).toBe('gamma 2');
    await expect(t.as(orgA, () => service.get(created.id))).rejects.toBeInstanceOf(
      NotFoundException,
    );
    const audit = await auditOf(`notification_channel:${created.id}`, orgA);
    expect(audit).toEqual([
      {
        action: 'notification_channel_created',
        result: 'success',
        details: { name: 'gamma', kind: 'webhook', enabled: true },
      },
      {
        action: 'notification_channel_updated',
        result: 'success',
        details: { name: 'gamma 2', previousName: 'gamma', secretsChanged: ['signingSecret'] },
      },
      {
        action: 'notification_channel_deleted',
        result: 'success',
        details: { name: 'gamma 2', kind: 'webhook' },
      },
    ]);
    expect(JSON.stringify(audit)).not.toContain(SIGNING);
    expect(JSON.stringify(audit)).not.toContain('rotated-secret');
  });

  it('answers 409 for a duplicate name, writing neither a row nor an audit entry', async () => {
    const first = await t.as(orgA, () => service.create(webhook('delta')));

    await expect(t.as(orgA, () => service.create(webhook('delta')))).rejects.toBeInstanceOf(
      ConflictException,
    );

    expect(await countRows(orgA, 'delta')).toBe(1);
    const created = await t.ownerQuery(
      `SELECT 1 FROM audit_log
        WHERE organization_id = $1 AND action = 'notification_channel_created' AND details->>'name' = 'delta'`,
      [orgA],
    );
    expect(created).toHaveLength(1);
    expect(await auditOf(`notification_channel:${first.id}`, orgA)).toHaveLength(1);
  });

  it('answers 409 when renaming to a name already taken, changing nothing', async () => {
    await t.as(orgA, () => service.create(webhook('epsilon')));
    const other: NotificationChannelDetails = await t.as(orgA, () =>
      service.create(webhook('zeta')),
    );

    await expect(
      t.as(orgA, () => service.update(other.id, { name: 'epsilon' })),
    ).rejects.toBeInstanceOf(ConflictException);

    expect(await t.as(orgA, () => service.get(other.id))).toMatchObject({ name: 'zeta' });
    expect((await auditOf(`notification_channel:${other.id}`, orgA)).map((e) => e.action)).toEqual([
      'notification_channel_created',
    ]);
  });
});
