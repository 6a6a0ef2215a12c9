import { HttpClient } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  CreateFileRootRequest,
  FileRootSummary,
  UpdateFileRootRequest,
} from '@hyperion/contracts';
import { FILE_ROOT_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

/** HTTP access to file roots (the console's only way to them). */
@Injectable({ providedIn: 'root' })
export class FileRootApi {
  private readonly http = inject(HttpClient);

  list(): Observable<FileRootSummary[]> {
    return this.http.get<FileRootSummary[]>(FILE_ROOT_ROUTES.collection, { cache: 'no-store' });
  }

  get(id: string): Observable<FileRootSummary> {
    return this.http.get<FileRootSummary>(FILE_ROOT_ROUTES.item(id), { cache: 'no-store' });
  }

  create(request: CreateFileRootRequest): Observable<FileRootSummary> {
    return this.http.post<FileRootSummary>(FILE_ROOT_ROUTES.collection, request);
  }

  update(id: string, request: UpdateFileRootRequest): Observable<FileRootSummary> {
    return this.http.patch<FileRootSummary>(FILE_ROOT_ROUTES.item(id), request);
  }

  delete(id: string): Observable<void> {
    return this.http.delete<void>(FILE_ROOT_ROUTES.item(id));
  }
}
