import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { register } from 'tsconfig-paths';

/**
 * Jest loads globalSetup/globalTeardown with plain require (no moduleNameMapper), so the
 * workspace's `@hyperion/*` aliases are registered here first.
 */
export function registerWorkspacePaths(): void {
  const root = join(__dirname, '..', '..', '..', '..');
  const { compilerOptions } = JSON.parse(
    readFileSync(join(root, 'tsconfig.base.json'), 'utf8'),
  ) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  register({ baseUrl: root, paths: compilerOptions.paths });
}
