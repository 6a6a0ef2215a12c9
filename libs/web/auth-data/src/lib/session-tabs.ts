import { Injectable, OnDestroy } from '@angular/core';
import { Observable, Subject, Subscription, defer } from 'rxjs';

/** An access token as the tabs share it (never the refresh token: an HttpOnly cookie). */
export interface SharedAccessToken {
  readonly accessToken: string;
  /** Epoch milliseconds after which the API no longer accepts it. */
  readonly expiresAt: number;
  readonly mustChangePassword: boolean;
}

/** What one tab of the console tells the others of the same browser. */
export type TabMessage =
  /** A refresh rotated the cookie: here is the new access token of the same session. */
  | { readonly kind: 'refreshed'; readonly token: SharedAccessToken }
  /** A new session (sign-in, organisation switch) replaced the one of the cookie. */
  | { readonly kind: 'signed-in'; readonly token: SharedAccessToken }
  /** The session is over: signed out by the user, or refused by the API. */
  | { readonly kind: 'signed-out'; readonly reason: 'logout' | 'expired' };

/** The BroadcastChannel and Web Lock name (one per origin). */
export const SESSION_TABS_CHANNEL = 'hyperion.session';

function isSharedToken(value: unknown): value is SharedAccessToken {
  const token = value as Partial<SharedAccessToken> | null;
  return (
    typeof token === 'object' &&
    token !== null &&
    typeof token.accessToken === 'string' &&
    typeof token.expiresAt === 'number' &&
    typeof token.mustChangePassword === 'boolean'
  );
}

function isTabMessage(value: unknown): value is TabMessage {
  const message = value as { kind?: unknown; token?: unknown; reason?: unknown } | null;
  if (typeof message !== 'object' || message === null) {
    return false;
  }
  if (message.kind === 'refreshed' || message.kind === 'signed-in') {
    return isSharedToken(message.token);
  }
  return (
    message.kind === 'signed-out' && (message.reason === 'logout' || message.reason === 'expired')
  );
}

/**
 * The console's tabs of one browser share one session (the refresh cookie), so they coordinate:
 * - `exclusive()` runs a refresh under a Web Lock, so two tabs never present the same refresh
 *   token at once (with rotation, the second would look like a stolen token and end the
 *   session). Where the browser has no Web Locks (an origin that is not secure, e.g. plain HTTP to
 *   a non-localhost address) the task runs at once, and the API's grace for a concurrent refresh
 *   from the same device keeps the session alive instead.
 * - `post()` / `messages` (a BroadcastChannel, same origin only): a new access token, a sign-in
 *   or a sign-out reaches the other tabs, so one refresh serves them all and signing out in one
 *   tab signs out every tab.
 * Tests replace this service with a fake.
 */
@Injectable({ providedIn: 'root' })
export class SessionTabs implements OnDestroy {
  private readonly incoming = new Subject<TabMessage>();
  private readonly channel: BroadcastChannel | null =
    typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel(SESSION_TABS_CHANNEL);

  /** Messages from the other tabs (never this tab's own). */
  readonly messages: Observable<TabMessage> = this.incoming.asObservable();

  constructor() {
    if (this.channel) {
      this.channel.onmessage = (event: MessageEvent<unknown>) => {
        if (isTabMessage(event.data)) {
          this.incoming.next(event.data);
        }
      };
    }
  }

  ngOnDestroy(): void {
    this.channel?.close();
    this.incoming.complete();
  }

  post(message: TabMessage): void {
    this.channel?.postMessage(message);
  }

  /**
   * Runs `task` while this tab holds the session lock; other tabs' tasks wait their turn.
   * Unsubscribing before the lock is granted gives up the place in the queue.
   */
  exclusive<T>(task: () => Observable<T>): Observable<T> {
    const locks = typeof navigator === 'undefined' ? undefined : navigator.locks;
    if (!locks) {
      return defer(task);
    }
    return new Observable<T>((subscriber) => {
      const abandoned = new AbortController();
      let release: () => void = () => undefined;
      let inner: Subscription | undefined;
      locks
        .request(SESSION_TABS_CHANNEL, { signal: abandoned.signal }, () => {
          if (subscriber.closed) {
            return undefined;
          }
          return new Promise<void>((resolve) => {
            release = resolve;
            inner = task().subscribe({
              next: (value) => subscriber.next(value),
              error: (error: unknown) => {
                resolve();
                subscriber.error(error);
              },
              complete: () => {
                resolve();
                subscriber.complete();
              },
            });
          });
        })
        .catch((error: unknown) => {
          if (!abandoned.signal.aborted) {
            subscriber.error(error);
          }
        });
      return () => {
        abandoned.abort();
        inner?.unsubscribe();
        release();
      };
    });
  }
}
