import type { AuditEntry, UserSummary } from '@hyperion/contracts';

import { actorGroups, describeActor, describeTarget, nameBook, shortId } from './audit-names';

const ALICE_ID = '3f2a9c1e-1111-4222-8333-444455556666';
const GONE_ID = '9b8c7d6e-aaaa-4bbb-8ccc-ddddeeeeffff';
const ROLE_ID = '0a0b0c0d-1111-4222-8333-444455556666';
const KEY_ID = '5e5e5e5e-1111-4222-8333-444455556666';

const alice = {
  id: ALICE_ID,
  username: 'alice',
  displayName: 'Alice Admin',
} as UserSummary;

const entry = (extra: Partial<AuditEntry>): AuditEntry => ({
  id: '1',
  organizationId: 'org-1',
  occurredAt: '2026-11-22T05:41:03.000Z',
  actorType: 'user',
  actorId: null,
  actorName: null,
  action: 'login',
  target: null,
  ip: null,
  userAgent: null,
  result: 'success',
  details: {},
  correlationId: null,
  ...extra,
});

describe('audit names', () => {
  const names = nameBook({
    members: [alice],
    roles: [{ id: ROLE_ID, name: 'auditor', description: '', permissions: [], builtIn: false }],
    apiKeys: [
      {
        id: KEY_ID,
        name: 'ci-sender',
        prefix: 'abc',
        permissions: [],
        createdAt: '',
        lastUsedAt: null,
        revokedAt: null,
      },
    ],
    organizations: [{ id: 'org-1', name: 'Beta', slug: 'beta', roles: [] }],
    entries: [entry({ actorType: 'api_key', actorId: 'old-key', actorName: 'old-sender' })],
  });

  it('name targets instead of showing their ids', () => {
    expect(describeTarget(`user:${ALICE_ID}`, names)).toBe('user alice');
    expect(describeTarget(`role:${ROLE_ID}`, names)).toBe('role auditor');
    expect(describeTarget(`api_key:${KEY_ID}`, names)).toBe('API key ci-sender');
    expect(describeTarget('organization:org-1', names)).toBe('organisation Beta');
    expect(describeTarget('api_key:old-key', names)).toBe('API key old-sender');
  });

  it('shorten ids nobody can name, and leave other targets as they are', () => {
    expect(describeTarget(`user:${GONE_ID}`, names)).toBe('user 9b8c7d6e…');
    expect(describeTarget('role:auditor', names)).toBe('role auditor');
    expect(describeTarget('GET /api/v1/users', names)).toBe('GET /api/v1/users');
    expect(describeTarget(null, names)).toBe('—');
    expect(shortId('system')).toBe('system');
  });

  it('name actors by the recorded name, else a known one, else a short id', () => {
    expect(describeActor(entry({ actorId: ALICE_ID, actorName: 'alice' }), names)).toBe('alice');
    expect(describeActor(entry({ actorId: ALICE_ID }), names)).toBe('alice');
    expect(describeActor(entry({ actorId: GONE_ID }), names)).toBe('9b8c7d6e…');
    expect(describeActor(entry({ actorType: 'anonymous' }), names)).toBe('anonymous');
  });

  it('offer the system, members, API keys and other actors seen, keeping the selected one', () => {
    const groups = actorGroups(
      {
        members: [alice],
        apiKeys: [],
        entries: [
          entry({ actorType: 'api_key', actorId: KEY_ID, actorName: 'ci-sender' }),
          entry({ actorType: 'user', actorId: ALICE_ID, actorName: 'alice' }),
          entry({ actorType: 'anonymous', actorId: null, actorName: 'mallory' }),
        ],
      },
      GONE_ID,
    );
    expect(groups).toEqual([
      { label: 'System', options: [{ value: 'system', label: 'system (jobs, start-up)' }] },
      { label: 'Members', options: [{ value: ALICE_ID, label: 'Alice Admin (alice)' }] },
      { label: 'API keys', options: [{ value: KEY_ID, label: 'ci-sender' }] },
      { label: 'Other', options: [{ value: GONE_ID, label: '9b8c7d6e…' }] },
    ]);
    expect(actorGroups({}, '').map((group) => group.label)).toEqual(['System']);
    expect(actorGroups({}, 'system').map((group) => group.label)).toEqual(['System']);
  });
});
