import { Signal, computed, signal } from '@angular/core';
import { Observable, defer, finalize } from 'rxjs';

/** Whether a page's own changes (create, save, delete…) are under way, to disable its buttons. */
export interface BusyFlag {
  /** True while at least one tracked request runs. */
  readonly active: Signal<boolean>;
  /** The same request, marking the page busy from subscription until it completes or fails. */
  track<T>(request: Observable<T>): Observable<T>;
}

/** A busy flag that counts the requests it tracks, so overlapping ones are handled. */
export function busyFlag(): BusyFlag {
  const running = signal(0);
  return {
    active: computed(() => running() > 0),
    track: <T>(request: Observable<T>) =>
      defer(() => {
        running.update((count) => count + 1);
        return request.pipe(finalize(() => running.update((count) => count - 1)));
      }),
  };
}
