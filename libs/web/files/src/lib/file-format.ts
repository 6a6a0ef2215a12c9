import type { FileEntry } from '@hyperion/contracts';

/** "0 B", "812 B", "1.4 KiB", "23 MiB", "2.0 GiB". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KiB', 'MiB', 'GiB', 'TiB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** `dir` + `name` inside a root ('' is the root itself): "logs" + "a.txt" → "logs/a.txt". */
export function joinPath(dir: string, name: string): string {
  return dir === '' ? name : `${dir}/${name}`;
}

/** The directory holding `path`: "logs/a.txt" → "logs", "a.txt" → "". */
export function parentPath(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

/** The last part of a path: "logs/a.txt" → "a.txt". */
export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** A path as the console takes it from a person or a URL: no leading, trailing or double slash. */
export function normalizePath(path: string | null | undefined): string {
  return (path ?? '')
    .split('/')
    .filter((part) => part !== '' && part !== '.')
    .join('/');
}

export interface Crumb {
  readonly label: string;
  readonly path: string;
}

/** The root (named `rootName`), then each directory down to `path`. */
export function breadcrumbs(rootName: string, path: string): Crumb[] {
  const crumbs: Crumb[] = [{ label: rootName, path: '' }];
  let walked = '';
  for (const part of normalizePath(path)
    .split('/')
    .filter((p) => p !== '')) {
    walked = joinPath(walked, part);
    crumbs.push({ label: part, path: walked });
  }
  return crumbs;
}

export type SortKey = 'name' | 'size' | 'mtime' | 'mode';
export interface SortOrder {
  readonly key: SortKey;
  readonly direction: 'asc' | 'desc';
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Directories first whatever the order, then by the column; ties by name. */
export function sortEntries(entries: readonly FileEntry[], order: SortOrder): FileEntry[] {
  const sign = order.direction === 'asc' ? 1 : -1;
  const byColumn = (a: FileEntry, b: FileEntry): number => {
    switch (order.key) {
      case 'size':
        return a.size - b.size;
      case 'mtime':
        return Date.parse(a.mtime) - Date.parse(b.mtime);
      case 'mode':
        return a.mode.localeCompare(b.mode);
      default:
        return collator.compare(a.name, b.name);
    }
  };
  return [...entries].sort((a, b) => {
    const dirs = Number(b.type === 'directory') - Number(a.type === 'directory');
    if (dirs !== 0) return dirs;
    return sign * byColumn(a, b) || collator.compare(a.name, b.name);
  });
}

/** `-rw-r--r--` style text of "0644". */
export function modeText(mode: string): string {
  const bits = parseInt(mode, 8);
  if (Number.isNaN(bits)) return mode;
  const flags = 'rwxrwxrwx';
  let out = '';
  for (let i = 0; i < 9; i++) out += bits & (1 << (8 - i)) ? flags[i] : '-';
  return out;
}

/** Largest file the editor opens. */
export const EDITOR_MAX_BYTES = 1024 * 1024;

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
};

const extension = (name: string) => {
  const dot = name.lastIndexOf('.');
  return dot <= 0 ? '' : name.slice(dot + 1).toLowerCase();
};

/**
 * The image type of a file the console previews, by its name (SVG is left out on purpose: it can
 * carry script, and the preview is a blob URL of this origin).
 */
export function imageType(name: string): string | null {
  return IMAGE_TYPES[extension(name)] ?? null;
}

export function isZip(name: string): boolean {
  return extension(name) === 'zip';
}

/**
 * Whether bytes read from a file look like text: valid UTF-8 with no NUL and few control
 * characters (tab, newline, carriage return, form feed and escape are text).
 */
export function looksLikeText(bytes: Uint8Array): boolean {
  if (bytes.length === 0) return true;
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return false;
  }
  let control = 0;
  for (const byte of bytes) {
    if (byte === 0) return false;
    if (byte < 32 && ![9, 10, 12, 13, 27].includes(byte)) control++;
  }
  return control / bytes.length < 0.02;
}

/** A name a person typed for a new entry: one path segment, not "." or "..". */
export function nameProblem(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return 'Required.';
  if (trimmed !== name) return 'No spaces at the start or the end.';
  if (name.includes('/')) return 'A name, not a path: no "/".';
  if (name === '.' || name === '..') return 'Not "." or "..".';
  if (name.includes('\0')) return 'No NUL character.';
  return null;
}
