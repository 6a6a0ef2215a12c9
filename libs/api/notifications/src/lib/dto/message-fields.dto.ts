import type { NotificationSeverity } from '@hyperion/contracts';
import { SEND_RULES } from '@hyperion/contracts';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';

export const SEVERITIES: readonly NotificationSeverity[] = ['critical', 'high', 'warning', 'info'];

/**
 * What a person reads of a notification, as a send and a page take it: title, summary, severity,
 * service. (The same limits for both: SEND_RULES, which PAGE_RULES repeats for the console.)
 */
export class MessageFieldsDto {
  @IsString({ message: `title: 1 to ${SEND_RULES.titleMax} characters` })
  @Length(1, SEND_RULES.titleMax, { message: `title: 1 to ${SEND_RULES.titleMax} characters` })
  title!: string;

  @IsOptional()
  @IsString({ message: `summary: at most ${SEND_RULES.summaryMax} characters` })
  @MaxLength(SEND_RULES.summaryMax, {
    message: `summary: at most ${SEND_RULES.summaryMax} characters`,
  })
  summary?: string;

  @IsIn(SEVERITIES, { message: `severity: one of ${SEVERITIES.join(', ')}` })
  severity!: NotificationSeverity;

  @IsOptional()
  @IsString({ message: `service: at most ${SEND_RULES.serviceMax} characters` })
  @MaxLength(SEND_RULES.serviceMax, {
    message: `service: at most ${SEND_RULES.serviceMax} characters`,
  })
  service?: string;
}
