import { statfs } from 'node:fs/promises';

import type { CheckContext, CheckRun } from './check-support';
import { down, errorText, TargetFields, up } from './check-support';

const DEFAULT_MAX_USED_PERCENT = 90;

/** A path's file system is used below a percentage (as `df` counts it). */
export async function checkDisk(target: unknown, _context: CheckContext): Promise<CheckRun> {
  const fields = new TargetFields(target);
  const path = fields.string('path');
  const limit = fields.optionalNumber('maxUsedPercent', 0, 100) ?? DEFAULT_MAX_USED_PERCENT;

  let stats: Awaited<ReturnType<typeof statfs>>;
  try {
    stats = await statfs(path);
  } catch (error) {
    return down(fileError(error, path));
  }
  // As df: blocks reserved for root count neither as used nor as available, and the
  // percentage is rounded up, so "90 %" here is what an operator sees in df.
  const used = stats.blocks - stats.bfree;
  const usable = used + stats.bavail;
  const percent = usable > 0 ? Math.ceil((used / usable) * 100) : 0;
  const message = `${percent} % used of ${bytes(stats.blocks * stats.bsize)} on ${path} (limit ${limit} %)`;
  return percent >= limit ? down(message) : up(message);
}

function fileError(error: unknown, path: string): string {
  switch ((error as NodeJS.ErrnoException).code) {
    case 'ENOENT':
      return `path not found: ${path}`;
    case 'EACCES':
      return `permission denied: ${path}`;
    default:
      return `${path}: ${errorText(error)}`;
  }
}

/** Decimal units, as disks are sold: "250 GB". */
function bytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${n >= 10 || i === 0 ? Math.round(n) : n.toFixed(1)} ${units[i]}`;
}
