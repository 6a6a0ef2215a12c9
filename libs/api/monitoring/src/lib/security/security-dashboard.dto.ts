import type { SecurityRange } from '@hyperion/contracts';
import { SECURITY_RANGES } from '@hyperion/contracts';
import { IsIn, IsOptional } from 'class-validator';

/** `?range=24h|7d|30d`; 24h when absent. */
export class SecurityDashboardQueryDto {
  @IsOptional()
  @IsIn(SECURITY_RANGES, { message: `range: one of ${SECURITY_RANGES.join(', ')}` })
  range?: SecurityRange;
}
