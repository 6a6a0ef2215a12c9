import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  AddMemberRequest,
  ApiKeySummary,
  CreateApiKeyRequest,
  CreateRoleRequest,
  CreateUserRequest,
  CreatedApiKey,
  ResetPasswordRequest,
  RoleSummary,
  UpdateRoleRequest,
  UpdateUserRequest,
  UserListQuery,
  UserPage,
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

  /**
   * One page of the active organisation's members (with their roles there), those matching `q`
   * (username, email or display name) and how many match in all.
   */
  listMembers(query: UserListQuery = {}): Observable<UserPage> {
    let params = new HttpParams();
    if (query.q) params = params.set('q', query.q);
    if (query.offset !== undefined) params = params.set('offset', String(query.offset));
    if (query.limit !== undefined) params = params.set('limit', String(query.limit));
    return this.http.get<UserPage>(AUTH_ROUTES.users, { params, cache: 'no-store' });
  }

  /** A new account, made a member of the active organisation with `request.roles`. */
  createUser(request: CreateUserRequest): Observable<UserSummary> {
    return this.http.post<UserSummary>(AUTH_ROUTES.users, request);
  }

  /** Display name, email, status (of the account) or roles (in the active organisation). */
  updateUser(id: string, request: UpdateUserRequest): Observable<UserSummary> {
    return this.http.patch<UserSummary>(userPath(id), request);
  }

  /** Ends the lock after failed sign-ins at once. */
  unlockUser(id: string): Observable<void> {
    return this.http.post<void>(`${userPath(id)}/unlock`, null);
  }

  /** Turns 2FA off for a member who lost the device; they sign in with the password and enrol again. */
  resetTwoFactor(id: string): Observable<void> {
    return this.http.post<void>(`${userPath(id)}/reset-2fa`, null);
  }

  /** Sets a temporary password the member must change at next sign-in. */
  resetPassword(id: string, request: ResetPasswordRequest): Observable<void> {
    return this.http.post<void>(`${userPath(id)}/reset-password`, request);
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

  /** Description and permissions of a custom role (built-in roles cannot change). */
  updateRole(id: string, request: UpdateRoleRequest): Observable<RoleSummary> {
    return this.http.patch<RoleSummary>(`${AUTH_ROUTES.roles}/${encodeURIComponent(id)}`, request);
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
