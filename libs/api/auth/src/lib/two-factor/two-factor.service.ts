import { AuditService } from '@hyperion/api/audit';
import { Actor, SecretBox, UnitOfWork } from '@hyperion/api/core';
import type {
  AuditAction,
  RecoveryCodes,
  TwoFactorConfirmRequest,
  TwoFactorSetup,
  TwoFactorSetupRequest,
} from '@hyperion/contracts';
import {
  BadRequestException,
  ForbiddenException,
  Injectable,
  NotFoundException,
} from '@nestjs/common';
import * as QRCode from 'qrcode';

import { UserEntity } from '../entities/user.entity';
import { LockoutService, LockoutSubject, LoginStage } from '../lockout/lockout.service';
import { HashingPass, PasswordHasher } from '../passwords/password-hasher.service';
import { PrincipalCache } from '../principals/principal-cache';
import { userTarget } from '../users/user-actor';
import { UsersRepository } from '../users/users.repository';
import { generateRecoveryCodes } from './recovery-codes';
import { generateTotpSecret, normalizeTotpCode, otpauthUrl, verifyTotp } from './totp';
import { CodeMatch, totpContext, TwoFactorCodes } from './two-factor-codes.service';
import { TwoFactorRepository } from './two-factor.repository';

const WRONG_CODE =
  'code must be a current code of your authenticator app or one of your unused recovery codes';

/**
 * The caller's own 2FA: set up (a pending secret), enable (confirmed with a code of it, which
 * also replaces an enabled one), disable, new recovery codes. While 2FA is on, every change needs
 * the password and a fresh code (a TOTP code not used before, or an unused recovery code), and
 * its guesses count towards the account's lockout like sign-in guesses.
 */
@Injectable()
export class TwoFactorService {
  constructor(
    private readonly repository: TwoFactorRepository,
    private readonly users: UsersRepository,
    private readonly codes: TwoFactorCodes,
    private readonly lockout: LockoutService,
    private readonly hasher: PasswordHasher,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    private readonly cache: PrincipalCache,
  ) {}

  /**
   * A new pending secret; 2FA uses it only once `enable` confirms a code from it. While 2FA is on
   * (a new phone), the password and a fresh code are required: after signing in with a recovery
   * code, another recovery code does.
   */
  async setup(actor: Actor, dto: TwoFactorSetupRequest): Promise<TwoFactorSetup> {
    const user = await this.currentUser(actor);
    const confirmed = user.totpEnabled
      ? await this.hasher.with((pass) =>
          this.confirm(actor, user, dto, { stage: '2fa_reenrol', action: '2fa_setup', pass }),
        )
      : null;
    const secret = generateTotpSecret();
    await this.uow.run(async (tx) => {
      if (confirmed) await this.codes.useRecoveryCode(tx, user, confirmed.match);
      await this.users.update(user.id, {
        totpPendingEnc: this.box.encrypt(secret, totpContext(user.id)),
      });
      await tx.audit({
        action: '2fa_setup',
        target: userTarget(user.id),
        result: 'success',
        details: { step: 'secret created', replacing: user.totpEnabled },
      });
    });
    if (confirmed) await this.lockout.succeed(confirmed.subject);
    const url = otpauthUrl(secret, user.username);
    return { otpauthUrl: url, qrCodeDataUrl: await QRCode.toDataURL(url), secret };
  }

  /** Turns 2FA on with the pending secret (replacing the current one), with ten new recovery codes. */
  async enable(actor: Actor, code: string): Promise<RecoveryCodes> {
    const user = await this.currentUser(actor);
    if (!user.totpPendingEnc) {
      throw new BadRequestException('Start with POST /api/v1/auth/2fa/setup');
    }
    const secret = this.box.decrypt(user.totpPendingEnc, totpContext(user.id));
    const totp = normalizeTotpCode(code);
    if (!totp || !verifyTotp(secret, totp)) {
      await this.audit.record({
        action: '2fa_setup',
        target: userTarget(user.id),
        result: 'failure',
        details: { step: 'enable', reason: 'invalid code' },
      });
      throw new BadRequestException('code is not valid for this secret');
    }
    const { recoveryCodes, hashes } = await this.newRecoveryCodes();
    await this.uow.run(async (tx) => {
      await this.users.update(user.id, {
        totpSecretEnc: this.box.encrypt(secret, totpContext(user.id)),
        totpPendingEnc: null,
        totpEnabled: true,
      });
      await this.repository.replace(user.id, hashes);
      await tx.audit({
        action: '2fa_setup',
        target: userTarget(user.id),
        result: 'success',
        details: {
          step: 'enabled',
          recoveryCodes: recoveryCodes.length,
          replaced: user.totpEnabled,
        },
      });
      tx.afterCommit(() => this.cache.invalidate({ user: user.id }));
    });
    return { recoveryCodes };
  }

  /** Turns 2FA off: the password and a fresh code. */
  async disable(actor: Actor, dto: TwoFactorConfirmRequest): Promise<void> {
    const user = await this.enabledUser(actor);
    const { match, subject } = await this.hasher.with((pass) =>
      this.confirm(actor, user, dto, { stage: '2fa_disable', action: '2fa_disable', pass }),
    );
    await this.uow.run(async (tx) => {
      await this.codes.useRecoveryCode(tx, user, match);
      await this.users.update(user.id, {
        totpSecretEnc: null,
        totpPendingEnc: null,
        totpEnabled: false,
      });
      await this.repository.replace(user.id, []);
      await tx.audit({ action: '2fa_disable', target: userTarget(user.id), result: 'success' });
      tx.afterCommit(() => this.cache.invalidate({ user: user.id }));
    });
    await this.lockout.succeed(subject);
  }

  /** Ten new recovery codes (the old ones stop working): the password and a fresh code. */
  async regenerateRecoveryCodes(
    actor: Actor,
    dto: TwoFactorConfirmRequest,
  ): Promise<RecoveryCodes> {
    const user = await this.enabledUser(actor);
    const { confirmed, recoveryCodes, hashes } = await this.hasher.with(async (pass) => {
      const confirmed = await this.confirm(actor, user, dto, {
        stage: 'recovery_codes',
        action: 'recovery_codes_regenerated',
        pass,
      });
      return { confirmed, ...(await this.newRecoveryCodes(pass)) };
    });
    await this.uow.run(async (tx) => {
      await this.codes.useRecoveryCode(tx, user, confirmed.match);
      await this.repository.replace(user.id, hashes);
      await tx.audit({
        action: 'recovery_codes_regenerated',
        target: userTarget(user.id),
        result: 'success',
        details: { recoveryCodes: recoveryCodes.length },
      });
      tx.afterCommit(() => this.cache.invalidate({ user: user.id }));
    });
    await this.lockout.succeed(confirmed.subject);
    return { recoveryCodes };
  }

  /**
   * The password and a fresh code, counted by the account's lockout (423 when locked). Uses a
   * TOTP code up at once; a recovery code is used up by the caller's transaction.
   */
  private async confirm(
    actor: Actor,
    user: UserEntity,
    dto: TwoFactorSetupRequest,
    how: { stage: LoginStage; action: AuditAction; pass: HashingPass },
  ): Promise<{ match: CodeMatch; subject: LockoutSubject }> {
    if (!dto.password || !dto.code) {
      throw new BadRequestException(
        'password and code are required while two-factor authentication is on: your password and a current code of your authenticator app or an unused recovery code',
      );
    }
    const subject = LockoutService.accountSubject(user, actor.organizationId);
    await this.lockout.reserve(subject, how.stage);
    const refuse = async (reason: string, message: string): Promise<never> => {
      await this.lockout.fail(subject, how.stage, reason);
      await this.audit.record({
        action: how.action,
        target: userTarget(user.id),
        result: 'failure',
        details: { reason },
      });
      throw new BadRequestException(message);
    };
    if (!(await how.pass.verify(user.passwordHash, dto.password))) {
      return refuse('wrong password', 'password is not correct');
    }
    const match = await this.codes.match(user, dto.code, how.pass);
    if (!match) return refuse('invalid code', WRONG_CODE);
    if (!(await this.codes.claimTotp(user, match))) {
      return refuse(
        'code already used',
        'code was already used: wait for the next code of your authenticator app',
      );
    }
    return { match, subject };
  }

  private async newRecoveryCodes(pass?: HashingPass) {
    const recoveryCodes = generateRecoveryCodes();
    const hashAll = async (p: HashingPass) => {
      const hashes: string[] = [];
      for (const code of recoveryCodes) hashes.push(await p.hash(code));
      return hashes;
    };
    const hashes = pass ? await hashAll(pass) : await this.hasher.with(hashAll);
    return { recoveryCodes, hashes };
  }

  private async enabledUser(actor: Actor): Promise<UserEntity> {
    const user = await this.currentUser(actor);
    if (!user.totpEnabled || !user.totpSecretEnc) {
      throw new BadRequestException('Two-factor authentication is not enabled');
    }
    return user;
  }

  private async currentUser(actor: Actor): Promise<UserEntity> {
    if (actor.type !== 'user') throw new ForbiddenException('Only users have two-factor settings');
    const user = await this.uow.run(() => this.users.findById(actor.id));
    if (!user) throw new NotFoundException('User not found');
    return user;
  }
}
