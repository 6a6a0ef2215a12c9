import { UnitOfWork, UnitOfWorkOptions } from '@hyperion/api/core';
import type { AuditVerification } from '@hyperion/contracts';
import { Injectable } from '@nestjs/common';

import { AuditChainRepository } from './audit-chain.repository';
import { ChainHead, ChainWalk } from './chain-walk';

/** Rows read per query: memory stays bounded whatever the length of a chain. */
export const VERIFY_BATCH = 1000;

export interface ChainVerification extends AuditVerification {
  /** The chain: an organisation's id, or null for the instance chain. */
  organizationId: string | null;
  /** The head's hash when verification began (null: an empty chain). */
  headHash: string | null;
}

/**
 * Walks audit hash chains (keyset batches in sequence order, each batch a short read-only unit of
 * work) and names the first broken link. The walk stops at the head read when it began, so rows
 * appended meanwhile do not make a sound chain look broken.
 */
@Injectable()
export class AuditChainVerifier {
  constructor(
    private readonly chains: AuditChainRepository,
    private readonly uow: UnitOfWork,
  ) {}

  /** The organisation's chain, read in that organisation (row-level security applies). */
  verifyOrganization(organizationId: string): Promise<ChainVerification> {
    return this.verify(organizationId, { organizationId, independent: true });
  }

  /** The chain of instance-level rows (platform scope). */
  verifyInstance(): Promise<ChainVerification> {
    return this.verify(null, PLATFORM);
  }

  /** Every chain of the deployment: null (the instance's) and each organisation's id. */
  listChains(): Promise<(string | null)[]> {
    return this.uow.run(() => this.chains.chains(), PLATFORM);
  }

  /** One chain, read in platform scope (the nightly verification). */
  verifyChain(organizationId: string | null): Promise<ChainVerification> {
    return this.verify(organizationId, PLATFORM);
  }

  private async verify(
    organizationId: string | null,
    scope: UnitOfWorkOptions,
  ): Promise<ChainVerification> {
    const head: ChainHead | null = await this.uow.run(
      () => this.chains.head(organizationId),
      scope,
    );
    const walk = new ChainWalk();
    for (;;) {
      const rows = await this.uow.run(
        () => this.chains.rows(organizationId, walk.position, head?.lastSeq ?? null, VERIFY_BATCH),
        scope,
      );
      if (!walk.feed(rows) || rows.length < VERIFY_BATCH) break;
    }
    const firstBroken = walk.finish(head);
    return {
      organizationId,
      ok: firstBroken === null,
      checked: walk.checked,
      firstBroken,
      verifiedAt: new Date().toISOString(),
      headHash: head?.lastHash ?? null,
    };
  }
}

const PLATFORM: UnitOfWorkOptions = { organizationId: null, platform: true, independent: true };
