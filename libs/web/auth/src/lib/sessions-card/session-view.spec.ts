import type { SessionSummary } from '@hyperion/contracts';

import { describeMethod, describeUserAgent, relativeTime, sessionViews } from './session-view';

describe('describeUserAgent', () => {
  it.each([
    ['Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox on Linux'],
    [
      'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0',
      'Edge on Windows',
    ],
    [
      'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36',
      'Chrome on macOS',
    ],
    [
      'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
      'Safari on iPhone',
    ],
    [
      'Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36',
      'Chrome on Android',
    ],
    [
      'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.0.0 Safari/537.36',
      'Headless Chrome on Linux',
    ],
    ['curl/8.5.0', 'curl'],
    ['node-superagent/3.8.3', 'node-superagent'],
  ])('%s → %s', (agent, words) => {
    expect(describeUserAgent(agent)).toBe(words);
  });

  it('says "Unknown device" without a user agent', () => {
    expect(describeUserAgent(null)).toBe('Unknown device');
    expect(describeUserAgent('  ')).toBe('Unknown device');
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-11-22T12:00:00Z');
  it.each([
    ['2026-11-22T11:59:50Z', 'just now'],
    ['2026-11-22T11:55:00Z', '5 minutes ago'],
    ['2026-11-22T10:00:00Z', '2 hours ago'],
    ['2026-11-21T11:00:00Z', 'yesterday'],
    ['2026-11-08T12:00:00Z', '2 weeks ago'],
  ])('%s → %s', (iso, words) => {
    expect(relativeTime(iso, now)).toBe(words);
  });
});

describe('sessionViews', () => {
  const session = (id: string, lastUsedAt: string, current = false): SessionSummary => ({
    id,
    createdAt: '2026-11-20T08:00:00Z',
    lastUsedAt,
    expiresAt: '2026-11-27T08:00:00Z',
    organizationId: 'org-1',
    ip: '203.0.113.7',
    userAgent: 'curl/8.5.0',
    method: 'password+totp',
    current,
  });

  it('lists this session first, then the most recently active, in words', () => {
    const views = sessionViews(
      [
        session('old', '2026-11-21T08:00:00Z'),
        session('here', '2026-11-20T09:00:00Z', true),
        session('recent', '2026-11-22T11:00:00Z'),
      ],
      (id) => (id === 'org-1' ? 'Acme' : null),
      Date.parse('2026-11-22T12:00:00Z'),
    );
    expect(views.map((v) => v.id)).toEqual(['here', 'recent', 'old']);
    expect(views[1]).toMatchObject({
      device: 'curl',
      ip: '203.0.113.7',
      lastActive: '1 hour ago',
      method: 'Password and authenticator code',
      organization: 'Acme',
      current: false,
    });
  });

  it('names the sign-in methods', () => {
    expect(describeMethod('password')).toBe('Password');
    expect(describeMethod('password+recovery_code')).toBe('Password and recovery code');
    expect(describeMethod(null)).toBeNull();
  });
});
