import type { HostResolution } from '@hyperion/contracts';
import { HOST_RULES } from '@hyperion/contracts';
import { BadRequestException } from '@nestjs/common';

/** How long each resolution is kept (the configuration's retention). */
export interface Retention {
  rawHours: number;
  minuteDays: number;
  hourDays: number;
}

/** What a range query reads: which resolution, binned how, over which range. */
export interface RangePlan {
  resolution: HostResolution;
  stepSeconds: number;
  from: Date;
  to: Date;
}

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * Plans a range query. `auto` takes the finest resolution still kept at `from` that gives at
 * most HOST_RULES.autoPointsMax points (raw samples come every `intervalSeconds`); past what
 * hourly points allow, hours are binned several to a point. An explicit resolution is refused
 * (400 naming `resolution`) for a range too long for it. `from` defaults to an hour before `to`,
 * `to` to now.
 */
export function planRange(input: {
  from?: string;
  to?: string;
  resolution?: HostResolution | 'auto';
  intervalSeconds: number;
  retention: Retention;
  now: Date;
}): RangePlan {
  const to = input.to ? new Date(input.to) : input.now;
  const from = input.from ? new Date(input.from) : new Date(to.getTime() - HOUR_MS);
  const span = to.getTime() - from.getTime();
  if (!(span > 0)) throw new BadRequestException('from: must be before to');
  if (span > HOST_RULES.rangeMaxDays * DAY_MS) {
    throw new BadRequestException(`from: a range covers at most ${HOST_RULES.rangeMaxDays} days`);
  }
  const asked = input.resolution ?? 'auto';
  if (asked === 'raw') {
    if (span > HOST_RULES.rawRangeMaxHours * HOUR_MS) {
      throw new BadRequestException(
        `resolution: raw samples cover at most ${HOST_RULES.rawRangeMaxHours} hours; ask for 1m, 1h or auto`,
      );
    }
    return { resolution: 'raw', stepSeconds: input.intervalSeconds, from, to };
  }
  if (asked === '1m') {
    if (span > HOST_RULES.minuteRangeMaxHours * HOUR_MS) {
      throw new BadRequestException(
        `resolution: 1-minute points cover at most ${HOST_RULES.minuteRangeMaxHours} hours; ask for 1h or auto`,
      );
    }
    return { resolution: '1m', stepSeconds: 60, from, to };
  }
  if (asked === '1h') return { resolution: '1h', stepSeconds: 3600, from, to };

  const age = input.now.getTime() - from.getTime();
  const fits = (stepSeconds: number) => span / (stepSeconds * 1000) <= HOST_RULES.autoPointsMax;
  if (age <= input.retention.rawHours * HOUR_MS && fits(input.intervalSeconds)) {
    return { resolution: 'raw', stepSeconds: input.intervalSeconds, from, to };
  }
  if (age <= input.retention.minuteDays * DAY_MS && fits(60)) {
    return { resolution: '1m', stepSeconds: 60, from, to };
  }
  const hours = Math.max(1, Math.ceil(span / (HOST_RULES.autoPointsMax * HOUR_MS)));
  return { resolution: '1h', stepSeconds: hours * 3600, from, to };
}
