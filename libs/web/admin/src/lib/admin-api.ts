import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  ApiKeySummary,
  CreateApiKeyRequest,
  CreateRoleRequest,
  CreateUserRequest,
  CreatedApiKey,
  RoleSummary,
  UpdateUserRequest,
  UserSummary,
} from '@hyperion/contracts';
import { AUTH_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** HTTP access to users, roles and API keys (all need `users:admin`). */
@Injectable({ providedIn: 'root' })
export class AdminApi {
  private readonly http = inject(HttpClient);

  listUsers(): Observable<UserSummary[]> {
    return this.http.get<UserSummary[]>(AUTH_ROUTES.users, { cache: 'no-store' });
  }

  createUser(request: CreateUserRequest): Observable<UserSummary> {
    return this.http.post<UserSummary>(AUTH_ROUTES.users, request);
  }

  updateUser(id: string, request: UpdateUserRequest): Observable<UserSummary> {
    return this.http.patch<UserSummary>(`${AUTH_ROUTES.users}/${encodeURIComponent(id)}`, request);
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
