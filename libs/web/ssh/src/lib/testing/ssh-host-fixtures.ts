import type { SshHostSummary } from '@hyperion/contracts';

/** An SSH host as the API answers it (key sign-in, no host key recorded yet), for specs. */
export function sshHostRow(overrides: Partial<SshHostSummary> = {}): SshHostSummary {
  return {
    id: '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11',
    name: 'alpha',
    address: '10.0.0.5',
    port: 22,
    username: 'ops',
    authMethod: 'key',
    hasPrivateKey: true,
    hasPassphrase: false,
    hasPassword: false,
    jumpHostId: null,
    tags: [],
    hostKey: {
      fingerprint: null,
      keyType: null,
      trustedAt: null,
      pendingFingerprint: null,
      pendingKeyType: null,
    },
    createdAt: '2026-01-30T14:00:00.000Z',
    updatedAt: '2026-01-30T14:00:00.000Z',
    ...overrides,
  };
}
