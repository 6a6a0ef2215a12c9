import { Actor, UnitOfWork } from '@hyperion/api/core';
import { ForbiddenException, Injectable } from '@nestjs/common';

/**
 * What an organisation's administrator may do to an account as a whole (its status, email,
 * password, 2FA): such a change reaches every organisation the account belongs to, so it is for
 * accounts that belong to this organisation only, unless a platform administrator makes it.
 */
@Injectable()
export class AccountScope {
  constructor(private readonly uow: UnitOfWork) {}

  /** 403 (naming `field`) when the account also belongs to other organisations. */
  async assertAccountIsOurs(actor: Actor, userId: string, field: string): Promise<void> {
    if (actor.permissions.includes('platform:admin')) return;
    const [{ count }] = await this.uow.run(
      (tx) =>
        tx.manager.query(
          `SELECT count(*)::int AS count FROM membership WHERE user_id = $1 AND organization_id <> $2`,
          [userId, actor.organizationId],
        ) as Promise<{ count: number }[]>,
      { organizationId: null, platform: true, independent: true },
    );
    if (count > 0) {
      throw new ForbiddenException(
        `${field}: this account belongs to other organisations too; a platform administrator can change it`,
      );
    }
  }
}
