import { chmodSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/**
 * Directories from `/` down to `path` (included) that users other than their owner cannot
 * enter: no "others may traverse" bit (o+x).
 */
export function untraversableAncestors(path: string): string[] {
  const chain: string[] = [];
  for (let dir = resolve(path); ; dir = dirname(dir)) {
    chain.unshift(dir);
    if (dirname(dir) === dir) break;
  }
  return chain.filter((dir) => {
    try {
      return (statSync(dir).mode & 0o001) === 0;
    } catch {
      return false; // not created yet: created later with the right mode
    }
  });
}

/**
 * Lets another user reach `paths` by adding traverse-only permission (o+x: enter a directory,
 * not list it) to the directories in the way. Returns what was changed, for the log.
 */
export function grantTraverse(paths: readonly string[]): string[] {
  const changed = new Set<string>();
  for (const path of paths) {
    for (const dir of untraversableAncestors(path)) {
      if (changed.has(dir)) continue;
      chmodSync(dir, (statSync(dir).mode & 0o7777) | 0o001);
      changed.add(dir);
    }
  }
  return [...changed];
}
