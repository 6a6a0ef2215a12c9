import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateSshHostRequest,
  SshHostSummary,
  UpdateSshHostRequest,
} from '@hyperion/contracts';
import { SSH_HOST_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** HTTP access to ssh hosts (the console's only way to them). */
@Injectable({ providedIn: 'root' })
export class SshHostApi {
  private readonly http = inject(HttpClient);

  list(): Observable<SshHostSummary[]> {
    return this.http.get<SshHostSummary[]>(SSH_HOST_ROUTES.collection, { cache: 'no-store' });
  }

  get(id: string): Observable<SshHostSummary> {
    return this.http.get<SshHostSummary>(SSH_HOST_ROUTES.item(id), { cache: 'no-store' });
  }

  create(request: CreateSshHostRequest): Observable<SshHostSummary> {
    return this.http.post<SshHostSummary>(SSH_HOST_ROUTES.collection, request);
  }

  update(id: string, request: UpdateSshHostRequest): Observable<SshHostSummary> {
    return this.http.patch<SshHostSummary>(SSH_HOST_ROUTES.item(id), request);
  }

  delete(id: string): Observable<void> {
    return this.http.delete<void>(SSH_HOST_ROUTES.item(id));
  }
}
