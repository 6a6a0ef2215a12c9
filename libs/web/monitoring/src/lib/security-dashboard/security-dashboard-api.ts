import { HttpClient, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type { SecurityDashboard, SecurityRange } from '@hyperion/contracts';
import { SECURITY_DASHBOARD_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** HTTP access to the security dashboard (audit:read; certificates with monitoring:read too). */
@Injectable({ providedIn: 'root' })
export class SecurityDashboardApi {
  private readonly http = inject(HttpClient);

  dashboard(range: SecurityRange): Observable<SecurityDashboard> {
    return this.http.get<SecurityDashboard>(SECURITY_DASHBOARD_ROUTES.dashboard, {
      params: new HttpParams().set('range', range),
      cache: 'no-store',
    });
  }
}
