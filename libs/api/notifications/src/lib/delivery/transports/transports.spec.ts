import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

import type { NotificationChannelKind, NotificationMessage } from '@hyperion/contracts';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

import { createTransports } from './index';
import type { SendOutcome, SendRequest, Transport } from './transport';

const message: NotificationMessage = {
  title: 'PostgreSQL is DOWN',
  summary: 'Connection refused <for> "3" checks',
  severity: 'critical',
  service: 'PostgreSQL',
  status: 'DOWN',
  timestamp: '2026-11-22T10:00:00.000Z',
  links: [{ label: 'Open in Hyperion', url: 'https://hyperion.example/alerts/1' }],
  details: { host: 'db-1' },
};

interface Received {
  url: string;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A real HTTP receiver on `host` answering with the statuses given, in turn (then the last). */
async function receiver(statuses: number[] = [200], host = '127.0.0.1') {
  const received: Received[] = [];
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      received.push({ url: req.url ?? '', headers: req.headers, body });
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)];
      res.writeHead(status, { 'content-type': 'application/json' }).end('{"ok":true}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    received,
    url: `http://${host}:${port}`,
    port,
    close: () => new Promise((r) => server.close(r)),
  };
}

const transports = createTransports({ allowedHosts: ['127.0.0.1'], timeoutMs: 2000 });
const transportFor = (kind: NotificationChannelKind) =>
  transports.find((t) => (t.kinds as readonly string[]).includes(kind)) as Transport;

function send(kind: NotificationChannelKind, fields: Partial<SendRequest>): Promise<SendOutcome> {
  return transportFor(kind).send({
    kind,
    config: {},
    secrets: {},
    recipient: null,
    message,
    idempotencyKey: 'delivery-1',
    attempt: 1,
    signal: new AbortController().signal,
    ...fields,
  } as SendRequest);
}

const closers: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  while (closers.length) await closers.pop()?.();
});

describe('chat webhooks (real receivers on loopback)', () => {
  it('Slack and Mattermost: text plus an attachment with colour and the three fields', async () => {
    for (const kind of ['slack', 'mattermost'] as const) {
      const peer = await receiver();
      closers.push(peer.close);
      const outcome = await send(kind, {
        config: { channel: '#ops', username: 'Hyperion' },
        secrets: { webhookUrl: `${peer.url}/hooks/T0/B0/x` },
      });
      expect(outcome).toMatchObject({
        ok: true,
        receipts: [{ provider: kind, ok: true, httpStatus: 200 }],
      });
      expect(peer.received).toHaveLength(1);
      expect(peer.received[0].url).toBe('/hooks/T0/B0/x');
      expect(JSON.parse(peer.received[0].body)).toEqual({
        text: 'Alert: PostgreSQL is DOWN',
        channel: '#ops',
        username: 'Hyperion',
        attachments: [
          {
            color: 'danger',
            text: message.summary,
            fields: [
              { title: 'Service', value: 'PostgreSQL', short: true },
              { title: 'Status', value: 'DOWN', short: true },
              { title: 'Timestamp', value: message.timestamp, short: false },
            ],
          },
        ],
      });
    }
  });

  it('Discord: content plus an embed with colour 15158332, fields and the ISO timestamp', async () => {
    const peer = await receiver([204]);
    closers.push(peer.close);
    const outcome = await send('discord', {
      secrets: { webhookUrl: `${peer.url}/api/webhooks/1/a` },
    });
    expect(outcome.ok).toBe(true);
    const body = JSON.parse(peer.received[0].body);
    expect(body.content).toBe('**Alert**: PostgreSQL is DOWN');
    expect(body.embeds).toEqual([
      expect.objectContaining({
        title: 'PostgreSQL is DOWN',
        color: 15158332,
        timestamp: message.timestamp,
        fields: expect.arrayContaining([
          { name: 'Service', value: 'PostgreSQL', inline: true },
          { name: 'Status', value: 'DOWN', inline: true },
        ]),
      }),
    ]);
  });

  it('Teams: an Adaptive Card with the facts and the links', async () => {
    const peer = await receiver();
    closers.push(peer.close);
    await send('teams', { secrets: { webhookUrl: `${peer.url}/webhook` } });
    const body = JSON.parse(peer.received[0].body);
    const card = body.attachments[0];
    expect(card.contentType).toBe('application/vnd.microsoft.card.adaptive');
    expect(card.content).toMatchObject({ type: 'AdaptiveCard', version: '1.4' });
    expect(card.content.body[2].facts).toEqual(
      expect.arrayContaining([
        { title: 'Service', value: 'PostgreSQL' },
        { title: 'Status', value: 'DOWN' },
      ]),
    );
    expect(card.content.actions).toEqual([
      {
        type: 'Action.OpenUrl',
        title: 'Open in Hyperion',
        url: 'https://hyperion.example/alerts/1',
      },
    ]);
  });

  it('names the paged person: Slack <@id>, Mattermost @name, Discord <@id> (and only them)', async () => {
    const sent = async (kind: 'slack' | 'mattermost' | 'discord', recipient: string) => {
      const peer = await receiver([200]);
      closers.push(peer.close);
      await send(kind, { recipient, secrets: { webhookUrl: `${peer.url}/hook` } });
      return JSON.parse(peer.received[0].body);
    };
    expect((await sent('slack', 'U024BE7LH')).text).toBe('<@U024BE7LH> Alert: PostgreSQL is DOWN');
    expect((await sent('mattermost', '@dana')).text).toBe('@dana Alert: PostgreSQL is DOWN');
    const discord = await sent('discord', '123456789012345678');
    expect(discord.content).toBe('<@123456789012345678> **Alert**: PostgreSQL is DOWN');
    expect(discord.allowed_mentions).toEqual({ parse: [], users: ['123456789012345678'] });
  });

  it("Slack with a bot token: a page to a member is a direct message (chat.postMessage), Slack's refusals read", async () => {
    const api = await receiver([200]);
    closers.push(api.close);
    const dm = await send('slack', {
      recipient: 'U024BE7LH',
      config: { apiBaseUrl: `${api.url}/api` },
      secrets: { botToken: 'xoxb-1234-5678-secret' },
    });
    expect(dm).toMatchObject({ ok: true, receipts: [{ provider: 'slack', httpStatus: 200 }] });
    expect(api.received[0].url).toBe('/api/chat.postMessage');
    expect(api.received[0].headers.authorization).toBe('Bearer xoxb-1234-5678-secret');
    expect(JSON.parse(api.received[0].body)).toMatchObject({
      channel: 'U024BE7LH',
      text: 'Alert: PostgreSQL is DOWN',
    });

    // Slack answers 200 with { ok: false } to a refusal: permanent, or worth a retry.
    const answers = [
      '{"ok":false,"error":"channel_not_found"}',
      '{"ok":false,"error":"ratelimited"}',
    ];
    const refusing = createServer((req, res) => {
      req.resume();
      req.on('end', () => res.writeHead(200).end(answers.shift()));
    });
    await new Promise<void>((resolve) => refusing.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((r) => refusing.close(r)));
    const request = {
      recipient: 'U0GONE',
      config: { apiBaseUrl: `http://127.0.0.1:${(refusing.address() as AddressInfo).port}` },
      secrets: { botToken: 'xoxb-1234-5678-secret' },
    };
    const gone = await send('slack', request);
    expect(gone).toMatchObject({ ok: false, retryable: false });
    expect(gone.receipts[0].error).toBe('Slack refused the message: channel_not_found');
    expect(await send('slack', request)).toMatchObject({ ok: false, retryable: true });
    expect(JSON.stringify(gone)).not.toContain('secret');
  });

  it('Telegram: sendMessage on the configured base URL, HTML escaped, the token never in an error', async () => {
    const peer = await receiver([200, 401]);
    closers.push(peer.close);
    const request = {
      config: { chatId: '-100123', apiBaseUrl: peer.url },
      secrets: { botToken: '123:SECRET-token' },
    };
    expect((await send('telegram', request)).ok).toBe(true);
    expect(peer.received[0].url).toBe('/bot123%3ASECRET-token/sendMessage');
    const body = JSON.parse(peer.received[0].body);
    expect(body).toMatchObject({ chat_id: '-100123', parse_mode: 'HTML' });
    expect(body.text).toContain('Connection refused &lt;for&gt; &quot;3&quot; checks');
    const refused = await send('telegram', request);
    expect(refused).toMatchObject({ ok: false, retryable: false });
    expect(JSON.stringify(refused)).not.toContain('SECRET-token');
  });
});

describe('signed webhook', () => {
  it('signs timestamp + body with HMAC-SHA256, verifiable independently, same key every attempt', async () => {
    const peer = await receiver([503, 200]);
    closers.push(peer.close);
    const secret = 'whsec-0123456789abcdef';
    const request = {
      config: { url: `${peer.url}/in`, headers: { 'X-Team': 'ops', 'Idempotency-Key': 'forged' } },
      secrets: { signingSecret: secret },
    };
    const first = await send('webhook', request);
    expect(first).toMatchObject({ ok: false, retryable: true, receipts: [{ httpStatus: 503 }] });
    const second = await send('webhook', { ...request, attempt: 2 });
    expect(second.ok).toBe(true);
    for (const hit of peer.received) {
      const timestamp = String(hit.headers['x-hyperion-timestamp']);
      const expected = createHmac('sha256', secret).update(`${timestamp}.${hit.body}`).digest();
      const given = Buffer.from(
        String(hit.headers['x-hyperion-signature']).replace(/^sha256=/, ''),
        'hex',
      );
      expect(given.length).toBe(expected.length);
      expect(timingSafeEqual(given, expected)).toBe(true);
      expect(hit.headers['idempotency-key']).toBe('delivery-1');
      expect(hit.headers['x-team']).toBe('ops');
      expect(JSON.parse(hit.body)).toMatchObject({ id: 'delivery-1', message });
    }
  });

  it('refuses a loopback address that is not allowlisted: nothing reaches it, not retried', async () => {
    const peer = await receiver([200], '127.0.0.2');
    closers.push(peer.close);
    const outcome = await send('webhook', {
      config: { url: `${peer.url}/in` },
      secrets: { signingSecret: 's' },
    });
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(outcome.receipts[0].error).toContain('127.0.0.2 is a loopback address');
    expect(peer.received).toHaveLength(0);
  });

  it('gives up on a receiver that never answers within the timeout, as retryable', async () => {
    const silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    closers.push(() => {
      silent.closeAllConnections();
      return new Promise((r) => silent.close(r));
    });
    const started = Date.now();
    const impatient = createTransports({ allowedHosts: ['127.0.0.1'], timeoutMs: 300 }).find((t) =>
      (t.kinds as readonly string[]).includes('webhook'),
    ) as Transport;
    const outcome = await impatient.send({
      kind: 'webhook',
      config: { url: `http://127.0.0.1:${(silent.address() as AddressInfo).port}/` },
      secrets: { signingSecret: 's' },
      recipient: null,
      message,
      idempotencyKey: 'k',
      attempt: 1,
      signal: new AbortController().signal,
    } as SendRequest);
    expect(outcome).toMatchObject({ ok: false, retryable: true });
    expect(outcome.receipts[0].error).toContain('no answer within 300 ms');
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('SMS and voice with failover', () => {
  it('provider A answers 503 → provider B (Twilio form) gets the SMS; both receipts kept', async () => {
    const a = await receiver([503]);
    const b = await receiver([201]);
    closers.push(a.close, b.close);
    const outcome = await send('sms', {
      recipient: '+33612345678',
      config: {
        primary: {
          type: 'json',
          url: `${a.url}/sms`,
          from: 'Hyperion',
          bodyTemplate: '{"to":"{{to}}","text":"{{text}}"}',
        },
        secondary: { type: 'twilio', url: b.url, accountSid: 'AC123', from: '+15550001111' },
      },
      secrets: { primary: { apiKey: 'key-a' }, secondary: { authToken: 'tok-b' } },
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.receipts).toEqual([
      expect.objectContaining({ provider: 'primary', ok: false, httpStatus: 503 }),
      expect.objectContaining({ provider: 'secondary', ok: true, httpStatus: 201 }),
    ]);
    expect(JSON.parse(a.received[0].body)).toEqual({
      to: '+33612345678',
      text: expect.stringContaining('PostgreSQL DOWN'),
    });
    expect(a.received[0].headers.authorization).toBe('Bearer key-a');
    expect(b.received[0].url).toBe('/2010-04-01/Accounts/AC123/Messages.json');
    expect(b.received[0].headers.authorization).toBe(
      `Basic ${Buffer.from('AC123:tok-b').toString('base64')}`,
    );
    const form = new URLSearchParams(b.received[0].body);
    expect(form.get('To')).toBe('+33612345678');
    expect(form.get('From')).toBe('+15550001111');
    expect(form.get('Body')).toContain('[CRITICAL] PostgreSQL DOWN');
  });

  it('provider A unreachable (closed port) → provider B places the voice call reading the message', async () => {
    const closed = await receiver();
    await closed.close();
    const b = await receiver([201]);
    closers.push(b.close);
    const outcome = await send('voice', {
      recipient: '+33612345678',
      config: {
        primary: { type: 'twilio', url: closed.url, accountSid: 'AC1', from: '+1555' },
        secondary: { type: 'twilio', url: b.url, accountSid: 'AC2', from: '+1666' },
        voiceMessage: 'Alert {{severity}} on {{service}} & more',
      },
      secrets: { primary: { authToken: 'a' }, secondary: { authToken: 'b' } },
    });
    expect(outcome.ok).toBe(true);
    expect(outcome.receipts.map((r) => [r.provider, r.ok])).toEqual([
      ['primary', false],
      ['secondary', true],
    ]);
    expect(b.received[0].url).toBe('/2010-04-01/Accounts/AC2/Calls.json');
    expect(new URLSearchParams(b.received[0].body).get('Twiml')).toBe(
      '<Response><Say>Alert critical on PostgreSQL &amp; more</Say></Response>',
    );
  });
});

describe('email over SMTP (a real SMTP server on loopback)', () => {
  it('sends subject [ALERT] <service> - <status> with text and HTML parts to the recipient', async () => {
    const mails: Buffer[] = [];
    const envelopes: string[][] = [];
    const smtp = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      authOptional: true,
      onAuth: (auth, _session, callback) =>
        auth.username === 'hyperion' && auth.password === 'smtp-pass'
          ? callback(null, { user: 'hyperion' })
          : callback(new Error('bad credentials')),
      onData: (stream, session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          mails.push(Buffer.concat(chunks));
          envelopes.push(session.envelope.rcptTo.map((r) => r.address));
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((r) => smtp.close(() => r(undefined))));
    const port = (smtp.server.address() as AddressInfo).port;
    const outcome = await send('email', {
      recipient: 'oncall@example.com',
      config: {
        host: '127.0.0.1',
        port,
        security: 'none',
        username: 'hyperion',
        from: 'Hyperion <alerts@example.com>',
        to: ['default@example.com'],
      },
      secrets: { password: 'smtp-pass' },
    });
    expect(outcome).toMatchObject({ ok: true, receipts: [{ provider: 'email', ok: true }] });
    expect(outcome.receipts[0].smtpResponse).toMatch(/^250/);
    expect(envelopes).toEqual([['oncall@example.com']]);
    const mail = await simpleParser(mails[0]);
    expect(mail.subject).toBe('[ALERT] PostgreSQL - DOWN');
    expect(mail.from?.value).toEqual([{ name: 'Hyperion', address: 'alerts@example.com' }]);
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toBe('oncall@example.com');
    expect(mail.text).toContain('Connection refused <for> "3" checks');
    expect(mail.text).toContain('Service: PostgreSQL');
    expect(mail.html).toContain('Connection refused &lt;for&gt; &quot;3&quot; checks');
    expect(mail.html).toContain('<a href="https://hyperion.example/alerts/1">Open in Hyperion</a>');
  });

  it('a wrong SMTP password fails with the server reply, not retried (5xx)', async () => {
    const smtp = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      onAuth: (_auth, _session, callback) => callback(new Error('Invalid username or password')),
    });
    await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
    closers.push(() => new Promise((r) => smtp.close(() => r(undefined))));
    const outcome = await send('email', {
      config: {
        host: '127.0.0.1',
        port: (smtp.server.address() as AddressInfo).port,
        security: 'none',
        username: 'hyperion',
        from: 'alerts@example.com',
        to: ['oncall@example.com'],
      },
      secrets: { password: 'wrong' },
    });
    expect(outcome).toMatchObject({ ok: false, retryable: false });
    expect(outcome.receipts[0].smtpResponse).toMatch(/^535/);
  });
});
