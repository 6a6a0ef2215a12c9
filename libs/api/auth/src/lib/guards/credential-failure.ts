import { AuditService } from '@hyperion/api/audit';
import { Actor, UnitOfWork } from '@hyperion/api/core';
import { Injectable, UnauthorizedException } from '@nestjs/common';

import { apiKeyPrefix } from '../api-keys/api-key-format';
import { AccessTokens } from '../tokens/access-tokens.service';
import { sameDigest, sha256Hex } from '../tokens/token-crypto';

/** What the audit log says about a refused credential (never any part of the credential). */
export interface CredentialFailure {
  credential: 'bearer' | 'api_key';
  /** expired, bad signature, malformed token, unknown key, revoked key ... */
  reason: string;
  /** The organisation the credential belongs to, when it was genuinely identified. */
  organizationId: string | null;
  /** The API key, when it was genuinely identified (the entries are then counted per key). */
  actor: Actor | null;
  /** Ids that help an administrator (the token's user, the key's id), never secrets. */
  details: Record<string, unknown>;
}

/** Where the credential was presented: an HTTP request, or a Socket.IO handshake. */
export type CredentialTransport = 'http' | 'socket';

/** The API's one answer to a bad credential (whatever the reason), carrying what to audit. */
export class CredentialRejected extends UnauthorizedException {
  constructor(readonly failure: CredentialFailure) {
    super('Invalid or expired credentials');
  }
}

const bearer = (reason: string, more: Partial<CredentialFailure> = {}) =>
  new CredentialRejected({
    credential: 'bearer',
    reason,
    organizationId: null,
    actor: null,
    details: {},
    ...more,
  });

/**
 * Why passport-jwt refused a token, from the error jsonwebtoken reported (passport's `info`):
 * TokenExpiredError, NotBeforeError, or JsonWebTokenError with its message.
 */
export function rejectedAccessToken(info: unknown): CredentialRejected {
  const { name, message } = (info ?? {}) as { name?: unknown; message?: unknown };
  if (name === 'TokenExpiredError') return bearer('expired');
  if (name === 'NotBeforeError') return bearer('not yet valid');
  const text = typeof message === 'string' ? message : '';
  if (text === 'invalid signature') return bearer('bad signature');
  if (/^jwt issuer invalid/.test(text)) return bearer('wrong issuer');
  if (text === 'invalid algorithm') return bearer('wrong algorithm');
  if (/malformed|invalid token|unexpected token|jwt must be/i.test(text)) {
    return bearer('malformed token');
  }
  return bearer('invalid token');
}

/**
 * A token with a valid signature whose principal was refused (session ended, account disabled,
 * membership removed ...): recorded in the token's organisation, naming its user.
 */
export function rejectedAccessClaims(claims: unknown): CredentialRejected {
  const parsed = AccessTokens.parseAccessClaims(claims);
  if (!parsed?.familyId) return bearer('not an access token');
  return bearer('session no longer valid', {
    organizationId: parsed.organizationId,
    details: { userId: parsed.userId },
  });
}

interface KeyRow {
  id: string;
  name: string;
  organization_id: string;
  key_hash: string;
  revoked_at: Date | null;
  org_disabled: boolean;
}

/**
 * Why an API key was refused. Only a key whose secret matches is "identified" (its organisation
 * and id are recorded); a wrong secret for a known prefix is an unknown key, recorded at
 * instance level, so guessing cannot fill an organisation's log.
 */
export async function rejectedApiKey(uow: UnitOfWork, key: string): Promise<CredentialRejected> {
  const failure = (reason: string, more: Partial<CredentialFailure> = {}) =>
    new CredentialRejected({
      credential: 'api_key',
      reason,
      organizationId: null,
      actor: null,
      details: {},
      ...more,
    });
  const prefix = apiKeyPrefix(key);
  if (!prefix) return failure('malformed key');
  const hash = sha256Hex(key);
  const rows = await uow.run(
    (tx) =>
      tx.manager.query(
        `SELECT k.id, k.name, k.organization_id, k.key_hash, k.revoked_at,
                (o.disabled_at IS NOT NULL) AS org_disabled
           FROM api_key k JOIN organization o ON o.id = k.organization_id
          WHERE k.prefix = $1`,
        [prefix],
      ) as Promise<KeyRow[]>,
    { organizationId: null, lookups: { api_key_prefix: prefix }, independent: true },
  );
  const row = rows.find((k) => sameDigest(k.key_hash, hash));
  if (!row) return failure('unknown key');
  const identified = {
    organizationId: row.organization_id,
    actor: {
      type: 'api_key' as const,
      id: row.id,
      name: row.name,
      permissions: [],
      organizationId: row.organization_id,
      sessionId: null,
    },
    details: { apiKeyId: row.id },
  };
  if (row.revoked_at) return failure('revoked key', identified);
  if (row.org_disabled) return failure('organization disabled', identified);
  return failure('creator disabled or no longer a member', identified);
}

/**
 * Audits a refused credential as `auth_failed` with the reason and where it came from, counted
 * per minute and actor (or source IP) by AuditService.recordRepeated, so a flood of refusals
 * writes a few rows, not one each. Nothing of the credential itself is stored. The source IP and
 * user agent come from the RequestContext the HTTP middleware or the socket handshake opened.
 */
@Injectable()
export class CredentialAudit {
  constructor(private readonly audit: AuditService) {}

  async record({ failure }: CredentialRejected, transport: CredentialTransport): Promise<void> {
    await this.audit.recordRepeated(
      {
        actor: failure.actor,
        action: 'auth_failed',
        target: failure.actor ? `api_key:${failure.actor.id}` : null,
        result: 'failure',
        organizationId: failure.organizationId,
        details: {
          credential: failure.credential,
          reason: failure.reason,
          transport,
          ...failure.details,
        },
      },
      { facet: `${transport}:${failure.credential}:${failure.reason}` },
    );
  }
}
