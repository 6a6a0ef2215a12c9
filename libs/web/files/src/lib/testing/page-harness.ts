import { signal, Type } from '@angular/core';
import type { AnyPermission } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { openPageWith, PageHarness } from '@hyperion/web/util/testing';

export { refusal } from '@hyperion/web/util/testing';
export type { PageHarness } from '@hyperion/web/util/testing';

export interface OpenOptions {
  /** files:read, files:write and files:admin unless told. */
  readonly held?: readonly AnyPermission[];
  /** Route parameters and query parameters as the router binds them. */
  readonly inputs?: Readonly<Record<string, unknown>>;
}

/** One files page with a signed-in user holding `held`. */
export function openPage<T>(page: Type<T>, options: OpenOptions = {}): Promise<PageHarness<T>> {
  const permissions = signal<readonly AnyPermission[]>(
    options.held ?? ['files:read', 'files:write', 'files:admin', 'ssh:exec'],
  );
  return openPageWith(page, {
    inputs: options.inputs,
    providers: [
      {
        provide: AuthService,
        useValue: {
          permissions,
          currentUser: signal({ id: 'u-me' }),
          hasPermission: (p: AnyPermission) => permissions().includes(p),
        },
      },
    ],
  });
}
