import { Signal, computed, untracked } from '@angular/core';
import { rxResource } from '@angular/core/rxjs-interop';
import { Observable } from 'rxjs';

import { apiErrorMessage } from './api-error';

export interface LoadResourceOptions<T> {
  /** The request; subscribed again on every `reload()`. */
  readonly load: () => Observable<T>;
  /** The value before the first answer, and while the last load failed (e.g. `[]`). */
  readonly initial: T;
  /** Said when the API gives no message of its own, e.g. "The members could not be loaded." */
  readonly errorMessage: string;
}

/** Data a page loads from the API, with what the page shows around it. */
export interface LoadedResource<T> {
  /** The last answer; `initial` before the first one and while the last load failed. */
  readonly value: Signal<T>;
  /** A load (the first one or a retry) is under way. */
  readonly loading: Signal<boolean>;
  /** What went wrong with the last load (the API's message when it gave one), or null. */
  readonly error: Signal<string | null>;
  /** Loads again (the "Retry" button; also after changes made elsewhere). */
  reload(): void;
  /**
   * Replaces the value locally, e.g. with the answer of a create or an update. Made while a load
   * is under way, the change cancels that load, so it loads again: neither is lost.
   */
  set(value: T): void;
  update(updater: (value: T) => T): void;
}

/** A non-Error thrown value arrives wrapped by the resource; the original is its `cause`. */
function unwrap(error: Error): unknown {
  return error.cause ?? error;
}

/**
 * The console's one way to load a page's data: a thin layer over Angular's `rxResource` that
 * starts loading at once, keeps the value shown while retrying, turns a failure into a message
 * and lets the page patch the value after its own changes. Call it in an injection context (a
 * field initialiser); the request is cancelled when the page goes away.
 */
export function loadResource<T>(options: LoadResourceOptions<T>): LoadedResource<T> {
  const { load, initial, errorMessage } = options;
  const resource = rxResource<T, null>({ stream: () => load(), defaultValue: initial });
  // The resource's own `value` throws in the error state; the page shows `initial` instead.
  const value = computed(() => (resource.status() === 'error' ? initial : resource.value()));
  const loading = resource.isLoading;
  // While a retry runs, the last error stays in the resource; the page shows the progress only.
  const error = computed(() => {
    const failure = resource.error();
    return failure && !loading() ? apiErrorMessage(unwrap(failure), errorMessage) : null;
  });
  const set = (next: T) => {
    const interrupted = untracked(loading);
    resource.set(next);
    if (interrupted) {
      resource.reload();
    }
  };
  return {
    value,
    loading,
    error,
    reload: () => void resource.reload(),
    set,
    update: (updater) => set(updater(untracked(value))),
  };
}
