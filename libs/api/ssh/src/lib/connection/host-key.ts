import { createHash } from 'node:crypto';

/** A host key as the server offered it: OpenSSH's SHA-256 fingerprint and the key's type. */
export interface OfferedHostKey {
  fingerprint: string;
  keyType: string;
}

/**
 * `SHA256:<base64 without padding>` of the key blob and the type named at its start (RFC 4253
 * §6.6: a length-prefixed string), exactly as `ssh-keygen -l` and OpenSSH's warnings print them.
 */
export function describeHostKey(blob: Buffer): OfferedHostKey {
  const fingerprint = `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
  const length = blob.length >= 4 ? blob.readUInt32BE(0) : 0;
  const keyType =
    length > 0 && length <= 64 && 4 + length <= blob.length
      ? blob.subarray(4, 4 + length).toString('latin1')
      : 'unknown';
  return { fingerprint, keyType };
}

/** What the verifier decided about one hop's host key. */
export type HostKeyVerdict =
  | { kind: 'trusted'; offered: OfferedHostKey }
  /** No key trusted yet: accepted, to be recorded once the handshake completes. */
  | { kind: 'first-use'; offered: OfferedHostKey }
  /** A different key: the connection was cut before any credential left. */
  | { kind: 'changed'; offered: OfferedHostKey; trusted: string };

/** Trust on first use, else the offered key must be the trusted one. */
export function judgeHostKey(offered: OfferedHostKey, trusted: string | null): HostKeyVerdict {
  if (trusted === null) return { kind: 'first-use', offered };
  if (offered.fingerprint === trusted) return { kind: 'trusted', offered };
  return { kind: 'changed', offered, trusted };
}
