import { RequirePermissions, UnitOfWork } from '@hyperion/api/core';
import type {
  AlertBulkActionResponse,
  AlertDetail,
  AlertListResponse,
  AlertReportTrend,
  AlertSummary,
  MonthlyAlertReport,
} from '@hyperion/contracts';
import { ALERT_PERMISSIONS } from '@hyperion/contracts';
import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';

import { monthlyReport, reportTrend } from '../reports/alert-report-queries';
import { AlertService } from './alert.service';
import {
  AlertActionDto,
  AlertBulkActionDto,
  AlertListQueryDto,
  MonthQueryDto,
  TrendQueryDto,
} from './dto/alert.dto';

const monthStart = (month: string) => {
  const [year, m] = month.split('-').map(Number);
  return new Date(Date.UTC(year, m - 1, 1));
};

/**
 * `/api/v1/alerts` (ALERT_ROUTES): one page of alerts, one alert, acting on alerts, the monthly
 * report and its trend. (Ingest is served ahead of Nest: see AlertIngestHttp.)
 */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller({ path: 'alerts', version: '1' })
export class AlertController {
  constructor(
    private readonly alerts: AlertService,
    private readonly uow: UnitOfWork,
  ) {}

  @Get()
  @RequirePermissions(ALERT_PERMISSIONS.read)
  list(@Query() query: AlertListQueryDto): Promise<AlertListResponse> {
    return this.alerts.list(query);
  }

  /** The critical alert events of one UTC month (critical-alert-metrics.md). */
  @Get('reports/monthly')
  @RequirePermissions(ALERT_PERMISSIONS.read)
  monthly(@Query() query: MonthQueryDto): Promise<MonthlyAlertReport> {
    const from = monthStart(query.month);
    const to = new Date(Date.UTC(from.getUTCFullYear(), from.getUTCMonth() + 1, 1));
    return this.uow.run((tx) => monthlyReport(tx.manager, tx.organizationId as string, from, to));
  }

  @Get('reports/trend')
  @RequirePermissions(ALERT_PERMISSIONS.read)
  trend(@Query() query: TrendQueryDto): Promise<AlertReportTrend> {
    const now = new Date();
    const last = query.to
      ? monthStart(query.to)
      : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
    return this.uow.run((tx) =>
      reportTrend(tx.manager, tx.organizationId as string, last, query.months ?? 12),
    );
  }

  @Post('actions')
  @HttpCode(200)
  @RequirePermissions(ALERT_PERMISSIONS.ack)
  async bulk(@Body() dto: AlertBulkActionDto): Promise<AlertBulkActionResponse> {
    return this.alerts.bulk(dto.ids, { action: dto.action, minutes: dto.minutes });
  }

  @Get(':id')
  @RequirePermissions(ALERT_PERMISSIONS.read)
  get(@Param('id', new ParseUUIDPipe()) id: string): Promise<AlertDetail> {
    return this.alerts.get(id);
  }

  @Post(':id/actions')
  @HttpCode(200)
  @RequirePermissions(ALERT_PERMISSIONS.ack)
  act(
    @Param('id', new ParseUUIDPipe()) id: string,
    @Body() dto: AlertActionDto,
  ): Promise<AlertSummary> {
    return this.alerts.act(id, dto);
  }
}
