import { AppSecrets } from '@hyperion/api/core';
import { SOCKET_AUTHENTICATOR } from '@hyperion/api/realtime';
import { Global, Module } from '@nestjs/common';
import { APP_GUARD, APP_INTERCEPTOR } from '@nestjs/core';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';

import { ApiKeysController } from './api-keys/api-keys.controller';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { ApiKeysService } from './api-keys/api-keys.service';
import { AUTH_ENTITIES } from './entities';
import { ActorResolver } from './guards/actor-resolver.service';
import { AuthGuard } from './guards/auth.guard';
import { CredentialAudit } from './guards/credential-failure';
import { JwtPassportGuard, JwtStrategy } from './guards/jwt.strategy';
import { AccessTokenSocketAuthenticator } from './guards/socket-authenticator';
import { LockoutService } from './lockout/lockout.service';
import { LoginAttemptsRepository } from './lockout/login-attempts.repository';
import { SignInGate } from './lockout/sign-in-gate';
import { AccountService } from './login/account.service';
import { AuthController } from './login/auth.controller';
import { LoginService } from './login/login.service';
import { PasswordHasher } from './passwords/password-hasher.service';
import { PasswordStrength } from './passwords/password-strength.service';
import { OrganizationsController } from './platform/organizations.controller';
import { OrganizationsRepository } from './platform/organizations.repository';
import { OrganizationsService } from './platform/organizations.service';
import { AccessRevocation } from './principals/access-revocation.service';
import { PrincipalCache } from './principals/principal-cache';
import { RolesController } from './roles/roles.controller';
import { RolesRepository } from './roles/roles.repository';
import { RolesService } from './roles/roles.service';
import { IdentitySeeder } from './seeding/identity-seeder.service';
import { AuthThrottlingModule } from './throttling/auth-throttling.module';
import { RetryAfterInterceptor } from './throttling/retry-later';
import { SignInShedder } from './throttling/sign-in-shedder';
import { AccessTokens } from './tokens/access-tokens.service';
import { MySessionsService } from './tokens/my-sessions.service';
import { RefreshTokensRepository } from './tokens/refresh-tokens.repository';
import { SessionsController } from './tokens/sessions.controller';
import { SessionsService } from './tokens/sessions.service';
import { ChallengeRedemptions } from './two-factor/challenge-redemptions.repository';
import { TotpReplayGuard } from './two-factor/totp-replay-guard';
import { TwoFactorCodes } from './two-factor/two-factor-codes.service';
import { TwoFactorRepository } from './two-factor/two-factor.repository';
import { TwoFactorService } from './two-factor/two-factor.service';
import { AccountScope } from './users/account-scope';
import { MemberAccountsService } from './users/member-accounts.service';
import { MembershipsRepository } from './users/memberships.repository';
import { UsersController } from './users/users.controller';
import { UsersRepository } from './users/users.repository';
import { UsersService } from './users/users.service';

/**
 * Identity and access: users, roles, sessions (JWT + rotating refresh tokens), TOTP 2FA,
 * lockout, API keys, and the global guard that authenticates and authorizes every route.
 * Global so the realtime gateway gets SOCKET_AUTHENTICATOR without importing this library.
 */
@Global()
@Module({
  imports: [
    PassportModule,
    TypeOrmModule.forFeature(AUTH_ENTITIES),
    JwtModule.registerAsync({
      inject: [AppSecrets],
      useFactory: (secrets: AppSecrets) => ({
        secret: secrets.jwtSecret,
        signOptions: { algorithm: 'HS256', issuer: 'hyperion' },
        verifyOptions: { algorithms: ['HS256'], issuer: 'hyperion' },
      }),
    }),
    AuthThrottlingModule,
  ],
  controllers: [
    AuthController,
    SessionsController,
    UsersController,
    RolesController,
    ApiKeysController,
    OrganizationsController,
  ],
  providers: [
    PrincipalCache,
    AccessRevocation,
    OrganizationsRepository,
    OrganizationsService,
    MembershipsRepository,
    UsersRepository,
    RolesRepository,
    RefreshTokensRepository,
    TotpReplayGuard,
    TwoFactorRepository,
    ApiKeysRepository,
    AccessTokens,
    SessionsService,
    MySessionsService,
    LoginAttemptsRepository,
    SignInGate,
    LockoutService,
    PasswordHasher,
    PasswordStrength,
    ChallengeRedemptions,
    TwoFactorCodes,
    AccountScope,
    MemberAccountsService,
    LoginService,
    AccountService,
    TwoFactorService,
    UsersService,
    RolesService,
    ApiKeysService,
    ActorResolver,
    IdentitySeeder,
    JwtStrategy,
    JwtPassportGuard,
    CredentialAudit,
    SignInShedder,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_INTERCEPTOR, useClass: RetryAfterInterceptor },
    { provide: SOCKET_AUTHENTICATOR, useClass: AccessTokenSocketAuthenticator },
  ],
  exports: [SOCKET_AUTHENTICATOR, ActorResolver, CredentialAudit],
})
export class AuthModule {}
