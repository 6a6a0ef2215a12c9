import type { FileEntry, FileRootSummary } from '@hyperion/contracts';

/** A file root as the API answers it (a local directory, writable, open to every role), for specs. */
export function fileRootRow(overrides: Partial<FileRootSummary> = {}): FileRootSummary {
  return {
    id: '6f1c2b0e-8d4a-4c3e-9b1a-2f5d7e9c0a11',
    name: 'alpha',
    kind: 'local',
    path: '/srv/hyperion/files/alpha',
    sshHostId: null,
    maxUploadBytes: null,
    readOnly: false,
    allowedRoles: [],
    createdAt: '2026-01-30T14:00:00.000Z',
    updatedAt: '2026-01-30T14:00:00.000Z',
    ...overrides,
  };
}

/** A directory entry as the API lists it (a small file unless told), for specs. */
export function fileEntry(path: string, overrides: Partial<FileEntry> = {}): FileEntry {
  return {
    path,
    name: path.slice(path.lastIndexOf('/') + 1),
    type: 'file',
    size: 12,
    mtime: '2026-01-30T14:00:00.000Z',
    mode: '0644',
    version: `v-${path}`,
    ...overrides,
  };
}
