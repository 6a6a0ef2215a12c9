import { AuditService } from '@hyperion/api/audit';
import { RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { LoginResponse } from '@hyperion/contracts';
import {
  ForbiddenException,
  Injectable,
  OnModuleInit,
  UnauthorizedException,
} from '@nestjs/common';

import { UserEntity } from '../entities/user.entity';
import { LockoutService, LockoutSubject, LoginStage } from '../lockout/lockout.service';
import { SignInGate } from '../lockout/sign-in-gate';
import { HashingPass, PasswordHasher } from '../passwords/password-hasher.service';
import { hashSecret, randomPassword } from '../passwords/passwords';
import { AccessTokens } from '../tokens/access-tokens.service';
import { IssuedTokens } from '../tokens/refresh-cookie';
import { SessionsService } from '../tokens/sessions.service';
import { TwoFactorCodes } from '../two-factor/two-factor-codes.service';
import { homeOrganization, MembershipsRepository } from '../users/memberships.repository';
import { UsersRepository } from '../users/users.repository';
import { LoginDto, TwoFactorLoginDto } from './dto/login.dto';

const INVALID_CREDENTIALS = 'Invalid credentials';
const INVALID_CHALLENGE = 'Invalid or expired challenge; log in again';
const INVALID_CODE = 'Invalid code';

/**
 * Password login, then the second factor for 2FA users; the session opens in the user's home
 * organisation. Every guess first takes a place in the lockout counter (of the account, or of the
 * login as typed when it names none, so both answer alike), then waits for a hashing slot: no
 * database connection is held while argon2 runs.
 */
@Injectable()
export class LoginService implements OnModuleInit {
  /** Verified against when the user does not exist, so timing does not tell. */
  private dummyHash = '';

  constructor(
    private readonly users: UsersRepository,
    private readonly memberships: MembershipsRepository,
    private readonly lockout: LockoutService,
    private readonly hasher: PasswordHasher,
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionsService,
    private readonly codes: TwoFactorCodes,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
    private readonly gate: SignInGate,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hashSecret(randomPassword(24));
  }

  /**
   * 401 "Invalid credentials" for an unknown login, a wrong password and a disabled account
   * alike (right password or not); 423 with Retry-After once locked; 503 when too many
   * passwords are being checked.
   */
  async login(dto: LoginDto): Promise<LoginResponse> {
    const attempted = dto.username ?? dto.email ?? '';
    return this.hasher.with(async (pass) => {
      const found = await this.find(() => this.users.findForLogin(dto));
      const subject = found
        ? LockoutService.accountSubject(found.user, found.home)
        : LockoutService.loginSubject(attempted);
      return RequestContext.fork({ organizationId: subject.organizationId }, async () => {
        await this.lockout.reserve(subject, 'password');
        const right = await pass.verify(found?.user.passwordHash ?? this.dummyHash, dto.password);
        if (!found || !right || found.user.status !== 'active') {
          const reason = !found ? 'unknown user' : !right ? 'invalid' : 'disabled';
          await this.lockout.fail(subject, 'password', reason);
          throw new UnauthorizedException(INVALID_CREDENTIALS);
        }
        const { user, home } = found;
        await this.assertHasOrganization(user, home, subject, 'password');
        if (user.totpEnabled) {
          // The password alone opens nothing: its place is given back, the code takes another.
          await this.lockout.release(subject);
          return { twoFactorRequired: true, challenge: await this.tokens.signChallenge(user.id) };
        }
        await this.lockout.succeed(subject);
        return this.gate.run(() => this.sessions.start(user, home, { method: 'password' }));
      });
    });
  }

  /** The challenge of a 2FA login and a code: a session, once per challenge. */
  async completeTwoFactor(dto: TwoFactorLoginDto): Promise<IssuedTokens> {
    const userId = await this.tokens.verifyChallenge(dto.challenge);
    if (!userId) throw new UnauthorizedException(INVALID_CHALLENGE);
    return this.hasher.with(async (pass) => {
      const found = await this.find(() => this.users.findById(userId));
      if (!found || !found.user.totpEnabled) throw new UnauthorizedException(INVALID_CHALLENGE);
      const { user, home } = found;
      const subject = LockoutService.accountSubject(user, home);
      return RequestContext.fork({ organizationId: home }, async () => {
        await this.lockout.reserve(subject, '2fa');
        if (user.status !== 'active') {
          await this.lockout.fail(subject, '2fa', 'disabled');
          throw new UnauthorizedException(INVALID_CHALLENGE);
        }
        await this.assertHasOrganization(user, home, subject, '2fa');
        return this.redeem(user, home, subject, dto, pass);
      });
    });
  }

  private async redeem(
    user: UserEntity,
    home: string | null,
    subject: LockoutSubject,
    dto: TwoFactorLoginDto,
    pass: HashingPass,
  ): Promise<IssuedTokens> {
    const match = await this.codes.match(user, dto.code, pass);
    if (!match) {
      await this.lockout.fail(subject, '2fa', 'invalid');
      throw new UnauthorizedException(INVALID_CODE);
    }
    const redemption = await this.gate.run(() =>
      this.codes.redeemLogin(user, dto.challenge, match, home),
    );
    if (redemption === 'code_used') {
      // A code already spent (a replay): a wrong code.
      await this.lockout.fail(subject, '2fa', 'code already used');
      throw new UnauthorizedException(INVALID_CODE);
    }
    if (redemption === 'challenge_used') {
      await this.lockout.release(subject);
      throw new UnauthorizedException(INVALID_CHALLENGE);
    }
    await this.lockout.succeed(subject);
    return this.gate.run(() =>
      this.sessions.start(user, home, { method: `password+${match.kind}` }),
    );
  }

  /** The account and the organisation a session of it opens in (its entries go there too). */
  private async find(
    lookup: () => Promise<UserEntity | null>,
  ): Promise<{ user: UserEntity; home: string | null } | null> {
    return this.gate.run(() =>
      this.uow.run(
        async (tx) => {
          const user = await lookup();
          if (!user) return null;
          await tx.manager.query(`SELECT set_config('hyperion.user_id', $1, true)`, [user.id]);
          return { user, home: homeOrganization(await this.memberships.ofUser(user.id)) };
        },
        { organizationId: null, independent: true },
      ),
    );
  }

  /**
   * 403 for an active account (right password) that belongs to no enabled organisation and is
   * no platform administrator: nothing to sign in to. The guess was right, so it is not counted.
   */
  private async assertHasOrganization(
    user: UserEntity,
    home: string | null,
    subject: LockoutSubject,
    stage: LoginStage,
  ): Promise<void> {
    if (home || user.platformAdmin) return;
    await this.lockout.release(subject);
    await this.audit.record({
      actor: null,
      actorName: user.username,
      action: 'failed_login',
      target: `user:${user.id}`,
      result: 'failure',
      details: { stage, reason: 'no organisation' },
    });
    throw new ForbiddenException(
      'Your account does not belong to any organisation; ask an administrator to add you',
    );
  }
}
