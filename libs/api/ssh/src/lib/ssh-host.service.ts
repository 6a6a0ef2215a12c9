import { SecretBox, Tx, UnitOfWork } from '@hyperion/api/core';
import type { SshAuthMethod, SshHostSummary } from '@hyperion/contracts';
import { SSH_HOST_RULES } from '@hyperion/contracts';
import {
  BadRequestException,
  ConflictException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';

import { checkCredentials, SshCredentials } from './connection/ssh-credentials';
import { CreateSshHostDto, SshHostKeyDto, UpdateSshHostDto } from './dto/ssh-host.dto';
import { SshHostEntity } from './entities/ssh-host.entity';
import { credentialsContext, hostTarget, toSshHostSummary } from './ssh-host.mapping';
import { SshHostRepository } from './ssh-host.repository';

/**
 * The SSH hosts use cases. Each runs in one unit of work, in the organisation of the
 * request context: a command's write and its audit row commit or roll back together, and an id
 * of another organisation is simply not found (row-level security). Credentials are sealed with
 * the SecretBox and never returned; host keys change only by approval or pinning, both audited.
 */
@Injectable()
export class SshHostService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: SshHostRepository,
    private readonly box: SecretBox,
  ) {}

  list(): Promise<SshHostSummary[]> {
    return this.uow.run(async () => (await this.repository.list()).map((r) => this.summary(r)));
  }

  get(id: string): Promise<SshHostSummary> {
    return this.uow.run(async () => this.summary(await this.found(id)));
  }

  create(dto: CreateSshHostDto): Promise<SshHostSummary> {
    return this.uow.run(async (tx) => {
      const secrets = checkCredentials(dto.authMethod, dto);
      const id = randomUUID();
      const jumpHostId = dto.jumpHostId ?? null;
      await this.checkJumpHost(tx, id, jumpHostId);
      const row = await this.repository.create(id, {
        name: dto.name,
        address: dto.address,
        port: dto.port ?? SSH_HOST_RULES.portDefault,
        username: dto.username,
        authMethod: dto.authMethod,
        credentials: this.box.encrypt(JSON.stringify(secrets), credentialsContext(id)),
        jumpHostId,
        tags: [...new Set(dto.tags ?? [])],
      });
      await tx.audit({
        action: 'ssh_host_created',
        target: hostTarget(row.id),
        result: 'success',
        details: this.auditDetails(row),
      });
      return this.summary(row);
    });
  }

  update(id: string, dto: UpdateSshHostDto): Promise<SshHostSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      const before = this.auditDetails(row);
      const method: SshAuthMethod = dto.authMethod ?? row.authMethod;
      const secretsChanged =
        dto.authMethod !== undefined ||
        dto.privateKey !== undefined ||
        dto.passphrase !== undefined ||
        dto.password !== undefined;
      let credentials = row.credentials;
      if (secretsChanged) {
        const merged = this.mergeSecrets(row, method, dto);
        credentials = this.box.encrypt(
          JSON.stringify(checkCredentials(method, merged)),
          credentialsContext(id),
        );
      }
      const clearJump = dto.clear?.includes('jumpHostId') ?? false;
      if (clearJump && dto.jumpHostId !== undefined) {
        throw new BadRequestException('clear: jumpHostId is both given and cleared');
      }
      const jumpHostId = clearJump ? null : (dto.jumpHostId ?? row.jumpHostId);
      if (jumpHostId !== row.jumpHostId) await this.checkJumpHost(tx, id, jumpHostId);
      const updated = await this.repository.update(row, {
        name: dto.name ?? row.name,
        address: dto.address ?? row.address,
        port: dto.port ?? row.port,
        username: dto.username ?? row.username,
        authMethod: method,
        credentials,
        jumpHostId,
        tags: dto.tags ? [...new Set(dto.tags)] : row.tags,
      });
      await tx.audit({
        action: 'ssh_host_updated',
        target: hostTarget(id),
        result: 'success',
        details: {
          ...this.auditDetails(updated),
          previous: before,
          credentialsChanged: secretsChanged,
        },
      });
      return this.summary(updated);
    });
  }

  delete(id: string): Promise<void> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id);
      await this.repository.delete(row);
      await tx.audit({
        action: 'ssh_host_deleted',
        target: hostTarget(id),
        result: 'success',
        details: { name: row.name },
      });
    });
  }

  /** Trusts the key the host offered instead of the trusted one (the body must name it). */
  approveHostKey(id: string, dto: SshHostKeyDto): Promise<SshHostSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id, true);
      if (!row.hostKeyPendingFingerprint) {
        throw new ConflictException(
          `SSH host "${row.name}" has no new host key waiting for approval`,
        );
      }
      if (row.hostKeyPendingFingerprint !== dto.fingerprint) {
        throw new ConflictException(
          `fingerprint: the key waiting for approval is ${row.hostKeyPendingFingerprint}, not ${dto.fingerprint}`,
        );
      }
      const previous = row.hostKeyFingerprint;
      const updated = await this.repository.update(row, {
        hostKeyFingerprint: row.hostKeyPendingFingerprint,
        hostKeyType: row.hostKeyPendingType,
        hostKeyTrustedAt: new Date(),
        hostKeyPendingFingerprint: null,
        hostKeyPendingType: null,
      });
      await tx.audit({
        action: 'ssh_host_key_approved',
        target: hostTarget(id),
        result: 'success',
        details: {
          name: row.name,
          fingerprint: dto.fingerprint,
          keyType: updated.hostKeyType,
          previous,
        },
      });
      return this.summary(updated);
    });
  }

  /** Pins a fingerprint given by hand (read from the host's console, say); any pending key goes. */
  pinHostKey(id: string, dto: SshHostKeyDto): Promise<SshHostSummary> {
    return this.uow.run(async (tx) => {
      const row = await this.found(id, true);
      const previous = row.hostKeyFingerprint;
      const same = previous === dto.fingerprint;
      const updated = await this.repository.update(row, {
        hostKeyFingerprint: dto.fingerprint,
        hostKeyType: same
          ? row.hostKeyType
          : row.hostKeyPendingFingerprint === dto.fingerprint
            ? row.hostKeyPendingType
            : null,
        hostKeyTrustedAt: new Date(),
        hostKeyPendingFingerprint: null,
        hostKeyPendingType: null,
      });
      await tx.audit({
        action: 'ssh_host_key_pinned',
        target: hostTarget(id),
        result: 'success',
        details: { name: row.name, fingerprint: dto.fingerprint, previous },
      });
      return this.summary(updated);
    });
  }

  /** The secrets after an update: what was given, else what was kept for the same method. */
  private mergeSecrets(
    row: SshHostEntity,
    method: SshAuthMethod,
    dto: UpdateSshHostDto,
  ): SshCredentials {
    const kept = row.authMethod === method ? this.open(row) : {};
    if (method === 'keyboard-interactive') return {};
    if (method === 'password') return { password: dto.password ?? kept.password };
    // A new key comes with its own passphrase (or none); the kept key keeps its passphrase.
    if (dto.privateKey !== undefined)
      return { privateKey: dto.privateKey, passphrase: dto.passphrase };
    return { privateKey: kept.privateKey, passphrase: dto.passphrase ?? kept.passphrase };
  }

  /**
   * The jump host must be another host of this organisation (row-level security: another
   * organisation's id is not found), and the chain it starts must neither come back to this host
   * nor be longer than SSH_HOST_RULES.jumpDepthMax. Chains change under an advisory lock of the
   * organisation, so two updates cannot close a loop between them.
   */
  private async checkJumpHost(tx: Tx, selfId: string, jumpHostId: string | null): Promise<void> {
    if (jumpHostId === null) return;
    await tx.lock(`ssh-jump-hosts:${tx.organizationId}`);
    if (jumpHostId === selfId)
      throw new BadRequestException('jumpHostId: a host cannot be its own jump host');
    let current: string | null = jumpHostId;
    for (let depth = 1; current !== null; depth++) {
      if (depth > SSH_HOST_RULES.jumpDepthMax) {
        throw new BadRequestException(
          `jumpHostId: at most ${SSH_HOST_RULES.jumpDepthMax} jump hosts in a row`,
        );
      }
      const hop = await this.repository.findById(current);
      if (!hop)
        throw new BadRequestException('jumpHostId: no SSH host with this id in this organisation');
      if (hop.jumpHostId === selfId) {
        throw new BadRequestException(`jumpHostId: "${hop.name}" goes through this host: a loop`);
      }
      current = hop.jumpHostId;
    }
  }

  private open(row: SshHostEntity): SshCredentials {
    return JSON.parse(
      this.box.decrypt(row.credentials, credentialsContext(row.id)),
    ) as SshCredentials;
  }

  private summary(row: SshHostEntity): SshHostSummary {
    return toSshHostSummary(row, this.open(row));
  }

  /** What the audit log keeps of a host: never its secrets. */
  private auditDetails(row: SshHostEntity): Record<string, unknown> {
    return {
      name: row.name,
      address: row.address,
      port: row.port,
      username: row.username,
      authMethod: row.authMethod,
      jumpHostId: row.jumpHostId,
    };
  }

  private async found(id: string, forUpdate = false): Promise<SshHostEntity> {
    const row = forUpdate
      ? await this.repository.findForUpdate(id)
      : await this.repository.findById(id);
    if (!row) throw new NotFoundException('SSH host not found');
    return row;
  }
}
