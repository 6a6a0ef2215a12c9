import { Observable, Subject, defer, filter, switchMap, take } from 'rxjs';

import { SessionTabs, TabMessage } from './session-tabs';

/**
 * For specs: stands in for `SessionTabs` (provide it with `useValue`). Records what this tab
 * posts, lets a spec deliver other tabs' messages, and can hold the session lock as another tab
 * would (`holdLock()` / `releaseLock()`).
 */
export class FakeSessionTabs implements Pick<SessionTabs, 'messages' | 'post' | 'exclusive'> {
  /** What this tab told the other tabs, in order. */
  readonly posted: TabMessage[] = [];
  private readonly incoming = new Subject<TabMessage>();
  private readonly lockFree = new Subject<boolean>();
  private held = false;

  readonly messages: Observable<TabMessage> = this.incoming.asObservable();

  post(message: TabMessage): void {
    this.posted.push(message);
  }

  exclusive<T>(task: () => Observable<T>): Observable<T> {
    return defer(() =>
      this.held
        ? this.lockFree.pipe(
            filter((free) => free),
            take(1),
            switchMap(() => task()),
          )
        : task(),
    );
  }

  /** Another tab's message arrives. */
  receive(message: TabMessage): void {
    this.incoming.next(message);
  }

  /** Another tab holds the lock: tasks wait until `releaseLock()`. */
  holdLock(): void {
    this.held = true;
  }

  releaseLock(): void {
    this.held = false;
    this.lockFree.next(true);
  }
}
