import { createReadStream } from 'node:fs';
import { readFile, rename, stat, writeFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, gzip, constants as zlib } from 'node:zlib';

import type { NextFunction, Request, Response } from 'express';

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** A content encoding the console's files are stored in, best first. */
export type Encoding = 'br' | 'gzip';

/** Angular's output names hashed files `<name>-<8 characters of base32>.<ext>`. */
const HASHED = /-[A-Z0-9]{8}\.[a-z0-9]+$/;

/** Text that compresses well; images such as PNG are compressed already. */
const COMPRESSIBLE = new Set([
  '.js',
  '.mjs',
  '.css',
  '.html',
  '.svg',
  '.json',
  '.txt',
  '.map',
  '.webmanifest',
  '.ico',
]);

export const IMMUTABLE = 'public, max-age=31536000, immutable';
export const REVALIDATE = 'no-cache';
/** Files with a fixed name (favicon): may change with a new version, so only an hour. */
export const SHORT = 'public, max-age=3600';

/**
 * How long a browser may keep a file: a hashed file never changes (a new build has new names),
 * so a year without asking; index.html names the current hashed files, so it is checked every
 * time (`no-cache`: revalidated, answered 304 while unchanged).
 */
export function cacheControlFor(fileName: string): string {
  if (fileName === 'index.html' || fileName.endsWith('.html')) return REVALIDATE;
  return HASHED.test(fileName) ? IMMUTABLE : SHORT;
}

/** The encoding to send for an `Accept-Encoding` header: brotli when accepted, else gzip. */
export function negotiateEncoding(req: Request): Encoding | null {
  // Asked one at a time: browsers list gzip first ("gzip, deflate, br, zstd") at equal weight,
  // and the server's preference (brotli is smaller) decides between those.
  if (req.acceptsEncodings('br') === 'br') return 'br';
  if (req.acceptsEncodings('gzip') === 'gzip') return 'gzip';
  return null;
}

interface Variants {
  /** Modification time of the original the variants were made from. */
  readonly mtimeMs: number;
  readonly size: number;
  /** Null: not worth compressing (it did not shrink). */
  readonly br: Promise<Buffer | null>;
  readonly gzip: Promise<Buffer | null>;
}

/**
 * The compressed forms of the console's files, made once per file version: read from
 * `<file>.br` / `<file>.gz` when the build left them (newer than the file), otherwise compressed
 * with node:zlib (brotli at its best quality, gzip at level 9) and written beside the file so the
 * next start finds them; kept in memory either way (the console is a few hundred KiB).
 */
export class CompressedVariants {
  private readonly cache = new Map<string, Variants>();

  /** The variants of `file` (stat'ed by the caller); concurrent callers share the work. */
  get(file: string, mtimeMs: number, size: number): Variants {
    const cached = this.cache.get(file);
    if (cached && cached.mtimeMs === mtimeMs && cached.size === size) {
      return cached;
    }
    const original = readFile(file);
    const variants: Variants = {
      mtimeMs,
      size,
      br: this.variant(file, '.br', mtimeMs, original, (data) =>
        brotli(data, {
          params: {
            [zlib.BROTLI_PARAM_QUALITY]: zlib.BROTLI_MAX_QUALITY,
            [zlib.BROTLI_PARAM_SIZE_HINT]: data.length,
          },
        }),
      ),
      gzip: this.variant(file, '.gz', mtimeMs, original, (data) => gzipped(data, { level: 9 })),
    };
    this.cache.set(file, variants);
    return variants;
  }

  private async variant(
    file: string,
    suffix: string,
    mtimeMs: number,
    original: Promise<Buffer | null>,
    compress: (data: Buffer) => Promise<Buffer>,
  ): Promise<Buffer | null> {
    const data = await original.catch(() => null);
    if (data === null) return null;
    const stored = `${file}${suffix}`;
    try {
      const existing = await stat(stored);
      if (existing.mtimeMs >= mtimeMs) return await readFile(stored);
    } catch {
      // Not stored yet: made below.
    }
    const compressed = await compress(data);
    // A file that does not shrink (a few bytes) is sent as it is.
    if (compressed.length >= data.length) return null;
    // Written beside the file for the next start; a read-only deployment keeps it in memory only.
    const temporary = `${stored}.${process.pid}.tmp`;
    await writeFile(temporary, compressed)
      .then(() => rename(temporary, stored))
      .catch(() => undefined);
    return compressed;
  }

  /** Compresses every compressible file under `files` now (at start-up, in the background). */
  async warm(files: readonly { path: string; mtimeMs: number; size: number }[]): Promise<void> {
    for (const file of files) {
      const variants = this.get(file.path, file.mtimeMs, file.size);
      await Promise.all([variants.br, variants.gzip]).catch(() => undefined);
    }
  }
}

export interface ConsoleAssetsOptions {
  /** The built console (`dist/apps/web/browser`). */
  readonly root: string;
  /** Paths that are never the console (the API, `/health`): left to the next handler. */
  readonly excluded: (path: string) => boolean;
}

/**
 * Serves the built console: its files with the cache policy above, compressed (brotli or gzip,
 * by `Accept-Encoding`, with `Vary: Accept-Encoding`), and `index.html` for every other GET that
 * is not excluded (the single-page app's routes). Anything else goes to `next`.
 */
export function consoleAssets(
  options: ConsoleAssetsOptions,
  variants = new CompressedVariants(),
): (req: Request, res: Response, next: NextFunction) => void {
  const root = normalize(options.root);
  const index = join(root, 'index.html');
  return (req, res, next) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || options.excluded(req.path)) {
      next();
      return;
    }
    const file = resolveFile(root, req.path);
    if (file === null) {
      next();
      return;
    }
    serveFile(req, res, variants, file)
      .then(async (served) => {
        if (served) return;
        // A missing file (an old chunk after an upgrade) is a 404, never the page; any other
        // path is a route of the single-page app (`/admin/users`): index.html.
        if (extname(req.path) !== '' || !(await serveFile(req, res, variants, index))) next();
      })
      .catch(next);
  };
}

/** The file a URL path names inside `root`, or null when it would leave it. */
function resolveFile(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const relative = decoded === '/' || decoded.endsWith('/') ? `${decoded}index.html` : decoded;
  const file = normalize(join(root, relative));
  return file === root || file.startsWith(root.endsWith(sep) ? root : root + sep) ? file : null;
}

/** Sends `file` if it exists; false when it does not (or is a directory). */
async function serveFile(
  req: Request,
  res: Response,
  variants: CompressedVariants,
  file: string,
): Promise<boolean> {
  let info;
  try {
    info = await stat(file);
  } catch {
    return false;
  }
  if (!info.isFile()) return false;

  const name = file.slice(file.lastIndexOf(sep) + 1);
  const extension = extname(name).toLowerCase();
  res.setHeader('Cache-Control', cacheControlFor(name));
  res.type(extension || 'application/octet-stream');
  if (name.endsWith('.html')) {
    res.setHeader('X-Content-Type-Options', 'nosniff');
  }

  let body: Buffer | null = null;
  let encoding: Encoding | null = null;
  if (COMPRESSIBLE.has(extension)) {
    res.setHeader('Vary', 'Accept-Encoding');
    encoding = negotiateEncoding(req);
    if (encoding) {
      const forms = variants.get(file, info.mtimeMs, info.size);
      body = await (encoding === 'br' ? forms.br : forms.gzip);
      if (body === null) encoding = null;
    }
  }

  const etag = `W/"${info.size.toString(16)}-${Math.floor(info.mtimeMs).toString(16)}${encoding ? `-${encoding}` : ''}"`;
  res.setHeader('ETag', etag);
  res.setHeader('Last-Modified', info.mtime.toUTCString());
  if (req.fresh) {
    res.status(304).end();
    return true;
  }
  if (encoding && body) {
    res.setHeader('Content-Encoding', encoding);
    res.setHeader('Content-Length', String(body.length));
    res.status(200);
    if (req.method === 'HEAD') res.end();
    else res.end(body);
    return true;
  }
  res.setHeader('Content-Length', String(info.size));
  res.status(200);
  if (req.method === 'HEAD') {
    res.end();
    return true;
  }
  await new Promise<void>((resolve, reject) => {
    const stream = createReadStream(file);
    stream.on('error', reject);
    stream.on('end', resolve);
    stream.pipe(res);
  });
  return true;
}
