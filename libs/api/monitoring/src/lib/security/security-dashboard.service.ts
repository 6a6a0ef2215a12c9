import { Actor, UnitOfWork } from '@hyperion/api/core';
import type {
  SecurityDashboard,
  SecurityRange,
  SecurityTally,
  TwoFactorChangeKind,
} from '@hyperion/contracts';
import { SECURITY_DASHBOARD_PERMISSIONS } from '@hyperion/contracts';
import { BadRequestException, Injectable } from '@nestjs/common';

import { SecurityDashboardRepository, TallyRow } from './security-dashboard.repository';
import {
  countOf,
  toAccessChange,
  toCertificateStatus,
  toLockout,
  toTwoFactorChange,
} from './security-events';
import { fillSeries, securityWindow } from './security-range';

const TWO_FACTOR_KINDS: readonly TwoFactorChangeKind[] = [
  'enabled',
  'disabled',
  'reset',
  'recovery_code_used',
  'recovery_codes_regenerated',
];

const tallies = (rows: readonly TallyRow[], by: TallyRow['by']): SecurityTally[] =>
  rows.filter((row) => row.by === by).map((row) => ({ value: row.value, count: row.n }));

/**
 * The security dashboard of the caller's organisation: what its audit log says about sign-ins,
 * lockouts, second factors, permissions and API keys over a range, compared with the period
 * before, and the certificates its HTTPS monitors saw. One read-only unit of work.
 */
@Injectable()
export class SecurityDashboardService {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly repository: SecurityDashboardRepository,
  ) {}

  async dashboard(actor: Actor, range: SecurityRange): Promise<SecurityDashboard> {
    if (!actor.organizationId) {
      throw new BadRequestException('No active organisation: switch to one to see its dashboard');
    }
    const window = securityWindow(range, new Date());
    const withCertificates = actor.permissions.includes(
      SECURITY_DASHBOARD_PERMISSIONS.certificates,
    );
    const read = await this.uow.run(async () => ({
      counts: await this.repository.countsByKind(window),
      buckets: await this.repository.failedLoginsByBucket(window),
      sources: await this.repository.topFailedLoginSources(window),
      latest: await this.repository.latestEvents(window),
      certificates: withCertificates ? await this.repository.certificates(window.now) : null,
    }));
    const { counts, latest } = read;
    const ofKind = (kind: string) => latest.filter((row) => row.kind === kind);
    const ofGroup = (group: string) => latest.filter((row) => row.kind.startsWith(`${group}:`));
    const byKind = Object.fromEntries(
      TWO_FACTOR_KINDS.map((kind) => [kind, countOf(counts, (k) => k === `2fa:${kind}`).count]),
    ) as Record<TwoFactorChangeKind, number>;
    const [firstCertificate] = read.certificates ?? [];

    return {
      range,
      bucket: window.bucket,
      from: window.from.toISOString(),
      to: window.now.toISOString(),
      previousFrom: window.previousFrom.toISOString(),
      generatedAt: window.now.toISOString(),
      failedLogins: {
        ...countOf(counts, (k) => k === 'failed_login'),
        series: fillSeries(window, read.buckets),
        topIps: tallies(read.sources, 'ip'),
        topUsernames: tallies(read.sources, 'username'),
      },
      lockouts: {
        ...countOf(counts, (k) => k === 'lockout'),
        latest: ofKind('lockout').map(toLockout),
      },
      twoFactor: {
        ...countOf(counts, (k) => k.startsWith('2fa:')),
        byKind,
        latest: ofGroup('2fa').map(toTwoFactorChange),
      },
      permissionChanges: {
        ...countOf(counts, (k) => k === 'permission'),
        latest: ofKind('permission').map(toAccessChange),
      },
      apiKeys: {
        ...countOf(counts, (k) => k.startsWith('api_key:')),
        created: countOf(counts, (k) => k === 'api_key:created').count,
        revoked: countOf(counts, (k) => k === 'api_key:revoked').count,
        latest: ofGroup('api_key').map(toAccessChange),
      },
      certificates: read.certificates && {
        total: firstCertificate?.total ?? 0,
        expiringSoon: firstCertificate?.expiring ?? 0,
        items: read.certificates.map((row) => toCertificateStatus(row, window.now)),
      },
    };
  }
}
