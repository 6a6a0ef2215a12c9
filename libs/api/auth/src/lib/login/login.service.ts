import { AuditService } from '@hyperion/api/audit';
import { RequestMeta } from '@hyperion/api/core';
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
import { UsersRepository } from '../users/users.repository';
import { LoginDto, TwoFactorLoginDto } from './dto/login.dto';

const INVALID_CREDENTIALS = 'Invalid credentials';
const INVALID_CHALLENGE = 'Invalid or expired challenge; log in again';

/** Password login, then the second factor for 2FA users. */
@Injectable()
export class LoginService implements OnModuleInit {
  /** Verified against when the user does not exist, so timing does not tell. */
  private dummyHash = '';

  constructor(
    private readonly users: UsersRepository,
    private readonly lockout: LockoutService,
    private readonly tokens: AccessTokens,
    private readonly sessions: SessionsService,
    private readonly twoFactor: TwoFactorService,
    private readonly audit: AuditService,
  ) {}

  async onModuleInit(): Promise<void> {
    this.dummyHash = await hashSecret(randomPassword(24));
  }

  async login(dto: LoginDto, meta: RequestMeta): Promise<LoginResponse> {
    const attempted = dto.username ?? dto.email ?? '';
    const user = await this.users.findForLogin(dto);
    if (!user) {
      await verifySecret(this.dummyHash, dto.password);
      await this.audit.record({
        actor: null,
        actorName: attempted,
        action: 'failed_login',
        result: 'failure',
        details: { stage: 'password', reason: 'unknown user' },
        meta,
      });
      throw new UnauthorizedException(INVALID_CREDENTIALS);
    }
    await this.lockout.assertNotLocked(user, 'password', meta);
    if (!(await verifySecret(user.passwordHash, dto.password))) {
      await this.lockout.recordFailure(user, 'password', meta);
      throw new UnauthorizedException(INVALID_CREDENTIALS);
    }
    await this.assertActive(user, 'password', meta);
    if (user.totpEnabled) {
      return { twoFactorRequired: true, challenge: await this.tokens.signChallenge(user.id) };
    }
    return this.sessions.start(user, meta, { method: 'password' });
  }

  async completeTwoFactor(dto: TwoFactorLoginDto, meta: RequestMeta): Promise<TokenPair> {
    const userId = await this.tokens.verifyChallenge(dto.challenge);
    const user = userId ? await this.users.findById(userId) : null;
    if (!user || !user.totpEnabled) throw new UnauthorizedException(INVALID_CHALLENGE);
    await this.lockout.assertNotLocked(user, '2fa', meta);
    await this.assertActive(user, '2fa', meta);
    const method = await this.twoFactor.verifyLoginCode(user, dto.code, meta);
    if (!method) {
      await this.lockout.recordFailure(user, '2fa', meta);
      throw new UnauthorizedException('Invalid code');
    }
    return this.sessions.start(user, meta, { method: `password+${method}` });
  }

  private async assertActive(user: UserEntity, stage: LoginStage, meta: RequestMeta) {
    if (user.status === 'active') return;
    await this.audit.record({
      actor: null,
      actorName: user.username,
      action: 'failed_login',
      target: `user:${user.id}`,
      result: 'failure',
      details: { stage, reason: 'disabled' },
      meta,
    });
    throw new ForbiddenException('Account is disabled');
  }
}
