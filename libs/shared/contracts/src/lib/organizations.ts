/** An organisation (tenant): every domain row belongs to exactly one. */
export interface OrganizationSummary {
  id: string;
  name: string;
  /** Unique, URL-safe: lower-case letters, digits and dashes. */
  slug: string;
  createdAt: string;
  /** Set when a platform administrator disabled it: its members cannot act in it. */
  disabledAt: string | null;
  /** Number of members (platform listing only; 0 elsewhere). */
  memberCount: number;
}

/** One of the caller's memberships, as the organisation switcher shows it. */
export interface MyOrganization {
  id: string;
  name: string;
  slug: string;
  /** The caller's roles in it. */
  roles: string[];
}

/** The organisation a session acts in. */
export interface ActiveOrganization {
  id: string;
  name: string;
  slug: string;
}

export interface SwitchOrganizationRequest {
  organizationId: string;
}

export interface CreateOrganizationRequest {
  name: string;
  slug: string;
}

export interface UpdateOrganizationRequest {
  name?: string;
  /** true disables, false enables again. */
  disabled?: boolean;
}

/** Adds an existing account (by username or email) to the active organisation. */
export interface AddMemberRequest {
  /** Username or email of an existing account. */
  login: string;
  roles: string[];
}

export const ORGANIZATION_RULES = {
  nameMaxLength: 128,
  slugPattern: /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/,
  slugHint: '1 to 48 lower-case letters, digits and dashes, not starting or ending with a dash',
} as const;

export const ORGANIZATION_ROUTES = {
  /** POST: a new token pair acting in another of the caller's organisations. */
  switch: '/api/v1/auth/switch-organization',
  /** GET: the members of the active organisation (users:admin); POST: add an existing account. */
  members: '/api/v1/users/members',
  /** GET / POST (platform:admin). */
  platformOrganizations: '/api/v1/platform/organizations',
} as const;
