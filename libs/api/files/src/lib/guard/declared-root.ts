import { realpath, stat } from 'node:fs/promises';

import { InvalidPathError } from './file-errors';

const inside = (parent: string, real: string) =>
  real === parent || real.startsWith(parent.endsWith('/') ? parent : `${parent}/`);

/**
 * The directory a root is declared at, resolved (realpath: no symlink left in it), checked to
 * be an existing directory inside one of the allowed parents (FILES_ALLOWED_ROOTS, themselves
 * resolved; a parent that does not exist allows nothing). Returns the resolved path to store.
 */
export async function resolveDeclaredRoot(
  path: string,
  allowedParents: readonly string[],
): Promise<string> {
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw new InvalidPathError('path', `"${path}" does not exist`);
  }
  if (!(await stat(real)).isDirectory()) {
    throw new InvalidPathError('path', `"${path}" is not a directory`);
  }
  for (const parent of allowedParents) {
    const allowed = await realpath(parent).catch(() => null);
    if (allowed && inside(allowed, real)) return real;
  }
  throw new InvalidPathError(
    'path',
    `"${real}" is not inside a directory allowed for roots (FILES_ALLOWED_ROOTS: ${allowedParents.join(':')})`,
  );
}
