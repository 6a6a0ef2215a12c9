import { SecretBox, UnitOfWork } from '@hyperion/api/core';
import { SSH_HOST_RULES } from '@hyperion/contracts';
import {
  BadGatewayException,
  ConflictException,
  GatewayTimeoutException,
  HttpException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';

import { SshHostEntity } from '../entities/ssh-host.entity';
import { credentialsContext, hostTarget } from '../ssh-host.mapping';
import { SshHostRepository } from '../ssh-host.repository';
import {
  HopOutcome,
  KeyboardPrompter,
  openChain,
  SshChain,
  SshFailure,
  SshHop,
} from './ssh-connector';
import { SshCredentials } from './ssh-credentials';

const CONNECT_TIMEOUT_MS = SSH_HOST_RULES.connectTimeoutSeconds * 1000;

/** An open connection to a host and what its target hop offered as host key. */
export interface OpenedConnection extends SshChain {
  target: SshHop;
  fingerprint: string;
}

/**
 * Opens connections to a host of the request's organisation, through its jump hosts, and keeps
 * the host-key bookkeeping: a first-use key is recorded once the handshake proved it; a changed
 * key is kept as pending and the connection refused (409) naming both fingerprints. Nothing is
 * held in a transaction while the network is used: the hops are read in one unit of work, the
 * outcome written in another.
 */
@Injectable()
export class SshConnections {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly hosts: SshHostRepository,
    private readonly box: SecretBox,
  ) {}

  /** The host's hops, first jump host first; 404 when the host is not of this organisation. */
  hopsOf(id: string): Promise<SshHop[]> {
    return this.uow.run(async () => {
      const target = await this.hosts.findById(id);
      if (!target) throw new NotFoundException('SSH host not found');
      const chain: SshHostEntity[] = [target];
      // Bounded like the rule the service enforces; a loop (which it prevents) ends here too.
      for (let next = target.jumpHostId; next !== null; ) {
        if (chain.length > SSH_HOST_RULES.jumpDepthMax || chain.some((h) => h.id === next)) {
          throw new ConflictException(
            `SSH host "${target.name}": its jump hosts form a loop or too long a chain`,
          );
        }
        const hop = await this.hosts.findById(next);
        if (!hop) throw new ConflictException(`SSH host "${target.name}": its jump host is gone`);
        chain.unshift(hop);
        next = hop.jumpHostId;
      }
      return chain.map((row) => this.hop(row));
    });
  }

  /**
   * Connects (bounded in time at every hop); the caller closes the connection in a `finally`.
   * A hop signing in with keyboard-interactive needs `prompt` (a browser terminal passes the
   * questions to its user); without one, 409 before anything is sent.
   */
  async open(
    hops: SshHop[],
    options: { prompt?: KeyboardPrompter } = {},
  ): Promise<OpenedConnection> {
    const interactive = hops.find((hop) => hop.authMethod === 'keyboard-interactive');
    if (interactive && !options.prompt) {
      throw new ConflictException(
        `SSH host "${interactive.name}" asks questions at sign-in (keyboard-interactive): ` +
          'open a terminal on it to answer them',
      );
    }
    const outcomes: HopOutcome[] = [];
    try {
      const chain = await openChain(hops, CONNECT_TIMEOUT_MS, outcomes, options.prompt);
      await this.recordKeys(outcomes);
      const target = hops[hops.length - 1];
      const fingerprint = outcomes[outcomes.length - 1]?.verdict?.offered.fingerprint ?? '';
      return { ...chain, target, fingerprint };
    } catch (error) {
      await this.recordKeys(outcomes);
      throw sshHttpError(error, outcomes);
    }
  }

  /** A first-use key the handshake proved is trusted from now on; a changed key is kept pending. */
  private async recordKeys(outcomes: HopOutcome[]): Promise<void> {
    const worth = outcomes.filter(
      (o) => (o.verdict?.kind === 'first-use' && o.handshakeDone) || o.verdict?.kind === 'changed',
    );
    if (worth.length === 0) return;
    await this.uow.run(async (tx) => {
      for (const { hop, verdict } of worth) {
        if (verdict?.kind === 'first-use') {
          const { fingerprint, keyType } = verdict.offered;
          if (await this.hosts.recordFirstKey(hop.hostId, fingerprint, keyType)) {
            await tx.audit({
              action: 'ssh_host_key_recorded',
              target: hostTarget(hop.hostId),
              result: 'success',
              details: { name: hop.name, fingerprint, keyType },
            });
          }
        } else if (verdict?.kind === 'changed') {
          const { fingerprint, keyType } = verdict.offered;
          await this.hosts.recordPendingKey(hop.hostId, verdict.trusted, fingerprint, keyType);
          await tx.audit({
            action: 'ssh_host_key_refused',
            target: hostTarget(hop.hostId),
            result: 'failure',
            details: { name: hop.name, trusted: verdict.trusted, offered: fingerprint, keyType },
          });
        }
      }
    });
  }

  private hop(row: SshHostEntity): SshHop {
    return {
      hostId: row.id,
      name: row.name,
      address: row.address,
      port: row.port,
      username: row.username,
      credentials: JSON.parse(
        this.box.decrypt(row.credentials, credentialsContext(row.id)),
      ) as SshCredentials,
      trustedFingerprint: row.hostKeyFingerprint,
      authMethod: row.authMethod,
    };
  }
}

/**
 * The HTTP answer to a failed connection or command: 409 for a changed host key (naming both
 * fingerprints), 504 for a timeout, 502 for the rest (authentication refused, unreachable, a
 * protocol error). Never a 500: the API did nothing wrong.
 */
export function sshHttpError(error: unknown, outcomes: readonly HopOutcome[] = []): HttpException {
  if (error instanceof HttpException) return error;
  if (!(error instanceof SshFailure)) {
    return new BadGatewayException(
      `SSH: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  const { hop } = error;
  switch (error.kind) {
    case 'host-key-changed': {
      const verdict = outcomes.find((o) => o.hop.hostId === hop.hostId)?.verdict;
      const offered = verdict?.offered;
      const trusted = verdict?.kind === 'changed' ? verdict.trusted : hop.trustedFingerprint;
      return new ConflictException(
        `Host key of SSH host "${hop.name}" (${hop.address}:${hop.port}) changed: trusted ` +
          `${trusted}, offered ${offered?.fingerprint} (${offered?.keyType}). The connection was ` +
          'refused before any credential was sent; an administrator can approve the new key.',
      );
    }
    case 'timeout':
      return new GatewayTimeoutException(`SSH: ${error.message}`);
    case 'auth-failed':
    case 'unreachable':
    case 'protocol':
    case 'channel':
      return new BadGatewayException(`SSH: ${error.message}`);
  }
}
