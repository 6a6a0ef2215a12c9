import { AuditService } from '@hyperion/api/audit';
import { RequestContext, UnitOfWork } from '@hyperion/api/core';
import type { LoginResponse, TokenPair } from '@hyperion/contracts';
import {
  ForbiddenException,
  Injectable,
  OnModuleInit,
  UnauthorizedException,
} from '@nestjs/common';

import { UserEntity } from '../entities/user.entity';
import { LockoutService, LoginStage } from '../lockout/lockout.service';
import { hashSecret, randomPassword, verifySecret } from '../passwords/passwords';
import { AccessTokens } from '../tokens/access-tokens.service';
import { SessionsService } from '../tokens/sessions.service';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { homeOrganization, MembershipsRepository } from '../users/memberships.repository';
import { UsersRepository } from '../users/users.repository';
import { LoginDto, TwoFactorLoginDto } from './dto/login.dto';

const INVALID_CREDENTIALS = 'Invalid credentials';
const INVALID_CHALLENGE = 'Invalid or expired challenge; log in again';

/** Password login, then the second factor for 2FA users; the session opens in the user's home organisation. */
@Injectable()
export class LoginService implements OnModuleInit {
  /** Verified against when the user does not exist, so timing does not tell. */
  private dummyHash = '';

  constructor(
    private readonly users: UsersRepository,
    private readonly memberships: MembershipsRepository,
    private readonly lockout: LockoutService,
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionsService,
    private readonly twoFactor: TwoFactorService,
    private readonly audit: AuditService,
    private readonly uow: UnitOfWork,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hashSecret(randomPassword(24));
  }

  async login(dto: LoginDto): Promise<LoginResponse> {
    const attempted = dto.username ?? dto.email ?? '';
    const found = await this.find(() => this.users.findForLogin(dto));
    if (!found) {
      await verifySecret(this.dummyHash, dto.password);
      await this.audit.record({
        actor: null,
        actorName: attempted,
        action: 'failed_login',
        result: 'failure',
        details: { stage: 'password', reason: 'unknown user' },
        organizationId: null,
      });
      throw new UnauthorizedException(INVALID_CREDENTIALS);
    }
    const { user, home } = found;
    return RequestContext.fork({ organizationId: home }, async () => {
      await this.lockout.assertNotLocked(user, 'password');
      if (!(await verifySecret(user.passwordHash, dto.password))) {
        await this.lockout.recordFailure(user, 'password');
        throw new UnauthorizedException(INVALID_CREDENTIALS);
      }
      await this.assertCanSignIn(user, home, 'password');
      if (user.totpEnabled) {
        return { twoFactorRequired: true, challenge: await this.tokens.signChallenge(user.id) };
      }
      return this.sessions.start(user, home, { method: 'password' });
    });
  }

  async completeTwoFactor(dto: TwoFactorLoginDto): Promise<TokenPair> {
    const userId = await this.tokens.verifyChallenge(dto.challenge);
    const found = userId ? await this.find(() => this.users.findById(userId)) : null;
    if (!found || !found.user.totpEnabled) throw new UnauthorizedException(INVALID_CHALLENGE);
    const { user, home } = found;
    return RequestContext.fork({ organizationId: home }, async () => {
      await this.lockout.assertNotLocked(user, '2fa');
      await this.assertCanSignIn(user, home, '2fa');
      const method = await this.twoFactor.verifyLoginCode(user, dto.code);
      if (!method) {
        await this.lockout.recordFailure(user, '2fa');
        throw new UnauthorizedException('Invalid code');
      }
      return this.sessions.start(user, home, { method: `password+${method}` });
    });
  }

  /** The account and the organisation a session of it opens in (its entries go there too). */
  private async find(
    lookup: () => Promise<UserEntity | null>,
  ): Promise<{ user: UserEntity; home: string | null } | null> {
    return this.uow.run(
      async (tx) => {
        const user = await lookup();
        if (!user) return null;
        await tx.manager.query(`SELECT set_config('hyperion.user_id', $1, true)`, [user.id]);
        return { user, home: homeOrganization(await this.memberships.ofUser(user.id)) };
      },
      { organizationId: null, independent: true },
    );
  }

  private async assertCanSignIn(user: UserEntity, home: string | null, stage: LoginStage) {
    const reason =
      user.status !== 'active'
        ? 'disabled'
        : !home && !user.platformAdmin
          ? 'no organisation'
          : null;
    if (!reason) return;
    await this.audit.record({
      actor: null,
      actorName: user.username,
      action: 'failed_login',
      target: `user:${user.id}`,
      result: 'failure',
      details: { stage, reason },
    });
    throw new ForbiddenException(
      reason === 'disabled'
        ? 'Account is disabled'
        : 'Your account does not belong to any organisation; ask an administrator to add you',
    );
  }
}
