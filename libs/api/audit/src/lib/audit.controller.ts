import { errorMessage, RequestContext, RequirePermissions } from '@hyperion/api/core';
import { AUDIT_ROUTES, AuditPage, AuditVerification } from '@hyperion/contracts';
import { BadRequestException, Controller, Get, Logger, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { AuditService } from './audit.service';
import { AuditChainVerifier, ChainVerification } from './chain/audit-chain-verifier';
import { AuditQueryDto } from './dto/audit-query.dto';

/** The AuditVerification of the contracts (without the verifier's internal fields). */
function verification(v: ChainVerification): AuditVerification {
  return { ok: v.ok, checked: v.checked, firstBroken: v.firstBroken, verifiedAt: v.verifiedAt };
}

/**
 * Waits until `res` can take more (true) or the client has gone (false): a download the client
 * abandoned must not keep the export waiting for ever.
 */
function drained(res: Response): Promise<boolean> {
  if (res.destroyed || res.writableEnded) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => () => {
      res.off('drain', onDrain);
      res.off('close', onClose);
      resolve(ok);
    };
    const onDrain = done(true);
    const onClose = done(false);
    res.once('drain', onDrain);
    res.once('close', onClose);
  });
}

/** Read-only: there is no route that changes or deletes an audit row. */
@ApiTags('audit')
@ApiBearerAuth()
@RequirePermissions('audit:read')
@Controller({ path: 'audit', version: '1' })
export class AuditController {
  private readonly logger = new Logger('Audit');

  constructor(
    private readonly audit: AuditService,
    private readonly verifier: AuditChainVerifier,
  ) {}

  @Get()
  search(@Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.audit.search(query);
  }

  /** Walks the active organisation's hash chain and names the first broken link. */
  @Get('verify')
  async verify(): Promise<AuditVerification> {
    const organizationId = RequestContext.require().organizationId;
    if (!organizationId) {
      throw new BadRequestException(
        `No active organisation: switch to one, or verify instance-level entries at ${AUDIT_ROUTES.platform}/verify`,
      );
    }
    return verification(await this.verifier.verifyOrganization(organizationId));
  }

  /**
   * Filters are checked and the first rows read before the first byte (a bad filter is a 400
   * naming it, never a 200 then an error). A failure later, mid-stream, destroys the connection:
   * the client sees an aborted transfer, not a complete-looking file, and nothing hangs.
   */
  @Get('export.csv')
  // The CSV content type is set once the filters passed (not with @Header, which Nest applies
  // before the handler runs and so would label a 400's JSON as CSV).
  @ApiProduces('text/csv')
  async exportCsv(@Query() query: AuditQueryDto, @Res() res: Response): Promise<void> {
    const lines = await this.audit.openCsvExport(query);
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="hyperion-audit-${stamp}.csv"`);
    try {
      for await (const chunk of lines) {
        if (!res.write(chunk) && !(await drained(res))) return; // the client left
      }
      res.end();
    } catch (error) {
      const { correlationId } = RequestContext.meta();
      this.logger.error(
        `Audit CSV export aborted mid-stream (correlationId=${correlationId}): ${errorMessage(error)}`,
      );
      res.destroy();
    }
  }
}

/** Instance-level entries (of no organisation), for platform administrators. */
@ApiTags('platform')
@ApiBearerAuth()
@RequirePermissions('platform:admin')
@Controller({ path: 'platform/audit', version: '1' })
export class PlatformAuditController {
  constructor(
    private readonly audit: AuditService,
    private readonly verifier: AuditChainVerifier,
  ) {}

  @Get()
  search(@Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.audit.searchInstance(query);
  }

  /** Walks the chain of instance-level entries and names the first broken link. */
  @Get('verify')
  async verify(): Promise<AuditVerification> {
    return verification(await this.verifier.verifyInstance());
  }
}
