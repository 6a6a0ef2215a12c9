import { AuditService } from '@hyperion/api/audit';
import { Actor, SecretBox, UnitOfWork } from '@hyperion/api/core';
import type { RecoveryCodes, TwoFactorSetup } from '@hyperion/contracts';
import {
  BadRequestException,
  ConflictException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import * as QRCode from 'qrcode';

import { UserEntity } from '../entities/user.entity';
import { hashSecret, verifySecret } from '../passwords/passwords';
import { PrincipalCache } from '../principals/principal-cache';
import { userActor, userTarget } from '../users/user-actor';
import { UsersRepository } from '../users/users.repository';
import { generateRecoveryCodes, normalizeRecoveryCode } from './recovery-codes';
import { generateTotpSecret, normalizeTotpCode, otpauthUrl, verifyTotp } from './totp';
import { TotpReplayGuard } from './totp-replay-guard';
import { TwoFactorRepository } from './two-factor.repository';

export type SecondFactor = 'totp' | 'recovery_code';

/** TOTP secrets are sealed with SecretBox (AES-256-GCM), bound to the user by associated data. */
const context = (userId: string) => `totp:${userId}`;

@Injectable()
export class TwoFactorService {
  constructor(
    private readonly repository: TwoFactorRepository,
    private readonly users: UsersRepository,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
    private readonly replay: TotpReplayGuard,
    private readonly uow: UnitOfWork,
    private readonly cache: PrincipalCache,
  ) {}

  /** A new pending secret; 2FA is on only once `enable` confirms a code from it. */
  async setup(actor: Actor): Promise<TwoFactorSetup> {
    const user = await this.currentUser(actor);
    if (user.totpEnabled) {
      throw new ConflictException('Two-factor authentication is already enabled');
    }
    const secret = generateTotpSecret();
    await this.uow.run(() =>
      this.users.update(user.id, { totpPendingEnc: this.box.encrypt(secret, context(user.id)) }),
    );
    const url = otpauthUrl(secret, user.username);
    return { otpauthUrl: url, qrCodeDataUrl: await QRCode.toDataURL(url), secret };
  }

  async enable(actor: Actor, code: string): Promise<RecoveryCodes> {
    const user = await this.currentUser(actor);
    if (user.totpEnabled) {
      throw new ConflictException('Two-factor authentication is already enabled');
    }
    if (!user.totpPendingEnc) {
      throw new BadRequestException('Start with POST /api/v1/auth/2fa/setup');
    }
    const secret = this.box.decrypt(user.totpPendingEnc, context(user.id));
    const totp = normalizeTotpCode(code);
    if (!totp || !verifyTotp(secret, totp)) {
      throw new BadRequestException('code is not valid for this secret');
    }
    const recoveryCodes = generateRecoveryCodes();
    const hashes = await Promise.all(recoveryCodes.map((c) => hashSecret(c)));
    await this.uow.run(async (tx) => {
      await this.users.update(user.id, {
        totpSecretEnc: this.box.encrypt(secret, context(user.id)),
        totpPendingEnc: null,
        totpEnabled: true,
      });
      await this.repository.replace(user.id, hashes);
      await tx.audit({
        action: '2fa_setup',
        target: userTarget(user.id),
        result: 'success',
        details: { recoveryCodes: recoveryCodes.length },
      });
      tx.afterCommit(() => this.cache.invalidate({ user: user.id }));
    });
    return { recoveryCodes };
  }

  async disable(actor: Actor, code: string): Promise<void> {
    const user = await this.currentUser(actor);
    if (!user.totpEnabled || !user.totpSecretEnc) {
      throw new BadRequestException('Two-factor authentication is not enabled');
    }
    const totp = normalizeTotpCode(code);
    if (!totp || !verifyTotp(this.secretOf(user), totp)) {
      await this.audit.record({
        actor,
        action: '2fa_disable',
        target: userTarget(user.id),
        result: 'failure',
        details: { reason: 'invalid code' },
      });
      throw new BadRequestException('code must be the current code of your authenticator');
    }
    await this.uow.run(async (tx) => {
      await this.users.update(user.id, {
        totpSecretEnc: null,
        totpPendingEnc: null,
        totpEnabled: false,
      });
      await this.repository.replace(user.id, []);
      await tx.audit({ action: '2fa_disable', target: userTarget(user.id), result: 'success' });
      tx.afterCommit(() => this.cache.invalidate({ user: user.id }));
    });
  }

  /**
   * Checks a login's second factor: a current TOTP code, or an unused recovery code (then used
   * up, and audited). Null when it is neither.
   */
  async verifyLoginCode(user: UserEntity, code: string): Promise<SecondFactor | null> {
    const totp = normalizeTotpCode(code);
    if (totp) {
      if (!verifyTotp(this.secretOf(user), totp)) return null;
      // A code opens one session: a second login with it (replay) is refused.
      return (await this.replay.claim(user.id, totp)) ? 'totp' : null;
    }

    const recovery = normalizeRecoveryCode(code);
    if (!recovery) return null;
    const unused = await this.uow.run(() => this.repository.unusedCodes(user.id), {
      userId: user.id,
    });
    for (const stored of unused) {
      if (!(await verifySecret(stored.codeHash, recovery))) continue;
      if (!(await this.uow.run(() => this.repository.markUsed(stored.id)))) return null;
      await this.audit.record({
        actor: userActor(user),
        action: 'recovery_code_used',
        target: userTarget(user.id),
        result: 'success',
        details: { remaining: unused.length - 1 },
      });
      return 'recovery_code';
    }
    return null;
  }

  private secretOf(user: UserEntity): string {
    if (!user.totpSecretEnc)
      throw new BadRequestException('Two-factor authentication is not enabled');
    return this.box.decrypt(user.totpSecretEnc, context(user.id));
  }

  private async currentUser(actor: Actor): Promise<UserEntity> {
    if (actor.type !== 'user') throw new ForbiddenException('Only users have two-factor settings');
    const user = await this.uow.run(() => this.users.findById(actor.id));
    if (!user) throw new NotFoundException('User not found');
    return user;
  }
}
