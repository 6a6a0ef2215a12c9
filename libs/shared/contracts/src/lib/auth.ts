import type { ActiveOrganization, MyOrganization } from './organizations';
import type { AnyPermission, Permission } from './permissions';

export type UserStatus = 'active' | 'disabled';

/** Answer of a successful login, 2FA step or refresh. */
export interface TokenPair {
  accessToken: string;
  refreshToken: string;
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

export interface RefreshRequest {
  refreshToken: string;
}

export interface LogoutRequest {
  refreshToken?: string;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  /** 12 to 128 characters. */
  newPassword: string;
}

export interface TwoFactorCodeRequest {
  code: string;
}

export interface CreateUserRequest {
  username: string;
  email: string;
  displayName: string;
  password: string;
  roles: string[];
}

export interface UpdateUserRequest {
  displayName?: string;
  roles?: string[];
  status?: UserStatus;
}

export interface CreateRoleRequest {
  name: string;
  description?: string;
  permissions: Permission[];
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
