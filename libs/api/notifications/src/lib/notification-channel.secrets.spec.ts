import { SecretBox, SecretBoxError } from '@hyperion/api/core';
import { randomBytes } from 'node:crypto';

import { afterAttempt } from './delivery/notification-delivery.processor';
import {
  generateSigningSecret,
  maskSecrets,
  mergeSecrets,
  openSecrets,
  sealSecrets,
} from './notification-channel.secrets';

describe('channel secrets', () => {
  it('masks every value: last 4 characters, a URL as scheme and host, nested alike', () => {
    expect(
      maskSecrets({
        botToken: '123456:ABCDEFGHIJKLMNOPQRSTUVWXYZ',
        webhookUrl: 'https://hooks.slack.com/services/T0/B0/secretpart',
        short: 'abc',
        primary: { authToken: 'twilio-token-00001111' },
      }),
    ).toEqual({
      botToken: '••••WXYZ',
      webhookUrl: 'https://hooks.slack.com/••••',
      short: '••••',
      primary: { authToken: '••••1111' },
    });
  });

  it('merges a patch: keys left out keep their value, nested providers merge, null removes', () => {
    expect(
      mergeSecrets(
        { primary: { authToken: 'a', apiKey: 'b' }, secondary: { apiKey: 'c' } },
        { primary: { apiKey: 'B' }, secondary: null },
      ),
    ).toEqual({ primary: { authToken: 'a', apiKey: 'B' } });
  });

  it('forgets the secrets named in removeSecrets, top-level or nested, after the patch', () => {
    expect(
      mergeSecrets(
        { webhookUrl: 'u', botToken: 'xoxb-1', primary: { authToken: 'a', apiKey: 'b' } },
        { webhookUrl: 'U' },
        ['botToken', 'primary.apiKey', 'unknown'],
      ),
    ).toEqual({ webhookUrl: 'U', primary: { authToken: 'a' } });
  });

  it('generates 32-byte base64url signing secrets, different each time', () => {
    const a = generateSigningSecret();
    expect(a).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(generateSigningSecret()).not.toBe(a);
  });

  it('seals secrets to their channel: another channel id cannot open them', () => {
    const box = new SecretBox({ encryptionKey: randomBytes(32) } as never);
    const sealed = sealSecrets(box, 'channel-1', { signingSecret: 's3cret' });
    expect(sealed).not.toContain('s3cret');
    expect(openSecrets(box, 'channel-1', sealed)).toEqual({ signingSecret: 's3cret' });
    expect(() => openSecrets(box, 'channel-2', sealed)).toThrow(SecretBoxError);
  });
});

describe('afterAttempt', () => {
  it('delivers on success, retries while attempts remain, fails otherwise', () => {
    expect(afterAttempt({ ok: true, retryable: false }, 1, 5)).toBe('delivered');
    expect(afterAttempt({ ok: false, retryable: true }, 1, 5)).toBe('retry');
    expect(afterAttempt({ ok: false, retryable: true }, 5, 5)).toBe('failed');
    expect(afterAttempt({ ok: false, retryable: false }, 1, 5)).toBe('failed');
  });
});
