import { UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';
import { IsNull, Repository } from 'typeorm';

import { RecoveryCodeEntity } from '../entities/recovery-code.entity';

/**
 * Recovery codes (the TOTP columns of the account are UsersRepository's). Inside the caller's
 * unit of work, so enabling 2FA and storing its codes commit together.
 */
@Injectable()
export class TwoFactorRepository {
  constructor(private readonly uow: UnitOfWork) {}

  private get codes(): Repository<RecoveryCodeEntity> {
    return this.uow.manager.getRepository(RecoveryCodeEntity);
  }

  unusedCodes(userId: string): Promise<RecoveryCodeEntity[]> {
    return this.codes.findBy({ userId, usedAt: IsNull() });
  }

  /** How many of the user's recovery codes are still unused. */
  countUnused(userId: string): Promise<number> {
    return this.codes.countBy({ userId, usedAt: IsNull() });
  }

  /** True when this call used the code (false if it was used meanwhile). */
  async markUsed(id: string): Promise<boolean> {
    const result = await this.codes.update({ id, usedAt: IsNull() }, { usedAt: new Date() });
    return result.affected === 1;
  }

  /** Replaces every recovery code of the user (none when `codeHashes` is empty). */
  async replace(userId: string, codeHashes: readonly string[]): Promise<void> {
    await this.codes.delete({ userId });
    if (codeHashes.length > 0) {
      await this.codes.insert(codeHashes.map((codeHash) => ({ userId, codeHash })));
    }
  }
}
