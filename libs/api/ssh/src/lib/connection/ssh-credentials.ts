import type { SshAuthMethod } from '@hyperion/contracts';
import { BadRequestException } from '@nestjs/common';
import { utils } from 'ssh2';

/** The secrets of a host, sealed together in ssh_host.credentials (never in a response). */
export interface SshCredentials {
  privateKey?: string;
  passphrase?: string;
  password?: string;
}

/**
 * The credentials the given method needs, checked: a private key ssh2 can read (with its
 * passphrase, when encrypted), or a password. 400 naming the field otherwise.
 */
export function checkCredentials(
  method: SshAuthMethod,
  credentials: SshCredentials,
): SshCredentials {
  // Nothing stored: the server's questions are answered by the person in the terminal.
  if (method === 'keyboard-interactive') return {};
  if (method === 'password') {
    if (!credentials.password)
      throw new BadRequestException('password: required with authMethod "password"');
    return { password: credentials.password };
  }
  const { privateKey, passphrase } = credentials;
  if (!privateKey) throw new BadRequestException('privateKey: required with authMethod "key"');
  const parsed = utils.parseKey(privateKey, passphrase);
  if (parsed instanceof Error) {
    // ssh2 names the passphrase when the key is encrypted and it is missing or wrong.
    const field = /passphrase/i.test(parsed.message) ? 'passphrase' : 'privateKey';
    throw new BadRequestException(`${field}: ${parsed.message}`);
  }
  const key = Array.isArray(parsed) ? parsed[0] : parsed;
  if (!key || !key.isPrivateKey()) {
    throw new BadRequestException('privateKey: a public key was given, not a private key');
  }
  return passphrase ? { privateKey, passphrase } : { privateKey };
}
