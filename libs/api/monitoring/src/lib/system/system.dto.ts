import { OptionalQueryInteger } from '@hyperion/api/core';
import type {
  ProcessListQuery,
  ProcessSortKey,
  ProcessStopRequest,
  ServiceAction,
  SortOrder,
} from '@hyperion/contracts';
import { PROCESS_SORT_KEYS, SERVICE_ACTIONS, SORT_ORDERS, SYSTEM_RULES } from '@hyperion/contracts';
import { BadRequestException, PipeTransform } from '@nestjs/common';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

const SORT_MESSAGE = `sort: one of ${PROCESS_SORT_KEYS.join(', ')}`;
const ORDER_MESSAGE = `order: one of ${SORT_ORDERS.join(', ')}`;
const SEARCH_MESSAGE = `q: text of at most ${SYSTEM_RULES.searchMaxLength} characters`;
const STARTED_AT_MESSAGE = 'startedAt: the ISO 8601 start time the process list gave';
const GRACE_MESSAGE = `graceSeconds: a whole number from ${SYSTEM_RULES.graceSecondsMin} to ${SYSTEM_RULES.graceSecondsMax}`;

export class ProcessListQueryDto implements ProcessListQuery {
  @IsOptional()
  @IsIn(PROCESS_SORT_KEYS, { message: SORT_MESSAGE })
  sort?: ProcessSortKey;

  @IsOptional()
  @IsIn(SORT_ORDERS, { message: ORDER_MESSAGE })
  order?: SortOrder;

  @IsOptional()
  @IsString({ message: SEARCH_MESSAGE })
  @MaxLength(SYSTEM_RULES.searchMaxLength, { message: SEARCH_MESSAGE })
  q?: string;

  @OptionalQueryInteger(1, SYSTEM_RULES.limitMax)
  limit?: number;

  @OptionalQueryInteger(0, SYSTEM_RULES.offsetMax)
  offset?: number;
}

export class ProcessStopDto implements ProcessStopRequest {
  @IsOptional()
  @IsISO8601({ strict: true, strictSeparator: true }, { message: STARTED_AT_MESSAGE })
  startedAt?: string;

  @IsOptional()
  @IsInt({ message: GRACE_MESSAGE })
  @Min(SYSTEM_RULES.graceSecondsMin, { message: GRACE_MESSAGE })
  @Max(SYSTEM_RULES.graceSecondsMax, { message: GRACE_MESSAGE })
  graceSeconds?: number;
}

/** `:pid`: a whole number within Linux's pid range, else 400 naming it. */
export class ParsePidPipe implements PipeTransform<string, number> {
  transform(value: string): number {
    const pid = /^[1-9]\d{0,6}$/.test(value) ? Number(value) : NaN;
    if (!(pid <= SYSTEM_RULES.pidMax)) {
      throw new BadRequestException(`pid must be ${SYSTEM_RULES.pidHint}`);
    }
    return pid;
  }
}

/** `:unit`: a systemd service name (SYSTEM_RULES.unitPattern), else 400 naming it (also when absent). */
export class ParseUnitPipe implements PipeTransform<string | undefined, string> {
  transform(value: string | undefined): string {
    if (value === undefined || !SYSTEM_RULES.unitPattern.test(value)) {
      throw new BadRequestException(`unit must be ${SYSTEM_RULES.unitHint}`);
    }
    return value;
  }
}

/** `:action`: start, stop or restart, else 400 naming it. */
export class ParseServiceActionPipe implements PipeTransform<string, ServiceAction> {
  transform(value: string): ServiceAction {
    if (!(SERVICE_ACTIONS as readonly string[]).includes(value)) {
      throw new BadRequestException(`action must be one of ${SERVICE_ACTIONS.join(', ')}`);
    }
    return value as ServiceAction;
  }
}
