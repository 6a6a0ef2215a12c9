import type { SshHostSummary } from '@hyperion/contracts';

import type { SshCredentials } from './connection/ssh-credentials';
import { SshHostEntity } from './entities/ssh-host.entity';

/** `ssh_host:<id>`, the audit log's target of a SSH host. */
export const hostTarget = (id: string) => `ssh_host:${id}`;

/** The SecretBox context of a host's credentials: a sealed value moved to another row fails. */
export const credentialsContext = (id: string) => `ssh_host:${id}:credentials`;

/**
 * The response the API and the console see; entities never leave this library. The secrets are
 * opened only to say which are set: the summary carries no part of them.
 */
export function toSshHostSummary(row: SshHostEntity, secrets: SshCredentials): SshHostSummary {
  return {
    id: row.id,
    name: row.name,
    address: row.address,
    port: row.port,
    username: row.username,
    authMethod: row.authMethod,
    hasPrivateKey: Boolean(secrets.privateKey),
    hasPassphrase: Boolean(secrets.passphrase),
    hasPassword: Boolean(secrets.password),
    jumpHostId: row.jumpHostId,
    tags: row.tags,
    hostKey: {
      fingerprint: row.hostKeyFingerprint,
      keyType: row.hostKeyType,
      trustedAt: row.hostKeyTrustedAt?.toISOString() ?? null,
      pendingFingerprint: row.hostKeyPendingFingerprint,
      pendingKeyType: row.hostKeyPendingType,
    },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
