import { errorMessage, RequestContext } from '@hyperion/api/core';
import { JOBS, QUEUES } from '@hyperion/contracts';
import { Process, Processor } from '@nestjs/bull';
import { Injectable, Logger } from '@nestjs/common';

import { chainLabel } from '../chain/audit-chain-format';
import { AuditChainVerifier, ChainVerification } from '../chain/audit-chain-verifier';

/** The stable start of the alert line for a broken chain (log-based alerting keys on it). */
export const CHAIN_BROKEN_ALERT = 'AUDIT CHAIN BROKEN';
/** A chain the verification could not read (it is not known to be intact). */
export const NOT_VERIFIED_ALERT = 'AUDIT CHAIN NOT VERIFIED';

export interface NightlyVerificationResult {
  chains: number;
  rows: number;
  broken: ChainVerification[];
  /** Chains that could not be read (`org=<id>`, or `all`): they are not known to be intact. */
  unverified: string[];
}

/**
 * The nightly verification of every audit hash chain: one Bull job per night for the whole
 * deployment (AuditVerificationScheduler). It only reads and logs; a broken chain is an
 * error-level line starting with `AUDIT CHAIN BROKEN org=<id> row=<id>`, and each intact chain's
 * head hash is logged as an anchor that a later full rewrite of the table could not match.
 */
@Injectable()
@Processor(QUEUES.auditVerification)
export class AuditVerificationProcessor {
  private readonly logger = new Logger('AuditChain');

  constructor(private readonly verifier: AuditChainVerifier) {}

  @Process(JOBS.verifyAuditChains)
  async process(): Promise<NightlyVerificationResult> {
    const result = await RequestContext.forJob({}, () => this.verifyEveryChain());
    // A chain that could not be read fails the job (Bull keeps it among the failed jobs).
    if (result.unverified.length > 0) {
      throw new Error(`${result.unverified.length} audit chain(s) could not be verified`);
    }
    return result;
  }

  /** Verifies every chain and logs the outcome; never throws for one chain's failure. */
  async verifyEveryChain(): Promise<NightlyVerificationResult> {
    const started = Date.now();
    const result: NightlyVerificationResult = { chains: 0, rows: 0, broken: [], unverified: [] };
    let chains: (string | null)[];
    try {
      chains = await this.verifier.listChains();
    } catch (error) {
      this.logger.error(
        `${NOT_VERIFIED_ALERT}: the chains could not be listed: ${errorMessage(error)}`,
      );
      return { ...result, unverified: ['all'] };
    }
    for (const organizationId of chains) {
      let chain: ChainVerification;
      try {
        chain = await this.verifier.verifyChain(organizationId);
      } catch (error) {
        result.unverified.push(chainLabel(organizationId));
        this.logger.error(
          `${NOT_VERIFIED_ALERT} ${chainLabel(organizationId)}: ${errorMessage(error)}`,
        );
        continue;
      }
      result.chains++;
      result.rows += chain.checked;
      if (chain.firstBroken) {
        result.broken.push(chain);
        this.logger.error(
          `${CHAIN_BROKEN_ALERT} ${chainLabel(organizationId)} row=${chain.firstBroken.id} ` +
            `reason="${chain.firstBroken.reason}" (${chain.checked} rows checked)`,
        );
      } else {
        this.logger.log(
          `Audit chain intact ${chainLabel(organizationId)} rows=${chain.checked} head=${chain.headHash ?? 'none'}`,
        );
      }
    }
    this.logger.log(
      `Audit chains verified: ${result.chains} chains, ${result.rows} rows, ` +
        `${result.broken.length} broken, in ${Date.now() - started} ms`,
    );
    return result;
  }
}
