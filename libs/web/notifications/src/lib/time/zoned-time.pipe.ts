import { Pipe, PipeTransform } from '@angular/core';

import { formatZonedTime } from './zoned-time';

/** `{{ iso | zonedTime }}` → "2026-11-22 06:41:03 CET"; `{{ iso | zonedTime: true }}` → in UTC. */
@Pipe({ name: 'zonedTime' })
export class ZonedTimePipe implements PipeTransform {
  transform(iso: string | null | undefined, utc = false): string {
    return iso ? formatZonedTime(iso, { utc }) : '—';
  }
}
