import { AppConfig, StartupError } from '@hyperion/api/core';
import { Injectable, Logger, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The file under DATA_DIR that holds the generated token (Prometheus' `credentials_file`). */
export const METRICS_TOKEN_FILE = 'metrics-token';

/** What METRICS_TOKEN accepts, so a token read back from the file meets the same rule. */
const TOKEN = /^[A-Za-z0-9._~+/=-]{16,256}$/;
const BEARER = /^Bearer\s+(\S+)\s*$/i;

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Whether `credential` is the token, in time that does not depend on where they differ: both
 * are hashed first, so the comparison is of equal-length digests whatever was sent.
 */
export function sameToken(credential: string, token: string): boolean {
  return timingSafeEqual(digest(credential), digest(token));
}

/**
 * The token of a data directory: read from `<dataDir>/metrics-token`, or generated there on the
 * first start (32 random bytes, base64url, mode 0600). Created exclusively, so two instances
 * starting on one data directory end up with the same token.
 */
export function dataDirToken(dataDir: string): { token: string; path: string; created: boolean } {
  const path = join(dataDir, METRICS_TOKEN_FILE);
  const token = randomBytes(32).toString('base64url');
  mkdirSync(dataDir, { recursive: true, mode: 0o711 });
  try {
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(path, 0o600);
    return { token, path, created: true };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  const stored = readFileSync(path, 'utf8').trim();
  if (!TOKEN.test(stored)) {
    throw new StartupError(
      `${path} must hold one token of 16 to 256 characters (letters, digits, . _ ~ + / = -); ` +
        'move it away to generate a new one, or set METRICS_TOKEN',
    );
  }
  return { token: stored, path, created: false };
}

/**
 * Who may read `GET /metrics`. METRICS_ENABLED=false: nobody (404, as if the route did not
 * exist). Otherwise the caller sends `Authorization: Bearer <token>`, the token being
 * METRICS_TOKEN or, when that is unset, the one generated under DATA_DIR. There is no
 * unauthenticated default: the metrics name organisations and monitors, and an open endpoint
 * behind a forgotten port mapping would publish them.
 */
@Injectable()
export class MetricsAccess {
  private readonly logger = new Logger('Metrics');
  private readonly token: string | null;

  constructor(config: AppConfig) {
    if (!config.metricsEnabled) {
      this.token = null;
      return;
    }
    if (config.metricsToken) {
      this.token = config.metricsToken;
      return;
    }
    const stored = dataDirToken(config.dataDir);
    this.token = stored.token;
    // The path, never the token: logs travel further than the data directory.
    this.logger.log(
      `${stored.created ? 'Generated the' : 'The'} bearer token of GET /metrics is in ` +
        `${stored.path} (Prometheus: authorization.credentials_file; METRICS_TOKEN overrides it)`,
    );
  }

  get enabled(): boolean {
    return this.token !== null;
  }

  /** Throws 404 when metrics are disabled, 401 unless `authorization` carries the token. */
  check(authorization: string | undefined): void {
    if (this.token === null) throw new NotFoundException('Cannot GET /metrics');
    const credential = authorization ? BEARER.exec(authorization)?.[1] : undefined;
    if (!credential || !sameToken(credential, this.token)) {
      throw new UnauthorizedException('A valid bearer token is required for /metrics');
    }
  }
}
