import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AddMemberRequest,
  ApiKeySummary,
  CreateApiKeyRequest,
  CreateRoleRequest,
  CreateUserRequest,
  CreatedApiKey,
  RoleSummary,
  UpdateUserRequest,
  UserSummary,
} from '@hyperion/contracts';
import { AUTH_ROUTES, ORGANIZATION_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

const userPath = (id: string) => `${AUTH_ROUTES.users}/${encodeURIComponent(id)}`;

/**
 * `DELETE`: removes a member from the active organisation (the account stays). The contracts
 * have no constant for it (yet), hence this one.
 */
export const membershipPath = (userId: string) => `${userPath(userId)}/membership`;

/**
 * HTTP access to the active organisation's members, roles and API keys (all need `users:admin`;
 * the API scopes every call to the organisation the session acts in).
 */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  /** The members of the active organisation, with their roles there. */
  listMembers(): Observable<UserSummary[]> {
    return this.http.get<UserSummary[]>(AUTH_ROUTES.users, { cache: 'no-store' });
  }

  /** A new account, made a member of the active organisation with `request.roles`. */
  createUser(request: CreateUserRequest): Observable<UserSummary> {
    return this.http.post<UserSummary>(AUTH_ROUTES.users, request);
  }

  /** Display name, status (of the account) or roles (in the active organisation). */
  updateUser(id: string, request: UpdateUserRequest): Observable<UserSummary> {
    return this.http.patch<UserSummary>(userPath(id), request);
  }

  /** Adds an existing account (username or email) to the active organisation. */
  addMember(request: AddMemberRequest): Observable<UserSummary> {
    return this.http.post<UserSummary>(ORGANIZATION_ROUTES.members, request);
  }

  /** Removes a member from the active organisation; their account and other memberships stay. */
  removeMember(userId: string): Observable<void> {
    return this.http.delete<void>(membershipPath(userId));
  }

  listRoles(): Observable<RoleSummary[]> {
    return this.http.get<RoleSummary[]>(AUTH_ROUTES.roles, { cache: 'no-store' });
  }

  createRole(request: CreateRoleRequest): Observable<RoleSummary> {
    return this.http.post<RoleSummary>(AUTH_ROUTES.roles, request);
  }

  deleteRole(id: string): Observable<void> {
    return this.http.delete<void>(`${AUTH_ROUTES.roles}/${encodeURIComponent(id)}`);
  }

  listApiKeys(): Observable<ApiKeySummary[]> {
    return this.http.get<ApiKeySummary[]>(AUTH_ROUTES.apiKeys, { cache: 'no-store' });
  }

  createApiKey(request: CreateApiKeyRequest): Observable<CreatedApiKey> {
    return this.http.post<CreatedApiKey>(AUTH_ROUTES.apiKeys, request);
  }

  revokeApiKey(id: string): Observable<void> {
    return this.http.delete<void>(`${AUTH_ROUTES.apiKeys}/${encodeURIComponent(id)}`);
  }
}
