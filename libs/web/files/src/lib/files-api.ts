import { HttpClient, HttpEvent, HttpHeaders, HttpParams, HttpRequest } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  FileChmodRequest,
  FileEntry,
  FileExtractRequest,
  FileExtractResult,
  FileListing,
  FileMoveRequest,
  FilePathRequest,
} from '@hyperion/contracts';
import { FILE_ROUTES } from '@hyperion/contracts';
import { Observable } from 'rxjs';

const pathParams = (path: string, extra: Record<string, string> = {}) =>
  new HttpParams({ fromObject: { path, ...extra } });

/**
 * HTTP access to the files of one root (FILE_ROUTES). Downloads come as blobs through HttpClient,
 * so the session's Authorization header goes with them (a plain link could not carry it).
 */
@Injectable({ providedIn: 'root' })
export class FilesApi {
  private readonly http = inject(HttpClient);

  list(rootId: string, path: string): Observable<FileListing> {
    return this.http.get<FileListing>(FILE_ROUTES.entries(rootId), {
      params: pathParams(path),
      cache: 'no-store',
    });
  }

  stat(rootId: string, path: string): Observable<FileEntry> {
    return this.http.get<FileEntry>(FILE_ROUTES.stat(rootId), {
      params: pathParams(path),
      cache: 'no-store',
    });
  }

  /** The file's bytes. */
  download(rootId: string, path: string): Observable<Blob> {
    return this.http.get(FILE_ROUTES.content(rootId), {
      params: pathParams(path),
      responseType: 'blob',
      cache: 'no-store',
    });
  }

  /** A directory as a zip. */
  archive(rootId: string, path: string): Observable<Blob> {
    return this.http.get(FILE_ROUTES.archive(rootId), {
      params: pathParams(path),
      responseType: 'blob',
      cache: 'no-store',
    });
  }

  /**
   * Uploads `body` to `path`: create-only without `version` (409 when the name exists), else a
   * replacement of exactly that version (409 when the file changed since). Every event comes
   * through, upload progress included; the last is the response (201 created, 200 replaced).
   */
  upload(
    rootId: string,
    path: string,
    body: Blob,
    version?: string,
  ): Observable<HttpEvent<FileEntry>> {
    const request = new HttpRequest<Blob>('PUT', FILE_ROUTES.content(rootId), body, {
      params: pathParams(path, version ? { version } : {}),
      headers: new HttpHeaders({ 'Content-Type': 'application/octet-stream' }),
      reportProgress: true,
      responseType: 'json',
    });
    return this.http.request<FileEntry>(request);
  }

  mkdir(rootId: string, path: string): Observable<FileEntry> {
    const body: FilePathRequest = { path };
    return this.http.post<FileEntry>(FILE_ROUTES.mkdir(rootId), body);
  }

  rename(rootId: string, from: string, to: string): Observable<FileEntry> {
    const body: FileMoveRequest = { from, to };
    return this.http.post<FileEntry>(FILE_ROUTES.rename(rootId), body);
  }

  copy(rootId: string, from: string, to: string): Observable<FileEntry> {
    const body: FileMoveRequest = { from, to };
    return this.http.post<FileEntry>(FILE_ROUTES.copy(rootId), body);
  }

  chmod(rootId: string, path: string, mode: string): Observable<FileEntry> {
    const body: FileChmodRequest = { path, mode };
    return this.http.post<FileEntry>(FILE_ROUTES.chmod(rootId), body);
  }

  /** A file, or a directory with everything in it when `recursive`. */
  delete(rootId: string, path: string, recursive: boolean): Observable<void> {
    return this.http.delete<void>(FILE_ROUTES.entries(rootId), {
      params: pathParams(path, recursive ? { recursive: 'true' } : {}),
    });
  }

  extract(rootId: string, path: string, to: string): Observable<FileExtractResult> {
    const body: FileExtractRequest = { path, to };
    return this.http.post<FileExtractResult>(FILE_ROUTES.extract(rootId), body);
  }
}
