import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import {
  existsSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crc32, deflateRawSync } from 'node:zlib';

import type { FileRootSummary } from '@hyperion/contracts';
import { FILE_ROOT_ROUTES, FILE_ROUTES, FILE_RULES } from '@hyperion/contracts';
import request from 'supertest';
import * as yauzl from 'yauzl';
import { ZipFile } from 'yazl';

import { createUser } from './auth-helpers';
import { adminToken, bearer, loginAs, queryDb, startTestApp, TestApp } from './test-app';

/** One entry of a hand-made zip: any name (yazl refuses `..`), any unix mode, a lying size. */
interface RawEntry {
  name: string;
  data?: Buffer;
  /** The unix mode stored in the external attributes (type bits included). */
  mode?: number;
  /** Deflated, with this uncompressed size written in the headers instead of the real one. */
  claimedSize?: number;
}

/** A zip written byte by byte (local headers, central directory, end record). */
export function handMadeZip(entries: RawEntry[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const raw = e.data ?? Buffer.alloc(0);
    const deflated = e.claimedSize !== undefined;
    const stored = deflated ? deflateRawSync(raw) : raw;
    const size = e.claimedSize ?? raw.length;
    const crc = crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(0x0800, 6);
    local.writeUInt16LE(deflated ? 8 : 0, 8);
    local.writeUInt16LE(0, 10);
    local.writeUInt16LE(0x21, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(stored.length, 18);
    local.writeUInt32LE(size, 22);
    local.writeUInt16LE(name.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE((3 << 8) | 20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(deflated ? 8 : 0, 10);
    central.writeUInt16LE(0, 12);
    central.writeUInt16LE(0x21, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(stored.length, 20);
    central.writeUInt32LE(size, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(((e.mode ?? 0o100644) << 16) >>> 0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(local, name, stored);
    centrals.push(central, name);
    offset += local.length + name.length + stored.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

/** A well-formed zip made with yazl. */
export function yazlZip(files: Record<string, string>): Promise<Buffer> {
  const zip = new ZipFile();
  for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), name);
  zip.end();
  const chunks: Buffer[] = [];
  return new Promise((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
}

/** The entries of a zip (name → content, '' for directories). */
export async function unzip(buffer: Buffer): Promise<Record<string, string>> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true });
  const out: Record<string, string> = {};
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (entry: yauzl.Entry) => {
      if (entry.fileName.endsWith('/')) {
        out[entry.fileName] = '';
        return void zip.readEntry();
      }
      zip.openReadStream(entry, (error, stream) => {
        if (error) return reject(error);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          out[entry.fileName] = Buffer.concat(chunks).toString();
          zip.readEntry();
        });
      });
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return out;
}

/** Every path under `dir` with its type and size (what "nothing was written" is checked against). */
export function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (path: string, rel: string) => {
    for (const name of readdirSync(path).sort()) {
      const s = lstatSync(join(path, name));
      out.push(`${rel}${name}:${s.isDirectory() ? 'd' : s.isSymbolicLink() ? 'l' : s.size}`);
      if (s.isDirectory()) walk(join(path, name), `${rel}${name}/`);
    }
  };
  walk(dir, '');
  return out;
}

const binary = (res: request.Response, done: (e: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

/**
 * Zip download and archive extraction over HTTP on a local root (issue 12, done-means 4 to 6):
 * a directory streamed as a zip without its symlinks and special files; extraction all or
 * nothing, refusing zip-slip names, absolute names, backslashes, NUL, symlink entries,
 * duplicates, entries already there, and archives over the limits, with nothing written
 * anywhere (checked on the real file system); per-root upload limits; a viewer refused.
 */
describe('file manager: zip download and extraction (local root)', () => {
  let t: TestApp;
  let admin: string;
  let viewer: { token: string; id: string };
  let base: string;
  let root: FileRootSummary;

  const api = (token = admin) => bearer(t, token);
  const q = (path: string) => `?path=${encodeURIComponent(path)}`;
  const put = (rootId: string, path: string, body: Buffer, token = admin) =>
    request(t.url)
      .put(`${FILE_ROUTES.content(rootId)}${q(path)}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/octet-stream')
      .send(body);
  const extract = (path: string, to: string, token = admin) =>
    api(token).post(FILE_ROUTES.extract(root.id), { path, to });

  const auditOf = (action: string) =>
    queryDb<{ result: string; actor_id: string | null; details: Record<string, unknown> }>(
      t,
      `SELECT result, actor_id, details FROM audit_log WHERE action = $1 ORDER BY id`,
      [action],
    );

  beforeAll(async () => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'files-archive-')));
    t = await startTestApp({ FILES_ALLOWED_ROOTS: base, FILES_MAX_UPLOAD_BYTES: '10000000' });
    admin = await adminToken(t);
    const user = await createUser(t, admin, ['viewer']);
    viewer = { token: (await loginAs(t, user.username, user.password)).accessToken, id: user.id };
    const path = join(base, 'root');
    mkdirSync(path);
    const res = await api().post(FILE_ROOT_ROUTES.collection, {
      name: `archive ${randomBytes(3).toString('hex')}`,
      kind: 'local',
      path,
    });
    expect(res.status).toBe(201);
    root = res.body as FileRootSummary;
  });

  afterAll(async () => {
    await t?.close();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('streams a directory as a zip, leaving out symlinks and special files, audited', async () => {
    const docs = join(root.path, 'docs');
    mkdirSync(join(docs, 'deep', 'er'), { recursive: true });
    writeFileSync(join(docs, 'a.txt'), 'alpha');
    writeFileSync(join(docs, 'deep', 'b.txt'), 'beta');
    writeFileSync(join(docs, 'deep', 'er', 'c.bin'), randomBytes(300_000));
    writeFileSync(join(base, 'secret.txt'), 'outside secret');
    symlinkSync(join(base, 'secret.txt'), join(docs, 'escape'));
    symlinkSync(join(base, 'outside-dir-that-is-not-there'), join(docs, 'dangling'));
    execFileSync('mkfifo', [join(docs, 'pipe')]);

    const res = await api()
      .get(`${FILE_ROUTES.archive(root.id)}${q('docs')}`)
      .buffer(true)
      .parse(binary);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/zip');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="docs.zip"; filename*=UTF-8''docs.zip`,
    );
    const entries = await unzip(res.body as Buffer);
    expect(Object.keys(entries).sort()).toEqual([
      'a.txt',
      'deep/',
      'deep/b.txt',
      'deep/er/',
      'deep/er/c.bin',
    ]);
    expect(entries['a.txt']).toBe('alpha');
    expect(entries['deep/b.txt']).toBe('beta');
    expect(Buffer.from(entries['deep/er/c.bin'], 'binary').length).toBeGreaterThan(0);
    expect(JSON.stringify(entries)).not.toContain('outside secret');

    // Audited once the stream ended (after the response): wait for it, bounded.
    let rows: Awaited<ReturnType<typeof auditOf>> = [];
    for (let i = 0; i < 50 && rows.length === 0; i++) {
      rows = await auditOf('file_archive_downloaded');
      if (rows.length === 0) await new Promise((r) => setTimeout(r, 100));
    }
    expect(rows).toContainEqual(
      expect.objectContaining({
        result: 'success',
        details: expect.objectContaining({
          path: 'docs',
          entries: 5,
          bytes: 5 + 4 + 300_000,
          skipped: ['dangling', 'escape', 'pipe'],
          complete: true,
        }),
      }),
    );
  });

  it('refuses to archive a symlink to a directory outside, or a file, and answers 404 when missing', async () => {
    symlinkSync(base, join(root.path, 'out-dir'));
    const link = await api().get(`${FILE_ROUTES.archive(root.id)}${q('out-dir')}`);
    expect(link.status).toBe(403);
    writeFileSync(join(root.path, 'plain.txt'), 'x');
    const file = await api().get(`${FILE_ROUTES.archive(root.id)}${q('plain.txt')}`);
    expect({ status: file.status, message: file.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/^path: .*not a directory/),
    });
    expect((await api().get(`${FILE_ROUTES.archive(root.id)}${q('nope')}`)).status).toBe(404);
  });

  it('extracts a zip into a new directory, audited with the counts', async () => {
    const zip = await yazlZip({ 'top.txt': 'top', 'dir/inner.txt': 'inner', 'dir/sub/x.txt': 'x' });
    expect((await put(root.id, 'good.zip', zip)).status).toBe(201);
    const res = await extract('good.zip', 'unpacked');
    expect({ status: res.status, body: res.body }).toEqual({
      status: 201,
      body: { to: 'unpacked', files: 3, directories: 2, bytes: 9 },
    });
    expect(readFileSync(join(root.path, 'unpacked', 'dir', 'sub', 'x.txt'), 'utf8')).toBe('x');
    expect(readFileSync(join(root.path, 'unpacked', 'top.txt'), 'utf8')).toBe('top');
    expect(readdirSync(root.path).filter((n) => n.startsWith('.hyperion-'))).toEqual([]);
    expect(await auditOf('file_extracted')).toContainEqual(
      expect.objectContaining({
        result: 'success',
        details: expect.objectContaining({ path: 'good.zip', to: 'unpacked', files: 3, bytes: 9 }),
      }),
    );

    // Into an existing directory: its top-level names must be free (409 naming the entry).
    const again = await extract('good.zip', 'unpacked');
    expect({ status: again.status, message: again.body.message }).toEqual({
      status: 409,
      message: expect.stringContaining('"top.txt"'),
    });
    const other = await yazlZip({ 'new.txt': 'new' });
    expect((await put(root.id, 'other.zip', other)).status).toBe(201);
    expect((await extract('other.zip', 'unpacked')).status).toBe(201);
    expect(readFileSync(join(root.path, 'unpacked', 'new.txt'), 'utf8')).toBe('new');
  });

  const hostile: [string, RawEntry[], RegExp, number][] = [
    [
      'a ../ escape (zip-slip)',
      [
        { name: 'ok.txt', data: Buffer.from('ok') },
        { name: '../../evil.txt', data: Buffer.from('pwned') },
      ],
      /"..\/..\/evil.txt" leaves the destination/,
      400,
    ],
    [
      'a nested ../ escape',
      [{ name: 'a/../../evil.txt', data: Buffer.from('pwned') }],
      /zip-slip/,
      400,
    ],
    [
      'an absolute name',
      [{ name: '/tmp/evil.txt', data: Buffer.from('pwned') }],
      /"\/tmp\/evil.txt" is an absolute path/,
      400,
    ],
    ['a drive letter', [{ name: 'C:/evil.txt', data: Buffer.from('pwned') }], /absolute path/, 400],
    ['a backslash', [{ name: '..\\evil.txt', data: Buffer.from('pwned') }], /backslash/, 400],
    ['a NUL in a name', [{ name: 'ok\0.txt', data: Buffer.from('x') }], /NUL/, 400],
    [
      'a symlink entry',
      [
        { name: 'ok.txt', data: Buffer.from('ok') },
        { name: 'link', data: Buffer.from('/etc/passwd'), mode: 0o120777 },
      ],
      /"link" is a symbolic link/,
      400,
    ],
    [
      'a device entry',
      [{ name: 'dev', data: Buffer.alloc(0), mode: 0o020644 }],
      /special file/,
      400,
    ],
    [
      'a duplicate name',
      [
        { name: 'd.txt', data: Buffer.from('1') },
        { name: './d.txt', data: Buffer.from('2') },
      ],
      /appears twice/,
      400,
    ],
    [
      'a file inside a file',
      [
        { name: 'f', data: Buffer.from('1') },
        { name: 'f/g', data: Buffer.from('2') },
      ],
      /which the archive has as a file/,
      400,
    ],
    [
      'a size the header understates (bomb)',
      [{ name: 'bomb.bin', data: Buffer.alloc(4_000_000), claimedSize: 10 }],
      /damaged|too many bytes/,
      400,
    ],
  ];

  it.each(hostile)(
    'refuses an archive with %s, writing nothing anywhere',
    async (_what, entries, message, status) => {
      const before = tree(base);
      const name = `hostile-${randomBytes(3).toString('hex')}.zip`;
      expect((await put(root.id, name, handMadeZip(entries))).status).toBe(201);
      const withArchive = tree(base);
      const res = await extract(name, 'dest');
      expect({ status: res.status, message: res.body.message }).toEqual({
        status,
        message: expect.stringMatching(message),
      });
      // Nothing at all: not in the root, not beside it, not in /tmp.
      expect(tree(base)).toEqual(withArchive);
      expect(withArchive.length).toBe(before.length + 1);
      expect(existsSync('/tmp/evil.txt')).toBe(false);
      expect(existsSync(join(base, 'evil.txt'))).toBe(false);
    },
  );

  it('refuses an archive with more entries than the limit (413), writing nothing', async () => {
    const entries = Array.from({ length: FILE_RULES.extractEntriesMax + 1 }, (_, i) => ({
      name: `d${i}/`,
      mode: 0o040755,
    }));
    expect((await put(root.id, 'many.zip', handMadeZip(entries))).status).toBe(201);
    const before = tree(base);
    const res = await extract('many.zip', 'many');
    expect({ status: res.status, message: res.body.message }).toEqual({
      status: 413,
      message: expect.stringContaining(String(FILE_RULES.extractEntriesMax)),
    });
    expect(tree(base)).toEqual(before);
  });

  it('answers 400 for what is not a zip, 409 when the destination is a file', async () => {
    expect((await put(root.id, 'fake.zip', Buffer.from('not a zip at all'))).status).toBe(201);
    const fake = await extract('fake.zip', 'x');
    expect({ status: fake.status, message: fake.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/^path: .*zip/),
    });
    const zip = await yazlZip({ 'a.txt': 'a' });
    expect((await put(root.id, 'small.zip', zip)).status).toBe(201);
    const onFile = await extract('small.zip', 'plain.txt');
    expect(onFile.status).toBe(409);
    const escape = await extract('small.zip', '../outside');
    expect({ status: escape.status, message: escape.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/^to: /),
    });
  });

  it('lets a viewer download a zip but not extract (403, audited)', async () => {
    const zip = await api(viewer.token).get(`${FILE_ROUTES.archive(root.id)}${q('unpacked')}`);
    expect(zip.status).toBe(200);
    const before = tree(base);
    const res = await extract('good.zip', 'by-viewer', viewer.token);
    expect(res.status).toBe(403);
    expect(tree(base)).toEqual(before);
    const denied = await queryDb<{ details: Record<string, unknown> }>(
      t,
      `SELECT details FROM audit_log WHERE action = 'permission_denied' AND actor_id = $1`,
      [viewer.id],
    );
    expect(denied).toContainEqual(
      expect.objectContaining({
        details: expect.objectContaining({ permissions: ['files:write'] }),
      }),
    );
  });

  it('applies a per-root upload limit (413 naming it), capped by FILES_MAX_UPLOAD_BYTES', async () => {
    const path = join(base, 'limited');
    mkdirSync(path);
    const tooHigh = await api().post(FILE_ROOT_ROUTES.collection, {
      name: 'limited too high',
      kind: 'local',
      path,
      maxUploadBytes: 10_000_001,
    });
    expect({ status: tooHigh.status, message: tooHigh.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/^maxUploadBytes: at most 10000000/),
    });
    const created = await api().post(FILE_ROOT_ROUTES.collection, {
      name: 'limited',
      kind: 'local',
      path,
      maxUploadBytes: 1000,
    });
    expect(created.status).toBe(201);
    const limited = created.body as FileRootSummary;
    expect(limited).toMatchObject({ maxUploadBytes: 1000, sshHostId: null });
    const big = await put(limited.id, 'big.bin', randomBytes(2000));
    expect({ status: big.status, message: big.body.message }).toEqual({
      status: 413,
      message: expect.stringContaining('limit of 1000 bytes'),
    });
    expect(existsSync(join(path, 'big.bin'))).toBe(false);
    expect((await put(limited.id, 'small.bin', randomBytes(999))).status).toBe(201);

    const cleared = await api().patch(FILE_ROOT_ROUTES.item(limited.id), {
      clear: ['maxUploadBytes'],
    });
    expect({ status: cleared.status, limit: cleared.body.maxUploadBytes }).toEqual({
      status: 200,
      limit: null,
    });
    expect((await put(limited.id, 'big.bin', randomBytes(2000))).status).toBe(201);
    const local = await api().post(FILE_ROOT_ROUTES.collection, {
      name: 'local with host',
      kind: 'local',
      path,
      sshHostId: '00000000-0000-4000-8000-000000000000',
    });
    expect({ status: local.status, message: local.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/^sshHostId: /),
    });
  });
});
