import { UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';
import { IsNull, Repository } from 'typeorm';

import { RecoveryCodeEntity } from '../entities/recovery-code.entity';
import { UserEntity } from '../entities/user.entity';

/** The only place that touches TypeORM for 2FA state: recovery codes and the TOTP columns. */
@Injectable()
export class TwoFactorRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get codes(): Repository<RecoveryCodeEntity> {
    return this.uow.manager.getRepository(RecoveryCodeEntity);
  }

  unusedCodes(userId: string): Promise<RecoveryCodeEntity[]> {
    return this.codes.findBy({ userId, usedAt: IsNull() });
  }

  /** True when this call used the code (false if it was used meanwhile). */
  async markUsed(id: string): Promise<boolean> {
    const result = await this.codes.update({ id, usedAt: IsNull() }, { usedAt: new Date() });
    return result.affected === 1;
  }

  async savePending(userId: string, pendingEnc: string): Promise<void> {
    await this.uow.manager
      .getRepository(UserEntity)
      .update({ id: userId }, { totpPendingEnc: pendingEnc });
  }

  /** Confirms the pending secret and replaces the recovery codes, in one transaction. */
  async enable(userId: string, secretEnc: string, codeHashes: readonly string[]): Promise<void> {
    await this.uow.run(async ({ manager: tx }) => {
      await tx.update(
        UserEntity,
        { id: userId },
        { totpSecretEnc: secretEnc, totpPendingEnc: null, totpEnabled: true },
      );
      await tx.delete(RecoveryCodeEntity, { userId });
      await tx.insert(
        RecoveryCodeEntity,
        codeHashes.map((codeHash) => ({ userId, codeHash })),
      );
    });
  }

  async disable(userId: string): Promise<void> {
    await this.uow.run(async ({ manager: tx }) => {
      await tx.update(
        UserEntity,
        { id: userId },
        { totpSecretEnc: null, totpPendingEnc: null, totpEnabled: false },
      );
      await tx.delete(RecoveryCodeEntity, { userId });
    });
  }
}
