import { UnitOfWork } from '@hyperion/api/core';
import { Injectable } from '@nestjs/common';

import { ApiKeysService } from '../api-keys/api-keys.service';
import { PrincipalCache } from '../principals/principal-cache';
import { unionPermissions } from '../roles/permissions';
import { AccessTokens } from '../tokens/access-tokens.service';
import { Principal } from './authenticated-request';

interface PrincipalRow {
  username: string;
  status: string;
  must_change_password: boolean;
  platform_admin: boolean;
  session_active: boolean;
  org_enabled: boolean | null;
  member: boolean;
  permissions: string[] | null;
}

/** One place that turns a credential (access JWT or API key) into a principal. */
@Injectable()
export class ActorResolver {
  constructor(
    private readonly apiKeys: ApiKeysService,
    private readonly uow: UnitOfWork,
    private readonly cache: PrincipalCache,
  ) {}

  /**
   * Verified claims of an access token → the principal: an active user whose session is still
   * open, a member of the token's organisation (still enabled), with their roles there. Cached
   * (see PrincipalCache): logging out, a password change, a disabled account, a role change or
   * a detected token reuse invalidates it on every instance at once.
   */
  async fromAccessClaims(payload: unknown): Promise<Principal | null> {
    const claims = AccessTokens.parseAccessClaims(payload);
    if (!claims?.familyId) return null;
    const { userId, familyId, organizationId } = claims;
    const tags = [
      { session: familyId },
      { user: userId },
      ...(organizationId ? [{ organization: organizationId }] : []),
    ];
    return this.cache.getOrLoad(`session:${familyId}`, tags, () =>
      this.load(userId, familyId, organizationId),
    );
  }

  async fromApiKey(key: string): Promise<Principal | null> {
    return this.apiKeys.authenticate(key);
  }

  private async load(
    userId: string,
    familyId: string,
    organizationId: string | null,
  ): Promise<Principal | null> {
    const [row] = await this.uow.run(
      (tx) =>
        tx.manager.query(
          `SELECT u.username, u.status, u.must_change_password, u.platform_admin,
                  EXISTS (SELECT 1 FROM refresh_token t WHERE t.family_id = $2
                            AND t.revoked_at IS NULL AND t.expires_at > now()) AS session_active,
                  (SELECT o.disabled_at IS NULL FROM organization o WHERE o.id = $3) AS org_enabled,
                  EXISTS (SELECT 1 FROM membership m WHERE m.user_id = u.id
                            AND m.organization_id = $3) AS member,
                  (SELECT array_agg(DISTINCT p) FROM membership m
                     JOIN membership_role mr ON mr.membership_id = m.id
                     JOIN role r ON r.id = mr.role_id, unnest(r.permissions) p
                    WHERE m.user_id = u.id AND m.organization_id = $3) AS permissions
             FROM app_user u WHERE u.id = $1`,
          [userId, familyId, organizationId],
        ) as Promise<PrincipalRow[]>,
      { organizationId, userId, independent: true },
    );
    if (!row || row.status !== 'active' || !row.session_active) return null;
    if (organizationId && (!row.member || row.org_enabled !== true)) return null;
    if (!organizationId && !row.platform_admin) return null;
    const permissions = [
      ...unionPermissions([row.permissions ?? []]),
      ...(row.platform_admin ? (['platform:admin'] as const) : []),
    ];
    return {
      actor: {
        type: 'user',
        id: userId,
        name: row.username,
        permissions,
        organizationId,
        sessionId: familyId,
      },
      mustChangePassword: row.must_change_password,
      sessionFamilyId: familyId,
    };
  }
}
