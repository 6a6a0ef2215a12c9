import { randomBytes } from 'node:crypto';
import { join } from 'node:path';

import { AppConfig } from '../config/app-config';
import { SecretsFile } from '../runtime/secrets-file';

interface StoredSecrets {
  jwtSecret: string;
  encryptionKey: string;
}

/** Keys Hyperion signs and encrypts with. Never logged, never in the repository. */
export class AppSecrets {
  constructor(
    readonly jwtSecret: string,
    /** 32 bytes, for AES-256-GCM. */
    readonly encryptionKey: Buffer,
  ) {}
}

/**
 * JWT_SECRET / ENCRYPTION_KEY from the environment when set; otherwise generated once into
 * `<DATA_DIR>/secrets.json` (mode 0600) and read back on every later start.
 */
export function loadSecrets(config: AppConfig): AppSecrets {
  const file = new SecretsFile<StoredSecrets>(join(config.dataDir, 'secrets.json'));
  const stored = file.read();
  const generated: StoredSecrets = {
    jwtSecret: stored.jwtSecret ?? randomBytes(48).toString('base64url'),
    encryptionKey: stored.encryptionKey ?? randomBytes(32).toString('base64'),
  };
  if (!stored.jwtSecret || !stored.encryptionKey) {
    file.write(generated);
  }
  return new AppSecrets(
    config.jwtSecret ?? generated.jwtSecret,
    Buffer.from(config.encryptionKey ?? generated.encryptionKey, 'base64'),
  );
}
