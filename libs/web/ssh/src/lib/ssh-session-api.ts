import { HttpClient, HttpErrorResponse, HttpParams } from '@angular/common/http';
import { Injectable, inject } from '@angular/core';
import type {
  SshCommandSearchQuery,
  SshSessionCommand,
  SshSessionDetail,
  SshSessionListQuery,
  SshSessionSummary,
} from '@hyperion/contracts';
import { SSH_TERMINAL_ROUTES } from '@hyperion/contracts';
import { Observable, catchError, throwError } from 'rxjs';

/**
 * A text or blob request's error body arrives unparsed: parse the API's JSON error envelope,
 * so the page can show the API's own words.
 */
async function parsedBody(body: unknown): Promise<unknown> {
  const text = body instanceof Blob ? await body.text() : body;
  if (typeof text !== 'string') return body;
  try {
    return JSON.parse(text);
  } catch {
    return body;
  }
}

function withParsedError<T>(source: Observable<T>): Observable<T> {
  return source.pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse)) return throwError(() => error);
      return new Observable<never>((subscriber) => {
        void parsedBody(error.error).then((body) =>
          subscriber.error(
            new HttpErrorResponse({
              error: body,
              headers: error.headers,
              status: error.status,
              statusText: error.statusText,
              url: error.url ?? undefined,
            }),
          ),
        );
      });
    }),
  );
}

/** Query parameters without the empty ones. */
function params(query: object): HttpParams {
  let result = new HttpParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') {
      result = result.set(name, String(value));
    }
  }
  return result;
}

/** HTTP access to terminal sessions: the list, one session with its commands, its recording. */
@Injectable({ providedIn: 'root' })
export class SshSessionApi {
  private readonly http = inject(HttpClient);

  /** Live and ended sessions, newest first. */
  list(query: SshSessionListQuery = {}): Observable<SshSessionSummary[]> {
    return this.http.get<SshSessionSummary[]>(SSH_TERMINAL_ROUTES.sessions, {
      params: params(query),
      cache: 'no-store',
    });
  }

  get(id: string): Observable<SshSessionDetail> {
    return this.http.get<SshSessionDetail>(SSH_TERMINAL_ROUTES.session(id), {
      cache: 'no-store',
    });
  }

  /**
   * The asciicast v2 recording as text. Fetched through the console's HttpClient, so the
   * access token goes with it (the player itself could not send it).
   */
  recording(id: string): Observable<string> {
    return withParsedError(
      this.http.get(SSH_TERMINAL_ROUTES.recording(id), { responseType: 'text', cache: 'no-store' }),
    );
  }

  /** The recording as a file (the download link: a Blob saved under `fileName`). */
  recordingFile(id: string): Observable<Blob> {
    return withParsedError(
      this.http.get(SSH_TERMINAL_ROUTES.recording(id), {
        params: params({ download: 1 }),
        responseType: 'blob',
        cache: 'no-store',
      }),
    );
  }

  /** Commands typed across sessions, newest first. */
  commands(query: SshCommandSearchQuery = {}): Observable<SshSessionCommand[]> {
    return this.http.get<SshSessionCommand[]>(SSH_TERMINAL_ROUTES.commands, {
      params: params(query),
      cache: 'no-store',
    });
  }
}
