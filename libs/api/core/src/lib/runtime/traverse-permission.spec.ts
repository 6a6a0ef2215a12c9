import { chmodSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { grantTraverse, untraversableAncestors } from './traverse-permission';

describe('traverse permission for the embedded PostgreSQL user', () => {
  let root: string;

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'hyperion-perm-')); // mode 0700, like `mktemp -d`
  });

  afterEach(() => {
    rmSync(root, { recursive: true, force: true });
  });

  it('finds the directories others cannot enter, and opens them for traversal only', () => {
    const inner = join(root, 'checkout', 'node_modules');
    mkdirSync(inner, { recursive: true });
    chmodSync(join(root, 'checkout'), 0o750);
    expect(untraversableAncestors(inner)).toEqual([root, join(root, 'checkout')]);

    expect(grantTraverse([inner, join(root, 'checkout', '.data')])).toEqual([
      root,
      join(root, 'checkout'),
    ]);
    expect(statSync(root).mode & 0o777).toBe(0o701);
    expect(statSync(join(root, 'checkout')).mode & 0o777).toBe(0o751);
    expect(untraversableAncestors(inner)).toEqual([]);
  });
});
