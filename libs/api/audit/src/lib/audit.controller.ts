import { RequirePermissions } from '@hyperion/api/core';
import type { AuditPage } from '@hyperion/contracts';
import { Controller, Get, Header, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';

import { AuditService } from './audit.service';
import { AuditQueryDto } from './dto/audit-query.dto';

/** Read-only: there is no route that changes or deletes an audit row. */
@ApiTags('audit')
@ApiBearerAuth()
@RequirePermissions('audit:read')
@Controller({ path: 'audit', version: '1' })
export class AuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  search(@Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.audit.search(query);
  }

  @Get('export.csv')
  @Header('Content-Type', 'text/csv; charset=utf-8')
  async exportCsv(@Query() query: AuditQueryDto, @Res() res: Response): Promise<void> {
    const stamp = new Date().toISOString().replace(/[:.]/g, '-');
    res.setHeader('Content-Disposition', `attachment; filename="hyperion-audit-${stamp}.csv"`);
    for await (const chunk of this.audit.exportCsv(query)) {
      if (!res.write(chunk)) await new Promise((r) => res.once('drain', r));
    }
    res.end();
  }
}

/** Instance-level entries (of no organisation), for platform administrators. */
@ApiTags('platform')
@ApiBearerAuth()
@RequirePermissions('platform:admin')
@Controller({ path: 'platform/audit', version: '1' })
export class PlatformAuditController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  search(@Query() query: AuditQueryDto): Promise<AuditPage> {
    return this.audit.searchInstance(query);
  }
}
