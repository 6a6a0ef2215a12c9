import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateSshHostRequest,
  SshExecListItem,
  SshExecRequest,
  SshExecResult,
  SshHostKeyRequest,
  SshHostSummary,
  SshTestResult,
  UpdateSshHostRequest,
} from '@hyperion/contracts';
import { SSH_HOST_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** HTTP access to SSH hosts, their host keys and the commands run on them. */
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

  /** Trusts this fingerprint from now on, whatever was recorded before. */
  pinHostKey(id: string, fingerprint: string): Observable<SshHostSummary> {
    const body: SshHostKeyRequest = { fingerprint };
    return this.http.put<SshHostSummary>(SSH_HOST_ROUTES.hostKey(id), body);
  }

  /** Trusts the pending fingerprint; the body names it, so a key offered since is not trusted blindly. */
  approveHostKey(id: string, fingerprint: string): Observable<SshHostSummary> {
    const body: SshHostKeyRequest = { fingerprint };
    return this.http.post<SshHostSummary>(SSH_HOST_ROUTES.approveHostKey(id), body);
  }

  /** Connects and signs in, runs nothing. */
  test(id: string): Observable<SshTestResult> {
    return this.http.post<SshTestResult>(SSH_HOST_ROUTES.test(id), {});
  }

  exec(id: string, request: SshExecRequest): Observable<SshExecResult> {
    return this.http.post<SshExecResult>(SSH_HOST_ROUTES.exec(id), request);
  }

  /** The commands run on the host, newest first. */
  execs(id: string): Observable<SshExecListItem[]> {
    return this.http.get<SshExecListItem[]>(SSH_HOST_ROUTES.execs(id), { cache: 'no-store' });
  }

  execItem(id: string, execId: string): Observable<SshExecResult> {
    return this.http.get<SshExecResult>(SSH_HOST_ROUTES.execItem(id, execId), {
      cache: 'no-store',
    });
  }
}
