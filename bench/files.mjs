// File manager transfers (issue 12, done-means 5): a 1 GiB upload and its download stream
// through the API, whose resident memory (RSS, read from /proc every 50 ms) must grow by less
// than 100 MB. Needs `npm run build`, PostgreSQL and Redis (see bench/lib/bench-server.mjs).
//
//   node bench/files.mjs               # SIZE_MB=1024 by default
//   SIZE_MB=256 node bench/files.mjs
//
// Prints one JSON object; the last line is a one-line summary for the README.
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

import { BENCH_ADMIN_PASSWORD, startBenchServer } from './lib/bench-server.mjs';

const SIZE = Number(process.env.SIZE_MB ?? 1024) * 1024 * 1024;
const CHUNK = 1024 * 1024;
const LIMIT_MB = 100;

async function json(base, method, path, token, body) {
  const res = await fetch(base + path, {
    method,
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${text.slice(0, 300)}`);
  return text ? JSON.parse(text) : null;
}

/** The server's resident set, in bytes (Linux). */
function rssOf(pid) {
  const line = readFileSync(`/proc/${pid}/status`, 'utf8')
    .split('\n')
    .find((l) => l.startsWith('VmRSS:'));
  return Number(line.split(/\s+/)[1]) * 1024;
}

/** Samples the RSS every 50 ms until stopped; returns the peak. */
function sampleRss(pid) {
  let peak = rssOf(pid);
  const timer = setInterval(() => {
    try {
      peak = Math.max(peak, rssOf(pid));
    } catch {
      // The server exited: the run fails elsewhere.
    }
  }, 50);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssOf(pid));
    },
  };
}

/**
 * Bytes produced 1 MiB at a time (the client never holds the file either): one random block,
 * each copy stamped with its number, so no two chunks are alike and nothing compresses.
 */
function* chunks(size) {
  const random = randomBytes(CHUNK);
  for (let offset = 0, n = 0; offset < size; offset += CHUNK, n++) {
    const block = Buffer.from(random.subarray(0, Math.min(CHUNK, size - offset)));
    block.writeUInt32BE(n, 0);
    yield block;
  }
}

/** PUT with backpressure: the next chunk is written once the socket drained the last one. */
function upload(base, path, token) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    const req = request(
      `${base}${path}`,
      {
        method: 'PUT',
        headers: {
          authorization: `Bearer ${token}`,
          'content-type': 'application/octet-stream',
          'content-length': String(SIZE),
        },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (body += d));
        res.on('end', () => resolve({ status: res.statusCode, body, sha256: hash.digest('hex') }));
      },
    );
    req.on('error', reject);
    const source = chunks(SIZE);
    const pump = () => {
      for (;;) {
        const next = source.next();
        if (next.done) {
          req.end();
          return;
        }
        hash.update(next.value);
        if (!req.write(next.value)) {
          req.once('drain', pump);
          return;
        }
      }
    };
    pump();
  });
}

/** GET, hashing the bytes as they arrive (never kept). */
function download(base, path, token) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    let bytes = 0;
    request(`${base}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
      res.on('data', (d) => {
        bytes += d.length;
        hash.update(d);
      });
      res.on('end', () => resolve({ status: res.statusCode, bytes, sha256: hash.digest('hex') }));
      res.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

function fileSha256(path) {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (d) => hash.update(d))
      .on('end', () => resolve(hash.digest('hex')))
      .on('error', reject);
  });
}

const mb = (bytes) => Math.round((bytes / 1024 / 1024) * 10) / 10;

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'hyperion-bench-files-'));
  const server = await startBenchServer({
    FILES_ALLOWED_ROOTS: dir,
    FILES_MAX_UPLOAD_BYTES: String(Math.max(SIZE, 2 * 1024 ** 3)),
  });
  try {
    const { base, pid } = server;
    const { accessToken: token } = await json(base, 'POST', '/api/v1/auth/login', null, {
      username: 'admin',
      password: BENCH_ADMIN_PASSWORD,
    });
    const root = await json(base, 'POST', '/api/v1/files/roots', token, {
      name: 'bench',
      kind: 'local',
      path: dir,
    });
    const content = `/api/v1/files/roots/${root.id}/content`;
    // Warm the route once (lazy module code, pools) so the baseline is the steady state.
    await json(base, 'GET', `/api/v1/files/roots/${root.id}/entries?path=`, token);
    global.gc?.();
    await new Promise((r) => setTimeout(r, 500));

    const before = rssOf(pid);
    const upRss = sampleRss(pid);
    const upStart = performance.now();
    const up = await upload(base, `${content}?path=big.bin`, token);
    const upSeconds = (performance.now() - upStart) / 1000;
    const upPeak = upRss.stop();
    if (up.status !== 201) throw new Error(`upload answered ${up.status}: ${up.body}`);
    const onDisk = statSync(join(dir, 'big.bin')).size;
    const diskSha = await fileSha256(join(dir, 'big.bin'));

    // A second create-only upload of the same name is a conflict, refused before it is stored.
    const conflict = await fetch(`${base}${content}?path=big.bin`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/octet-stream' },
      body: 'other bytes',
    });

    const downBefore = rssOf(pid);
    const downRss = sampleRss(pid);
    const downStart = performance.now();
    const down = await download(base, `${content}?path=big.bin`, token);
    const downSeconds = (performance.now() - downStart) / 1000;
    const downPeak = downRss.stop();

    const result = {
      sizeMiB: mb(SIZE),
      upload: {
        status: up.status,
        seconds: Math.round(upSeconds * 10) / 10,
        mibPerSecond: Math.round(mb(SIZE) / upSeconds),
        rssBeforeMiB: mb(before),
        rssPeakMiB: mb(upPeak),
        rssGrowthMiB: mb(upPeak - before),
        storedBytes: onDisk,
        sha256Matches: diskSha === up.sha256,
      },
      conflictingUploadStatus: conflict.status,
      download: {
        status: down.status,
        seconds: Math.round(downSeconds * 10) / 10,
        mibPerSecond: Math.round(mb(SIZE) / downSeconds),
        rssBeforeMiB: mb(downBefore),
        rssPeakMiB: mb(downPeak),
        rssGrowthMiB: mb(downPeak - downBefore),
        sha256Matches: down.sha256 === up.sha256 && down.bytes === SIZE,
      },
      limitMiB: LIMIT_MB,
    };
    console.log(JSON.stringify(result, null, 2));
    const ok =
      result.upload.sha256Matches &&
      result.download.sha256Matches &&
      result.upload.rssGrowthMiB < LIMIT_MB &&
      result.download.rssGrowthMiB < LIMIT_MB &&
      conflict.status === 409;
    console.log(
      `files: ${mb(SIZE)} MiB upload ${result.upload.mibPerSecond} MiB/s, RSS +${result.upload.rssGrowthMiB} MiB; ` +
        `download ${result.download.mibPerSecond} MiB/s, RSS +${result.download.rssGrowthMiB} MiB; ` +
        `conflicting upload ${conflict.status}; limit +${LIMIT_MB} MiB: ${ok ? 'met' : 'NOT met'}`,
    );
    if (!ok) process.exitCode = 1;
  } finally {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
