import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * A small JSON file under DATA_DIR holding values generated on first start (passwords, keys),
 * readable by its owner only (mode 0600).
 */
export class SecretsFile<T extends object> {
  constructor(private readonly path: string) {}

  read(): Partial<T> {
    if (!existsSync(this.path)) {
      return {};
    }
    const parsed: unknown = JSON.parse(readFileSync(this.path, 'utf8'));
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw new Error(`${this.path} must hold a JSON object; move it away to generate a new one`);
    }
    // Each value is checked by its reader (a missing one is generated again).
    return Object.fromEntries(
      Object.entries(parsed).filter(
        ([, value]) => typeof value === 'string' || typeof value === 'number',
      ),
    ) as Partial<T>;
  }

  write(values: T): void {
    mkdirSync(dirname(this.path), { recursive: true, mode: 0o711 });
    writeFileSync(this.path, `${JSON.stringify(values, null, 2)}\n`, { mode: 0o600 });
    chmodSync(this.path, 0o600);
  }
}

export function generateSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}
