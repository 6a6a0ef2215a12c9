import { Provider, signal, Type } from '@angular/core';
import type { AnyPermission } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { openPageWith, PageHarness } from '@hyperion/web/util/testing';

export { refusal } from '@hyperion/web/util/testing';
export type { PageHarness } from '@hyperion/web/util/testing';

/** The signed-in user of the page specs. */
export const CURRENT_USER_ID = 'u-me';

export interface OpenOptions {
  readonly held?: readonly AnyPermission[];
  /** More providers (a fake socket for the terminal pages). */
  readonly providers?: readonly Provider[];
  /** Route parameters (`id`) as the router binds them. */
  readonly inputs?: Readonly<Record<string, unknown>>;
}

/** One SSH page with a signed-in user holding `held` (ssh:exec and ssh:admin by default). */
export function openPage<T>(page: Type<T>, options: OpenOptions = {}): Promise<PageHarness<T>> {
  const permissions = signal<readonly AnyPermission[]>(options.held ?? ['ssh:exec', 'ssh:admin']);
  return openPageWith(page, {
    inputs: options.inputs,
    providers: [
      {
        provide: AuthService,
        useValue: {
          permissions,
          currentUser: signal({ id: CURRENT_USER_ID }),
          hasPermission: (p: AnyPermission) => permissions().includes(p),
        },
      },
      ...(options.providers ?? []),
    ],
  });
}
