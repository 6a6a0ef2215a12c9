import { SecretBox, Tx, UnitOfWork } from '@hyperion/api/core';
import { BadRequestException, Injectable } from '@nestjs/common';

import { UserEntity } from '../entities/user.entity';
import { HashingPass } from '../passwords/password-hasher.service';
import { AccessTokens } from '../tokens/access-tokens.service';
import { userActor, userTarget } from '../users/user-actor';
import { ChallengeRedemptions } from './challenge-redemptions.repository';
import { normalizeRecoveryCode } from './recovery-codes';
import { normalizeTotpCode, verifyTotp } from './totp';
import { TotpReplayGuard } from './totp-replay-guard';
import { TwoFactorRepository } from './two-factor.repository';

/** A code that is right for the account (not yet used up). */
export type CodeMatch =
  | { kind: 'totp'; code: string }
  | { kind: 'recovery_code'; id: string; remaining: number };

export type Redemption = 'ok' | 'code_used' | 'challenge_used';

/** Rolls back a redemption whose recovery code was used meanwhile. */
class CodeUsedMeanwhile extends Error {}

/** TOTP secrets are sealed with SecretBox (AES-256-GCM), bound to the user by associated data. */
export const totpContext = (userId: string) => `totp:${userId}`;

/**
 * Second-factor codes: checking one (no side effect), then using it up, once: a TOTP code is
 * remembered until it can no longer be valid (TotpReplayGuard) so a code spent on a login cannot
 * disable 2FA, and a recovery code is marked used in the same transaction as what it allowed.
 */
@Injectable()
export class TwoFactorCodes {
  constructor(
    private readonly repository: TwoFactorRepository,
    private readonly redemptions: ChallengeRedemptions,
    private readonly replay: TotpReplayGuard,
    private readonly tokens: AccessTokens,
    private readonly box: SecretBox,
    private readonly uow: UnitOfWork,
  ) {}

  /**
   * Whether `code` is a current TOTP code of the account or one of its unused recovery codes
   * (checked through `pass`: recovery codes are argon2 hashes). Uses nothing up.
   */
  async match(user: UserEntity, code: string, pass: HashingPass): Promise<CodeMatch | null> {
    const totp = normalizeTotpCode(code);
    if (totp) return verifyTotp(this.secretOf(user), totp) ? { kind: 'totp', code: totp } : null;
    const recovery = normalizeRecoveryCode(code);
    if (!recovery) return null;
    const unused = await this.uow.run(() => this.repository.unusedCodes(user.id), {
      userId: user.id,
    });
    for (const stored of unused) {
      if (await pass.verify(stored.codeHash, recovery)) {
        return { kind: 'recovery_code', id: stored.id, remaining: unused.length - 1 };
      }
    }
    return null;
  }

  /** Uses a matched TOTP code up; false when it was already used (a replay). */
  claimTotp(user: UserEntity, match: CodeMatch): Promise<boolean> {
    return match.kind === 'totp' ? this.replay.claim(user.id, match.code) : Promise.resolve(true);
  }

  /**
   * Uses a matched recovery code up inside `tx` (audited `recovery_code_used`); 400 when it was
   * used meanwhile, which rolls `tx` back.
   */
  async useRecoveryCode(tx: Tx, user: UserEntity, match: CodeMatch): Promise<void> {
    if (match.kind !== 'recovery_code') return;
    if (!(await this.repository.markUsed(match.id))) {
      throw new BadRequestException('code: this recovery code was already used');
    }
    await tx.audit({
      action: 'recovery_code_used',
      target: userTarget(user.id),
      result: 'success',
      details: { remaining: match.remaining },
    });
  }

  /**
   * Redeems a login's challenge with a matched code, once each: the first redemption of the
   * challenge wins, even among parallel ones with different valid codes.
   */
  async redeemLogin(
    user: UserEntity,
    challenge: string,
    match: CodeMatch,
    organizationId: string | null,
  ): Promise<Redemption> {
    if (!(await this.claimTotp(user, match))) return 'code_used';
    const expiresAt = this.tokens.expiresAt(challenge) ?? new Date(Date.now() + 3_600_000);
    try {
      return await this.uow.run(
        async (tx) => {
          if (!(await this.redemptions.claim(challenge, user.id, expiresAt))) {
            return 'challenge_used' as const;
          }
          if (match.kind === 'recovery_code') {
            if (!(await this.repository.markUsed(match.id))) throw new CodeUsedMeanwhile();
            await tx.audit({
              actor: userActor(user, organizationId),
              action: 'recovery_code_used',
              target: userTarget(user.id),
              result: 'success',
              details: { remaining: match.remaining },
            });
          }
          return 'ok' as const;
        },
        { organizationId, platform: organizationId === null, userId: user.id, independent: true },
      );
    } catch (error) {
      if (error instanceof CodeUsedMeanwhile) return 'code_used';
      throw error;
    }
  }

  remaining(userId: string): Promise<number> {
    return this.repository.countUnused(userId);
  }

  secretOf(user: UserEntity): string {
    if (!user.totpSecretEnc) {
      throw new BadRequestException('Two-factor authentication is not enabled');
    }
    return this.box.decrypt(user.totpSecretEnc, totpContext(user.id));
  }
}
