import { signal, Type } from '@angular/core';
import type { AnyPermission } from '@hyperion/contracts';
import { AuthService } from '@hyperion/web/auth-data';
import { openPageWith, PageHarness } from '@hyperion/web/util/testing';

export { refusal } from '@hyperion/web/util/testing';
export type { PageHarness } from '@hyperion/web/util/testing';

export interface OpenOptions {
  readonly held?: readonly AnyPermission[];
  /** Route parameters (`id`) as the router binds them. */
  readonly inputs?: Readonly<Record<string, unknown>>;
}

/**
 * One monitoring page with a signed-in user holding `held` (monitoring:read and
 * monitoring:control by default).
 */
export function openPage<T>(page: Type<T>, options: OpenOptions = {}): Promise<PageHarness<T>> {
  const permissions = signal<readonly AnyPermission[]>(
    options.held ?? ['monitoring:read', 'monitoring:control'],
  );
  return openPageWith(page, {
    inputs: options.inputs,
    providers: [
      {
        provide: AuthService,
        useValue: {
          permissions,
          hasPermission: (p: AnyPermission) => permissions().includes(p),
        },
      },
    ],
  });
}
