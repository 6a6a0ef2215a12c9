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
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { SshdPeer, startSshdPeer } from '@hyperion/api/testing';
import type { FileEntry, FileListing, FileRootSummary, SshHostSummary } from '@hyperion/contracts';
import { FILE_ROOT_ROUTES, FILE_ROUTES, SSH_HOST_ROUTES } from '@hyperion/contracts';
import request from 'supertest';
import * as yauzl from 'yauzl';
import { ZipFile } from 'yazl';

import { createUser, unique } from './auth-helpers';
import { adminToken, bearer, loginAs, queryDb, startTestApp, TestApp } from './test-app';

const MiB = 1024 * 1024;

/** A zip made with yazl; `patch` then replaces names byte for byte (yazl refuses `..`). */
async function zipOf(files: Record<string, string>, patch: [string, string][] = []) {
  const zip = new ZipFile();
  for (const [name, content] of Object.entries(files)) zip.addBuffer(Buffer.from(content), name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const c of zip.outputStream) chunks.push(c as Buffer);
  const out = Buffer.concat(chunks);
  for (const [from, to] of patch) {
    expect(Buffer.byteLength(from)).toBe(Buffer.byteLength(to));
    let at = out.indexOf(from);
    expect(at).toBeGreaterThan(-1);
    for (; at !== -1; at = out.indexOf(from, at + 1)) out.write(to, at);
  }
  return out;
}

async function names(buffer: Buffer): Promise<string[]> {
  const zip = await yauzl.fromBufferPromise(buffer, { lazyEntries: true });
  const out: string[] = [];
  await new Promise<void>((resolve, reject) => {
    zip.on('entry', (e: yauzl.Entry) => {
      out.push(e.fileName);
      zip.readEntry();
    });
    zip.on('end', () => resolve());
    zip.on('error', reject);
    zip.readEntry();
  });
  return out.sort();
}

/** Every path under `dir` with type and size. */
function tree(dir: string): string[] {
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

/**
 * SFTP roots over HTTP (issue 12, done-means 4 to 6 over SFTP): a real OpenSSH server on
 * loopback (signed in as the user running the tests, with a key), the host created through the
 * API with its host-key rules; every operation of the file manager on a directory of that host,
 * checked on the real file system; symlinks and escapes refused; zip download and extraction;
 * a viewer refused on every write; the root goes with its SSH host; a large upload streamed.
 */
describe('file manager over SFTP', () => {
  let t: TestApp;
  let admin: string;
  let viewer: { token: string; id: string };
  let peer: SshdPeer;
  let host: SshHostSummary;
  let base: string;
  let dir: string;
  let root: FileRootSummary;

  const api = (token = admin) => bearer(t, token);
  const q = (path: string) => `?path=${encodeURIComponent(path)}`;
  const put = (
    path: string,
    body: Buffer | string,
    headers: Record<string, string> = {},
    token = admin,
  ) =>
    request(t.url)
      .put(`${FILE_ROUTES.content(root.id)}${q(path)}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/octet-stream')
      .set(headers)
      .send(Buffer.from(body));
  const get = (route: string, token = admin) =>
    api(token)
      .get(route)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });

  beforeAll(async () => {
    peer = await startSshdPeer();
    base = realpathSync(mkdtempSync(join(tmpdir(), 'files-sftp-')));
    dir = join(base, 'remote');
    mkdirSync(dir);
    // FILES_ALLOWED_ROOTS limits local roots only: an SFTP root is bounded by its SSH user.
    t = await startTestApp({
      FILES_ALLOWED_ROOTS: join(base, 'local-only'),
      FILES_MAX_UPLOAD_BYTES: String(300 * MiB),
    });
    admin = await adminToken(t);
    const user = await createUser(t, admin, ['viewer']);
    viewer = { token: (await loginAs(t, user.username, user.password)).accessToken, id: user.id };
    const created = await api().post(SSH_HOST_ROUTES.collection, {
      name: unique('sftp'),
      address: peer.host,
      port: peer.port,
      username: peer.username,
      authMethod: 'key',
      privateKey: peer.clientPrivateKey,
    });
    expect(created.status).toBe(201);
    host = created.body as SshHostSummary;
  });

  afterAll(async () => {
    await t?.close();
    await peer?.close();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('declares an SFTP root on a host of the organisation, its path resolved on the host', async () => {
    const missingHost = await api().post(FILE_ROOT_ROUTES.collection, {
      name: 'no host',
      kind: 'sftp',
      path: dir,
    });
    expect({ status: missingHost.status, message: missingHost.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/^sshHostId: /),
    });
    const unknownHost = await api().post(FILE_ROOT_ROUTES.collection, {
      name: 'unknown host',
      kind: 'sftp',
      path: dir,
      sshHostId: '00000000-0000-4000-8000-000000000000',
    });
    expect({ status: unknownHost.status, message: unknownHost.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/^sshHostId: no SSH host/),
    });
    const missingDir = await api().post(FILE_ROOT_ROUTES.collection, {
      name: 'missing dir',
      kind: 'sftp',
      path: join(base, 'nope', 'deeper'),
      sshHostId: host.id,
    });
    expect({ status: missingDir.status, message: missingDir.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/^path: /),
    });
    symlinkSync(dir, join(base, 'via-link'));
    const res = await api().post(FILE_ROOT_ROUTES.collection, {
      name: unique('remote'),
      kind: 'sftp',
      path: join(base, 'via-link'),
      sshHostId: host.id,
    });
    expect({ status: res.status, body: res.body }).toMatchObject({
      status: 201,
      body: { kind: 'sftp', path: dir, sshHostId: host.id, maxUploadBytes: null },
    });
    root = res.body as FileRootSummary;
  });

  it('uploads, lists, downloads, replaces by version, renames, copies, chmods and deletes', async () => {
    expect((await api().post(FILE_ROUTES.mkdir(root.id), { path: 'docs' })).status).toBe(201);
    expect(statSync(join(dir, 'docs')).isDirectory()).toBe(true);
    const first = await put('docs/a.txt', 'first');
    expect({ status: first.status, type: first.body.type }).toEqual({ status: 201, type: 'file' });
    expect(readFileSync(join(dir, 'docs', 'a.txt'), 'utf8')).toBe('first');

    const listing = (await api().get(`${FILE_ROUTES.entries(root.id)}${q('docs')}`))
      .body as FileListing;
    expect(listing.entries).toEqual([
      expect.objectContaining({ name: 'a.txt', type: 'file', size: 5 }),
    ]);
    const got = await get(`${FILE_ROUTES.content(root.id)}${q('docs/a.txt')}`);
    expect({ status: got.status, body: (got.body as Buffer).toString() }).toEqual({
      status: 200,
      body: 'first',
    });

    expect((await put('docs/a.txt', 'again')).status).toBe(409);
    const version = (first.body as FileEntry).version;
    const replaced = await put('docs/a.txt', 'second!', { 'If-Match': `"${version}"` });
    expect(replaced.status).toBe(200);
    expect(readFileSync(join(dir, 'docs', 'a.txt'), 'utf8')).toBe('second!');
    const stale = await put('docs/a.txt', 'third', { 'If-Match': version });
    expect({ status: stale.status, message: stale.body.message }).toEqual({
      status: 409,
      message: expect.stringMatching(/changed since it was listed/),
    });
    expect(readdirSync(join(dir, 'docs')).filter((n) => n.startsWith('.hyperion-'))).toEqual([]);

    const renamed = await api().post(FILE_ROUTES.rename(root.id), {
      from: 'docs/a.txt',
      to: 'docs/b.txt',
    });
    expect(renamed.status).toBe(200);
    expect(existsSync(join(dir, 'docs', 'b.txt'))).toBe(true);
    expect((await put('docs/c.txt', 'c')).status).toBe(201);
    const noOverwrite = await api().post(FILE_ROUTES.rename(root.id), {
      from: 'docs/c.txt',
      to: 'docs/b.txt',
    });
    expect(noOverwrite.status).toBe(409);
    expect(readFileSync(join(dir, 'docs', 'b.txt'), 'utf8')).toBe('second!');

    const copied = await api().post(FILE_ROUTES.copy(root.id), { from: 'docs', to: 'docs-copy' });
    expect(copied.status).toBe(201);
    expect(readFileSync(join(dir, 'docs-copy', 'b.txt'), 'utf8')).toBe('second!');
    const mode = await api().post(FILE_ROUTES.chmod(root.id), { path: 'docs/b.txt', mode: '600' });
    expect({ status: mode.status, mode: mode.body.mode }).toEqual({ status: 200, mode: '0600' });
    expect(statSync(join(dir, 'docs', 'b.txt')).mode & 0o777).toBe(0o600);

    expect((await api().delete(`${FILE_ROUTES.entries(root.id)}${q('docs')}`)).status).toBe(409);
    const gone = await api().delete(
      `${FILE_ROUTES.entries(root.id)}${q('docs-copy')}&recursive=true`,
    );
    expect(gone.status).toBe(204);
    expect(existsSync(join(dir, 'docs-copy'))).toBe(false);
    const audited = await queryDb<{ action: string }>(
      t,
      `SELECT DISTINCT action FROM audit_log WHERE target = $1 AND result = 'success'`,
      [`file_root:${root.id}`],
    );
    expect(audited.map((r) => r.action).sort()).toEqual(
      expect.arrayContaining([
        'file_copied',
        'file_deleted',
        'file_directory_created',
        'file_downloaded',
        'file_mode_changed',
        'file_renamed',
        'file_uploaded',
      ]),
    );
  });

  it('refuses symlinks (out, dangling) and escapes on every operation, touching nothing outside', async () => {
    const outside = join(base, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'outside secret');
    symlinkSync(join(outside, 'secret.txt'), join(dir, 'escape'));
    symlinkSync(outside, join(dir, 'escape-dir'));
    symlinkSync(join(outside, 'created.txt'), join(dir, 'dangling'));
    mkdirSync(join(base, 'remote-backup'));
    const before = tree(outside).concat(tree(join(base, 'remote-backup')));

    const refused = [
      await api().get(`${FILE_ROUTES.content(root.id)}${q('escape')}`),
      await api().get(`${FILE_ROUTES.entries(root.id)}${q('escape-dir')}`),
      await api().get(`${FILE_ROUTES.stat(root.id)}${q('escape-dir/secret.txt')}`),
      await put('dangling', 'x'),
      await put('escape-dir/new.txt', 'x'),
      await api().post(FILE_ROUTES.mkdir(root.id), { path: 'escape-dir/made' }),
      await api().delete(`${FILE_ROUTES.entries(root.id)}${q('escape')}`),
      await api().post(FILE_ROUTES.chmod(root.id), { path: 'escape', mode: '777' }),
      await api().post(FILE_ROUTES.rename(root.id), {
        from: 'escape-dir/secret.txt',
        to: 'stolen.txt',
      }),
      await api().post(FILE_ROUTES.copy(root.id), { from: 'escape', to: 'stolen.txt' }),
      await api().get(`${FILE_ROUTES.archive(root.id)}${q('escape-dir')}`),
    ];
    expect(refused.map((r) => r.status)).toEqual(refused.map(() => 403));
    for (const path of ['../remote-backup/x', '/etc/passwd', 'a\\b']) {
      const res = await put(path, 'x');
      expect({ path, status: res.status, message: res.body.message }).toEqual({
        path,
        status: 400,
        message: expect.stringMatching(/^path: /),
      });
    }
    expect(tree(outside).concat(tree(join(base, 'remote-backup')))).toEqual(before);
    expect(existsSync(join(outside, 'created.txt'))).toBe(false);
    expect(statSync(join(outside, 'secret.txt')).mode & 0o777).not.toBe(0o777);
    const refusals = await queryDb<{ details: Record<string, unknown> }>(
      t,
      `SELECT details FROM audit_log WHERE action = 'file_access_refused' AND target = $1`,
      [`file_root:${root.id}`],
    );
    expect(refusals.length).toBeGreaterThan(0);
  });

  it('downloads a directory as a zip and extracts archives all or nothing', async () => {
    mkdirSync(join(dir, 'pack', 'inner'), { recursive: true });
    writeFileSync(join(dir, 'pack', 'one.txt'), 'one');
    writeFileSync(join(dir, 'pack', 'inner', 'two.txt'), 'two');
    symlinkSync(join(base, 'outside', 'secret.txt'), join(dir, 'pack', 'link'));
    const zip = await get(`${FILE_ROUTES.archive(root.id)}${q('pack')}`);
    expect(zip.status).toBe(200);
    expect(zip.headers['content-disposition']).toContain('filename="pack.zip"');
    expect(await names(zip.body as Buffer)).toEqual(['inner/', 'inner/two.txt', 'one.txt']);

    expect((await put('good.zip', await zipOf({ 'x/y.txt': 'yy', 'z.txt': 'z' }))).status).toBe(
      201,
    );
    const done = await api().post(FILE_ROUTES.extract(root.id), { path: 'good.zip', to: 'out' });
    expect({ status: done.status, body: done.body }).toEqual({
      status: 201,
      body: { to: 'out', files: 2, directories: 1, bytes: 3 },
    });
    expect(readFileSync(join(dir, 'out', 'x', 'y.txt'), 'utf8')).toBe('yy');

    const slip = await zipOf({ 'ok.txt': 'ok', 'aa/aa/evil.txt': 'pwned' }, [
      ['aa/aa/evil.txt', '../../evil.txt'],
    ]);
    expect((await put('slip.zip', slip)).status).toBe(201);
    const before = tree(base);
    const refused = await api().post(FILE_ROUTES.extract(root.id), {
      path: 'slip.zip',
      to: 'slipped',
    });
    expect({ status: refused.status, message: refused.body.message }).toEqual({
      status: 400,
      message: expect.stringMatching(/"..\/..\/evil.txt" leaves the destination/),
    });
    expect(tree(base)).toEqual(before);
    expect(existsSync(join(base, 'evil.txt'))).toBe(false);
  });

  it('refuses every write of a viewer (403, audited), and nothing changes', async () => {
    const before = tree(dir);
    const writes = [
      await put('v.txt', 'x', {}, viewer.token),
      await api(viewer.token).post(FILE_ROUTES.mkdir(root.id), { path: 'v' }),
      await api(viewer.token).post(FILE_ROUTES.rename(root.id), { from: 'good.zip', to: 'v.zip' }),
      await api(viewer.token).post(FILE_ROUTES.copy(root.id), { from: 'good.zip', to: 'v.zip' }),
      await api(viewer.token).post(FILE_ROUTES.chmod(root.id), { path: 'good.zip', mode: '600' }),
      await api(viewer.token).delete(`${FILE_ROUTES.entries(root.id)}${q('good.zip')}`),
      await api(viewer.token).post(FILE_ROUTES.extract(root.id), { path: 'good.zip', to: 'v' }),
    ];
    expect(writes.map((r) => r.status)).toEqual(writes.map(() => 403));
    expect(tree(dir)).toEqual(before);
    expect((await api(viewer.token).get(FILE_ROUTES.entries(root.id))).status).toBe(200);
    const denied = await queryDb<{ n: string }>(
      t,
      `SELECT count(*) AS n FROM audit_log WHERE action = 'permission_denied' AND actor_id = $1`,
      [viewer.id],
    );
    // Repeated refusals of one actor are counted in one entry (flood control), never lost.
    expect(Number(denied[0].n)).toBeGreaterThanOrEqual(1);
  });

  it('streams a 100 MB upload over SFTP with the API growing well under 100 MB', async () => {
    const total = 100 * MiB;
    const chunk = randomBytes(MiB);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 20);
    const started = Date.now();
    try {
      const status = await new Promise<number>((resolve, reject) => {
        const req = httpRequest(`${t.url}${FILE_ROUTES.content(root.id)}${q('big.bin')}`, {
          method: 'PUT',
          headers: {
            Authorization: `Bearer ${admin}`,
            'Content-Type': 'application/octet-stream',
            'Content-Length': String(total),
          },
        });
        req.on('response', (r) => {
          r.resume();
          r.on('end', () => resolve(r.statusCode ?? 0));
        });
        req.on('error', reject);
        let sent = 0;
        const pump = () => {
          while (sent < total) {
            sent += chunk.length;
            if (!req.write(chunk)) return void req.once('drain', pump);
          }
          req.end();
        };
        pump();
      });
      expect(status).toBe(201);
    } finally {
      clearInterval(sampler);
    }
    const seconds = (Date.now() - started) / 1000;
    expect(statSync(join(dir, 'big.bin')).size).toBe(total);
    const growth = (peak - baseline) / MiB;
    process.stdout.write(
      `SFTP upload: 100 MiB in ${seconds.toFixed(1)} s, RSS growth ${growth.toFixed(1)} MiB\n`,
    );
    expect(growth).toBeLessThan(100);
  }, 180_000);

  it('applies the root upload limit, and goes with its SSH host when the host is deleted', async () => {
    const limited = await api().patch(FILE_ROOT_ROUTES.item(root.id), { maxUploadBytes: 100 });
    expect(limited.body.maxUploadBytes).toBe(100);
    const big = await put('too-big.bin', randomBytes(200));
    expect({ status: big.status, message: big.body.message }).toEqual({
      status: 413,
      message: expect.stringContaining('limit of 100 bytes'),
    });
    expect(existsSync(join(dir, 'too-big.bin'))).toBe(false);

    const deleted = await api().delete(SSH_HOST_ROUTES.item(host.id));
    expect(deleted.status).toBe(204);
    expect((await api().get(FILE_ROOT_ROUTES.item(root.id))).status).toBe(404);
    // The files on the host are not touched.
    expect(existsSync(join(dir, 'good.zip'))).toBe(true);
  });
});
