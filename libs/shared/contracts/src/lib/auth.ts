import type { ActiveOrganization, MyOrganization } from './organizations';
import type { AnyPermission, Permission } from './permissions';

export type UserStatus = 'active' | 'disabled';

/**
 * Answer of a successful login, 2FA step, refresh or organisation switch. The refresh token is
 * never in the body: it is set as an HttpOnly, SameSite=Strict cookie (`REFRESH_COOKIE`) scoped to
 * `/api/v1/auth`, so a reload or a new tab keeps the session and no script can read it.
 */
export interface TokenPair {
  accessToken: string;
  /** Lifetime of the access token, in seconds. */
  expiresIn: number;
  /** The user must set a new password before anything else (first admin login). */
  mustChangePassword: boolean;
}

/** Answer of a login whose user has 2FA: complete with POST /auth/2fa. */
export interface TwoFactorChallenge {
  twoFactorRequired: true;
  challenge: string;
}

export type LoginResponse = TokenPair | TwoFactorChallenge;

/** Name of the refresh-token cookie (HttpOnly, SameSite=Strict, Path=/api/v1/auth, Secure on HTTPS). */
export const REFRESH_COOKIE = 'hyperion_refresh';

/**
 * Header every cookie-authenticated auth call (refresh, logout) must carry with the value `1`:
 * a cross-site form cannot set it, so the cookie cannot be used by CSRF even where SameSite is not
 * honoured.
 */
export const CSRF_HEADER = 'x-hyperion-csrf';

/** One signed-in session of the current user (a refresh-token family). */
export interface SessionSummary {
  id: string;
  /** ISO 8601. */
  createdAt: string;
  /** ISO 8601, last refresh (or sign-in). */
  lastUsedAt: string;
  /** ISO 8601, when it ends unless refreshed. */
  expiresAt: string;
  organizationId: string | null;
  ip: string | null;
  userAgent: string | null;
  /** How it was opened: password, password+totp, password+recovery_code. */
  method: string | null;
  /** The session making this request. */
  current: boolean;
}

export interface CurrentUser {
  id: string;
  username: string;
  email: string;
  displayName: string;
  /** Roles in the active organisation. */
  roles: string[];
  /** In the active organisation, plus instance-level ones (`platform:admin`). */
  permissions: AnyPermission[];
  twoFactorEnabled: boolean;
  /** Unused recovery codes left (0 when 2FA is off). */
  recoveryCodesRemaining: number;
  mustChangePassword: boolean;
  /** The organisation this session acts in (null: none, for a platform administrator only). */
  organization: ActiveOrganization | null;
  /** Every organisation the user belongs to (the switcher's list). */
  organizations: MyOrganization[];
}

/** `GET /api/v1/auth/whoami`: the caller as the API sees it (a user session or an API key). */
export interface WhoAmI {
  type: 'user' | 'api_key';
  id: string;
  name: string;
  organizationId: string | null;
  permissions: AnyPermission[];
}

export interface TwoFactorSetup {
  /** otpauth://totp/Hyperion:<username>?secret=...&issuer=Hyperion */
  otpauthUrl: string;
  /** The same URI as a PNG QR code, `data:image/png;base64,...`. */
  qrCodeDataUrl: string;
  /** Base32 secret, for manual entry. */
  secret: string;
}

export interface RecoveryCodes {
  /** Shown once; each works once. */
  recoveryCodes: string[];
}

/** A member of the active organisation (the account and its roles there). */
export interface UserSummary {
  id: string;
  username: string;
  email: string;
  displayName: string;
  status: UserStatus;
  /** Roles in the active organisation. */
  roles: string[];
  twoFactorEnabled: boolean;
  createdAt: string;
  /** Holds `platform:admin`. */
  platformAdmin: boolean;
  /** ISO 8601 while sign-in is refused after failed attempts (an admin can unlock); else null. */
  lockedUntil: string | null;
  /** Must set a new password at next sign-in (set by an administrator). */
  mustChangePassword: boolean;
}

/** `GET /api/v1/users?q=&offset=&limit=`: one page of the active organisation's members. */
export interface UserPage {
  items: UserSummary[];
  /** Members matching `q` in all. */
  total: number;
}

export interface UserListQuery {
  /** Matches username, email or display name (case-insensitive, substring). */
  q?: string;
  /** Default 0. */
  offset?: number;
  /** 1 to 200, default 50. */
  limit?: number;
}

export interface RoleSummary {
  id: string;
  name: string;
  description: string;
  permissions: Permission[];
  builtIn: boolean;
}

export interface ApiKeySummary {
  id: string;
  name: string;
  /** First characters of the key, to recognise it. */
  prefix: string;
  permissions: Permission[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey extends ApiKeySummary {
  /** The whole key, shown once: `hyp_<prefix>_<secret>`. */
  key: string;
}

/** Socket.IO handshake: `io(url, { path: SOCKET_PATH, auth: { token: accessToken } })`. */
export interface SocketAuth {
  token: string;
}

export const AUTH_ROUTES = {
  login: '/api/v1/auth/login',
  twoFactor: '/api/v1/auth/2fa',
  refresh: '/api/v1/auth/refresh',
  logout: '/api/v1/auth/logout',
  me: '/api/v1/auth/me',
  whoami: '/api/v1/auth/whoami',
  password: '/api/v1/auth/password',
  twoFactorSetup: '/api/v1/auth/2fa/setup',
  twoFactorEnable: '/api/v1/auth/2fa/enable',
  twoFactorDisable: '/api/v1/auth/2fa/disable',
  /** POST { password, code } → RecoveryCodes: a new set; the old codes stop working. */
  recoveryCodes: '/api/v1/auth/2fa/recovery-codes',
  /** GET → SessionSummary[]; DELETE /:id ends one. */
  sessions: '/api/v1/auth/sessions',
  /** POST → 204: ends every session of the caller except the current one. */
  sessionsRevokeOthers: '/api/v1/auth/sessions/revoke-others',
  users: '/api/v1/users',
  roles: '/api/v1/roles',
  apiKeys: '/api/v1/api-keys',
} as const;

/** Rules both the API's DTOs and the console's forms apply (one place, never written twice). */
export const ACCOUNT_RULES = {
  usernamePattern: /^[a-z0-9][a-z0-9._-]{0,63}$/,
  usernameHint:
    '1 to 64 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit',
  passwordMinLength: 12,
  passwordMaxLength: 128,
  roleNamePattern: /^[a-z][a-z0-9_-]{1,63}$/,
  roleNameHint: '2 to 64 lower-case letters, digits, "_" or "-", starting with a letter',
  totpCodePattern: /^\d{6}$/,
} as const;

// Request bodies. The API validates them with class-validator DTOs that implement these.

/** One of `username` or `email`, and the password. */
export interface LoginRequest {
  username?: string;
  email?: string;
  password: string;
}

export interface TwoFactorLoginRequest {
  challenge: string;
  /** A 6-digit TOTP code, or one of the recovery codes. */
  code: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  /** 12 to 128 characters. */
  newPassword: string;
}

export interface TwoFactorCodeRequest {
  code: string;
}

/**
 * Disable 2FA, regenerate recovery codes, or replace the authenticator while 2FA is on (setup):
 * the password and a fresh code — a current TOTP code not already used, or an unused recovery code
 * (the lost-phone path: sign in with a recovery code, then set up the new phone with another).
 */
export interface TwoFactorConfirmRequest {
  password: string;
  code: string;
}

/** `POST /api/v1/auth/2fa/setup`: empty while 2FA is off; the confirmation while it is on. */
export type TwoFactorSetupRequest = Partial<TwoFactorConfirmRequest>;

export interface CreateUserRequest {
  username: string;
  email: string;
  displayName: string;
  password: string;
  roles: string[];
}

export interface UpdateUserRequest {
  displayName?: string;
  email?: string;
  roles?: string[];
  status?: UserStatus;
}

export interface CreateRoleRequest {
  name: string;
  description?: string;
  permissions: Permission[];
}

/** `PATCH /api/v1/roles/:id` (custom roles only; audited as role_updated). */
export interface UpdateRoleRequest {
  description?: string;
  permissions?: Permission[];
}

/**
 * `POST /api/v1/users/:id/reset-password`: the administrator sets a temporary password the member
 * must change at next sign-in. Also `POST /users/:id/unlock` and `POST /users/:id/reset-2fa` (204).
 */
export interface ResetPasswordRequest {
  password: string;
}

export interface CreateApiKeyRequest {
  name: string;
  permissions: Permission[];
}

export interface AuditQuery {
  action?: string;
  /** User id, API key id, or "system". */
  actor?: string;
  result?: 'success' | 'failure';
  /** ISO 8601 lower bound (inclusive). */
  from?: string;
  /** ISO 8601 upper bound (exclusive). */
  to?: string;
  cursor?: string;
  /** 1 to 200, default 50. */
  limit?: number;
}
