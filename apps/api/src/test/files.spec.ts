import { randomBytes } from 'node:crypto';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
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

import type { FileEntry, FileListing, FileRootSummary, TokenPair } from '@hyperion/contracts';
import { FILE_ROOT_ROUTES, FILE_ROUTES, ORGANIZATION_ROUTES } from '@hyperion/contracts';
import request from 'supertest';

import { createUser } from './auth-helpers';
import { adminToken, bearer, loginAs, queryDb, startTestApp, TestApp } from './test-app';

const MiB = 1024 * 1024;

/**
 * The file manager over HTTP on local roots (issue 12, done-means 4 to 6 for local roots): a
 * round trip, version conflicts, permissions and organisations, read-only roots, refused paths
 * and a large upload streamed without the API holding it in memory.
 */
describe('file manager over HTTP (local roots)', () => {
  let t: TestApp;
  let admin: string;
  let viewer: { token: string; id: string };
  let base: string;
  let root: FileRootSummary;

  const api = (token = admin) => bearer(t, token);
  const q = (path: string) => `?path=${encodeURIComponent(path)}`;

  /** A new directory under the allowed parent, declared as a root. */
  async function declareRoot(
    name: string,
    extra: Record<string, unknown> = {},
    token = admin,
  ): Promise<FileRootSummary> {
    const path = join(base, `${name}-${randomBytes(3).toString('hex')}`);
    mkdirSync(path);
    const res = await api(token).post(FILE_ROOT_ROUTES.collection, {
      name: `${name} ${randomBytes(3).toString('hex')}`,
      kind: 'local',
      path,
      ...extra,
    });
    expect({ status: res.status, body: res.body }).toMatchObject({ status: 201 });
    return res.body as FileRootSummary;
  }

  const upload = (
    rootId: string,
    path: string,
    body: Buffer | string,
    headers: Record<string, string> = {},
    token = admin,
  ) =>
    request(t.url)
      .put(`${FILE_ROUTES.content(rootId)}${q(path)}`)
      .set('Authorization', `Bearer ${token}`)
      .set('Content-Type', 'application/octet-stream')
      .set(headers)
      .send(Buffer.from(body));

  const auditOf = (action: string, actorId?: string) =>
    queryDb<{ result: string; target: string; details: Record<string, unknown> }>(
      t,
      `SELECT result, target, details FROM audit_log
        WHERE action = $1 AND ($2::text IS NULL OR actor_id = $2) ORDER BY id`,
      [action, actorId ?? null],
    );

  beforeAll(async () => {
    base = realpathSync(mkdtempSync(join(tmpdir(), 'files-http-')));
    t = await startTestApp({
      FILES_ALLOWED_ROOTS: base,
      FILES_MAX_UPLOAD_BYTES: String(300 * MiB),
    });
    admin = await adminToken(t);
    const user = await createUser(t, admin, ['viewer']);
    viewer = { token: (await loginAs(t, user.username, user.password)).accessToken, id: user.id };
    root = await declareRoot('main');
  });

  afterAll(async () => {
    await t?.close();
    if (base) rmSync(base, { recursive: true, force: true });
  });

  it('uploads, lists and downloads a file, audited with path and size', async () => {
    const content = `héllo ${randomBytes(8).toString('hex')}\n`;
    expect((await api().post(FILE_ROUTES.mkdir(root.id), { path: 'docs' })).status).toBe(201);
    const put = await upload(root.id, 'docs/notes é.txt', content);
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ path: 'docs/notes é.txt', type: 'file' });

    const list = await api().get(`${FILE_ROUTES.entries(root.id)}${q('docs')}`);
    expect(list.status).toBe(200);
    const listing = list.body as FileListing;
    expect(listing.entries).toEqual([
      expect.objectContaining({
        name: 'notes é.txt',
        type: 'file',
        size: Buffer.byteLength(content),
        mode: '0644',
        version: (put.body as FileEntry).version,
      }),
    ]);

    const get = await api()
      .get(`${FILE_ROUTES.content(root.id)}${q('docs/notes é.txt')}`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(get.status).toBe(200);
    expect((get.body as Buffer).toString()).toBe(content);
    expect(get.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(get.headers['content-disposition']).toBe(
      `attachment; filename="notes _.txt"; filename*=UTF-8''notes%20%C3%A9.txt`,
    );
    expect(get.headers['x-content-type-options']).toBe('nosniff');

    const size = Buffer.byteLength(content);
    expect(await auditOf('file_uploaded')).toContainEqual(
      expect.objectContaining({
        result: 'success',
        target: `file_root:${root.id}`,
        details: expect.objectContaining({ path: 'docs/notes é.txt', size }),
      }),
    );
    expect(await auditOf('file_downloaded')).toContainEqual(
      expect.objectContaining({
        details: expect.objectContaining({ path: 'docs/notes é.txt', size }),
      }),
    );
  });

  it('refuses with 409 an upload over an existing file or over a changed version', async () => {
    const first = await upload(root.id, 'conflict.txt', 'one');
    expect(first.status).toBe(201);
    const listed = (first.body as FileEntry).version;

    // No version: create only.
    const again = await upload(root.id, 'conflict.txt', 'two');
    expect(again.status).toBe(409);
    expect(again.body.message).toMatch(/already exists/);

    // With the listed version: replaced (200), atomically.
    const replaced = await upload(root.id, 'conflict.txt', 'three', { 'If-Match': `"${listed}"` });
    expect(replaced.status).toBe(200);
    // The listed version is stale now: 409, and the content is the replacement's.
    const stale = await upload(root.id, 'conflict.txt', 'four', { 'If-Match': listed });
    expect(stale.status).toBe(409);
    expect(stale.body.message).toMatch(/changed since it was listed/);
    expect(readFileSync(join(root.path, 'conflict.txt'), 'utf8')).toBe('three');
    // No temporary file left behind.
    const names = (await api().get(FILE_ROUTES.entries(root.id))).body.entries.map(
      (e: FileEntry) => e.name,
    );
    expect(names.filter((n: string) => n.startsWith('.hyperion-upload-'))).toEqual([]);
  });

  it('renames, copies, changes the mode and deletes, each audited', async () => {
    await upload(root.id, 'ops/a.txt', 'aaa').expect(404);
    expect((await api().post(FILE_ROUTES.mkdir(root.id), { path: 'ops' })).status).toBe(201);
    expect((await upload(root.id, 'ops/a.txt', 'aaa')).status).toBe(201);
    const renamed = await api().post(FILE_ROUTES.rename(root.id), {
      from: 'ops/a.txt',
      to: 'ops/b.txt',
    });
    expect({ status: renamed.status, path: renamed.body.path }).toEqual({
      status: 200,
      path: 'ops/b.txt',
    });
    const copied = await api().post(FILE_ROUTES.copy(root.id), { from: 'ops', to: 'ops-copy' });
    expect(copied.status).toBe(201);
    expect(readFileSync(join(root.path, 'ops-copy', 'b.txt'), 'utf8')).toBe('aaa');
    const mode = await api().post(FILE_ROUTES.chmod(root.id), { path: 'ops/b.txt', mode: '600' });
    expect({ status: mode.status, mode: mode.body.mode }).toEqual({ status: 200, mode: '0600' });
    expect(statSync(join(root.path, 'ops/b.txt')).mode & 0o777).toBe(0o600);
    const badMode = await api().post(FILE_ROUTES.chmod(root.id), {
      path: 'ops/b.txt',
      mode: '4755',
    });
    expect({ status: badMode.status, message: badMode.body.message }).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^mode: /),
    });

    const notEmpty = await api().delete(`${FILE_ROUTES.entries(root.id)}${q('ops')}`);
    expect(notEmpty.status).toBe(409);
    const gone = await api().delete(`${FILE_ROUTES.entries(root.id)}${q('ops')}&recursive=true`);
    expect(gone.status).toBe(204);
    expect(existsSync(join(root.path, 'ops'))).toBe(false);
    expect(await auditOf('file_deleted')).toContainEqual(
      expect.objectContaining({
        details: expect.objectContaining({ path: 'ops', size: 3, recursive: true }),
      }),
    );
    for (const action of [
      'file_renamed',
      'file_copied',
      'file_mode_changed',
      'file_directory_created',
    ]) {
      expect((await auditOf(action)).length).toBeGreaterThan(0);
    }
  });

  it('answers 400 naming the field for bad paths, 403 (audited) for symlinks and escapes', async () => {
    const outside = join(base, 'outside-secret.txt');
    writeFileSync(outside, 'secret');
    symlinkSync(outside, join(root.path, 'escape'));
    symlinkSync(join(base, 'nowhere'), join(root.path, 'dangling'));

    for (const path of ['../outside-secret.txt', '/etc/passwd', 'a\\b']) {
      const res = await api().get(`${FILE_ROUTES.stat(root.id)}${q(path)}`);
      expect({ path, status: res.status, message: res.body.message }).toEqual({
        path,
        status: 400,
        message: expect.stringMatching(/^path: /),
      });
    }
    const moved = await api().post(FILE_ROUTES.rename(root.id), {
      from: 'conflict.txt',
      to: '../x',
    });
    expect({ status: moved.status, message: moved.body.message }).toMatchObject({
      status: 400,
      message: expect.stringMatching(/^to: /),
    });

    const read = await api().get(`${FILE_ROUTES.content(root.id)}${q('escape')}`);
    expect(read.status).toBe(403);
    const write = await upload(root.id, 'dangling', 'x');
    expect(write.status).toBe(403);
    expect(existsSync(join(base, 'nowhere'))).toBe(false);
    const del = await api().delete(`${FILE_ROUTES.entries(root.id)}${q('escape')}`);
    expect(del.status).toBe(403);
    expect(readFileSync(outside, 'utf8')).toBe('secret');

    const refusals = await auditOf('file_access_refused');
    expect(refusals).toContainEqual(
      expect.objectContaining({
        result: 'failure',
        target: `file_root:${root.id}`,
        details: expect.objectContaining({ operation: 'download', path: 'escape' }),
      }),
    );
    const missing = await api().get(`${FILE_ROUTES.stat(root.id)}${q('no/such/file')}`);
    expect(missing.status).toBe(404);
  });

  it('lets a viewer read but not write (403, audited)', async () => {
    const list = await api(viewer.token).get(FILE_ROUTES.entries(root.id));
    expect(list.status).toBe(200);
    const write = await upload(root.id, 'viewer.txt', 'no', {}, viewer.token);
    expect(write.status).toBe(403);
    const mkdir = await api(viewer.token).post(FILE_ROUTES.mkdir(root.id), { path: 'nope' });
    expect(mkdir.status).toBe(403);
    const manage = await api(viewer.token).post(FILE_ROOT_ROUTES.collection, {
      name: 'mine',
      kind: 'local',
      path: base,
    });
    expect(manage.status).toBe(403);
    expect(existsSync(join(root.path, 'viewer.txt'))).toBe(false);
    const denied = await auditOf('permission_denied', viewer.id);
    expect(denied).toContainEqual(
      expect.objectContaining({
        result: 'failure',
        details: expect.objectContaining({ permissions: ['files:write'] }),
      }),
    );
  });

  it('hides a root restricted to other roles, refuses writes to a read-only root', async () => {
    const operators = await declareRoot('operators', { allowedRoles: ['operator'] });
    const seen = (await api(viewer.token).get(FILE_ROOT_ROUTES.collection)).body.map(
      (r: FileRootSummary) => r.id,
    );
    expect(seen).toContain(root.id);
    expect(seen).not.toContain(operators.id);
    expect((await api(viewer.token).get(FILE_ROUTES.entries(operators.id))).status).toBe(404);

    const readOnly = await declareRoot('archive', { readOnly: true });
    writeFileSync(join(readOnly.path, 'kept.txt'), 'kept');
    expect((await api().get(FILE_ROUTES.entries(readOnly.id))).status).toBe(200);
    const put = await upload(readOnly.id, 'new.txt', 'x');
    expect({ status: put.status, message: put.body.message }).toEqual({
      status: 403,
      message: expect.stringMatching(/read-only/),
    });
    expect((await api().delete(`${FILE_ROUTES.entries(readOnly.id)}${q('kept.txt')}`)).status).toBe(
      403,
    );
    expect(readFileSync(join(readOnly.path, 'kept.txt'), 'utf8')).toBe('kept');
    expect(await auditOf('file_uploaded')).toContainEqual(
      expect.objectContaining({
        result: 'failure',
        target: `PUT ${FILE_ROUTES.content(readOnly.id)}`,
      }),
    );
  });

  it("answers 404 for another organisation's root", async () => {
    // A session of its own switches (switching ends the session it was made in).
    const switcher = await adminToken(t);
    const created = await api(switcher).post(ORGANIZATION_ROUTES.platformOrganizations, {
      name: 'Files B',
      slug: `files-b-${randomBytes(3).toString('hex')}`,
    });
    expect(created.status).toBe(201);
    const switched = await api(switcher).post(ORGANIZATION_ROUTES.switch, {
      organizationId: created.body.id,
    });
    expect(switched.status).toBe(200);
    const tokenB = (switched.body as TokenPair).accessToken;
    const rootB = await declareRoot('org-b', {}, tokenB);
    writeFileSync(join(rootB.path, 'b.txt'), 'of B');

    expect((await api().get(FILE_ROOT_ROUTES.item(rootB.id))).status).toBe(404);
    expect((await api().get(FILE_ROUTES.entries(rootB.id))).status).toBe(404);
    expect((await api().get(`${FILE_ROUTES.content(rootB.id)}${q('b.txt')}`)).status).toBe(404);
    expect((await upload(rootB.id, 'a.txt', 'from A')).status).toBe(404);
    expect(existsSync(join(rootB.path, 'a.txt'))).toBe(false);
    expect((await api(tokenB).get(FILE_ROUTES.entries(rootB.id))).status).toBe(200);
  });

  it('refuses an upload over the size limit with 413 before reading it', async () => {
    const status = await new Promise<number>((resolve, reject) => {
      const req = httpRequest(`${t.url}${FILE_ROUTES.content(root.id)}${q('huge.bin')}`, {
        method: 'PUT',
        headers: {
          Authorization: `Bearer ${admin}`,
          'Content-Type': 'application/octet-stream',
          'Content-Length': String(400 * MiB),
        },
      });
      req.on('response', (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
        req.destroy();
      });
      req.on('error', reject);
      req.write(Buffer.alloc(1024));
    });
    expect(status).toBe(413);
    expect(existsSync(join(root.path, 'huge.bin'))).toBe(false);
  });

  it('streams a 200 MB upload with the API process growing well under 100 MB', async () => {
    const total = 200 * MiB;
    const chunk = randomBytes(MiB);
    const baseline = process.memoryUsage().rss;
    let peak = baseline;
    const sampler = setInterval(() => {
      peak = Math.max(peak, process.memoryUsage().rss);
    }, 20);
    try {
      const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = httpRequest(`${t.url}${FILE_ROUTES.content(root.id)}${q('big.bin')}`, {
          method: 'PUT',
          headers: {
            Authorization: `Bearer ${admin}`,
            'Content-Type': 'application/octet-stream',
            'Content-Length': String(total),
          },
        });
        req.on('response', (r) => {
          let body = '';
          r.setEncoding('utf8');
          r.on('data', (d: string) => (body += d));
          r.on('end', () => resolve({ status: r.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        // The body is generated as it is sent (one 1 MiB buffer reused), respecting backpressure.
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
      expect(res.status).toBe(201);
    } finally {
      clearInterval(sampler);
    }
    expect(statSync(join(root.path, 'big.bin')).size).toBe(total);
    const growth = (peak - baseline) / MiB;
    expect(growth).toBeLessThan(100);
  }, 120_000);
});
