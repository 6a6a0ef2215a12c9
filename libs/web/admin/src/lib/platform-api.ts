import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateOrganizationRequest,
  OrganizationSummary,
  UpdateOrganizationRequest,
} from '@hyperion/contracts';
import { ORGANIZATION_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** HTTP access to the instance's organisations (all need `platform:admin`). */
@Injectable({ providedIn: 'root' })
export class PlatformApi {
  private readonly http = inject(HttpClient);

  listOrganizations(): Observable<OrganizationSummary[]> {
    return this.http.get<OrganizationSummary[]>(ORGANIZATION_ROUTES.platformOrganizations, {
      cache: 'no-store',
    });
  }

  /** The caller becomes the new organisation's admin member. */
  createOrganization(request: CreateOrganizationRequest): Observable<OrganizationSummary> {
    return this.http.post<OrganizationSummary>(ORGANIZATION_ROUTES.platformOrganizations, request);
  }

  /** Renames it, or disables (`disabled: true`) / enables it again. */
  updateOrganization(
    id: string,
    request: UpdateOrganizationRequest,
  ): Observable<OrganizationSummary> {
    return this.http.patch<OrganizationSummary>(
      `${ORGANIZATION_ROUTES.platformOrganizations}/${encodeURIComponent(id)}`,
      request,
    );
  }
}
