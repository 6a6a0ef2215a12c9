import { UnitOfWork } from '@hyperion/api/core';
import type { IncidentStats } from '@hyperion/contracts';
import { BadRequestException, Injectable } from '@nestjs/common';

import { IncidentStatsQueryDto } from '../dto/records.dto';
import { computeIncidentStats } from './incident-stats';
import { incidentStatsBuckets } from './stats-query';

/** The longest range one request may cover (a row per month of it). */
const MAX_RANGE_DAYS = 3660;

/** MTTA / MTTR per severity, service and month (GET /api/v1/incidents/stats). */
@Injectable()
export class IncidentStatsService {
  constructor(private readonly uow: UnitOfWork) {}

  stats(query: IncidentStatsQueryDto, now: Date = new Date()): Promise<IncidentStats> {
    const to = query.to ? new Date(query.to) : now;
    // Default: the last 12 months, from the start of the UTC month 11 months back.
    const from = query.from
      ? new Date(query.from)
      : new Date(Date.UTC(to.getUTCFullYear(), to.getUTCMonth() - 11, 1));
    if (from.getTime() >= to.getTime()) {
      throw new BadRequestException('to: must be after from');
    }
    if (to.getTime() - from.getTime() > MAX_RANGE_DAYS * 86_400_000) {
      throw new BadRequestException('to: at most 10 years after from');
    }
    return this.uow.run(async (tx) =>
      computeIncidentStats(await incidentStatsBuckets(tx, from, to), { from, to }),
    );
  }
}
