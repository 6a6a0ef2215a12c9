import {
  addReports,
  formatMonthlyReport,
  monthlyReport,
  parseMonthArg,
} from '@hyperion/api/alerts';
import {
  AppConfig,
  createLogger,
  dataSourceOptions,
  loadConfig,
  startEmbeddedPostgres,
} from '@hyperion/api/core';
import type { MonthlyAlertReport } from '@hyperion/contracts';
import { DataSource } from 'typeorm';

const USAGE = 'usage: npm run alerts:report -- --month YYYY-MM [--organization <slug>]';

/** `--name value` or `--name=value`. */
function option(args: readonly string[], name: string): string | undefined {
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i].includes('=') ? args[i].slice(name.length + 3) : args[i + 1];
}

/**
 * `npm run alerts:report -- --month YYYY-MM [--organization slug]`: the critical alert events of
 * one UTC month, in the layout of critical-alert-metrics.md — of one organisation, or of every
 * organisation of the instance added together. A malformed month exits with status 2.
 */
async function main(args: readonly string[]): Promise<number> {
  let period: ReturnType<typeof parseMonthArg>;
  try {
    period = parseMonthArg(option(args, 'month'));
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`);
    return 2;
  }
  const slug = option(args, 'organization');
  const config: AppConfig = loadConfig();
  const logger = createLogger({ logLevel: 'warn', logFormat: 'pretty' });
  const url =
    config.databaseUrl ??
    (
      await startEmbeddedPostgres(config.dataDir, config.embeddedPostgresPort, (m) =>
        logger.log(m, 'Report'),
      )
    ).url;
  const dataSource = await new DataSource({ ...dataSourceOptions(url), entities: [] }).initialize();
  try {
    const reports = await dataSource.transaction(async (manager) => {
      const organizations = (await manager.query(
        `SELECT "id", "slug" FROM "organization" ${slug ? 'WHERE "slug" = $1' : ''} ORDER BY "created_at"`,
        slug ? [slug] : [],
      )) as { id: string; slug: string }[];
      const found: MonthlyAlertReport[] = [];
      for (const organization of organizations) {
        // Row-level security: each organisation's rows, as the application reads them.
        await manager.query(`SELECT set_config('hyperion.organization_id', $1, true)`, [
          organization.id,
        ]);
        found.push(await monthlyReport(manager, organization.id, period.from, period.to));
      }
      return found;
    });
    if (reports.length === 0) {
      process.stderr.write(`No organisation ${slug ? `with the slug "${slug}"` : 'yet'}\n`);
      return 2;
    }
    process.stdout.write(`${formatMonthlyReport(addReports(reports))}\n`);
    return 0;
  } finally {
    await dataSource.destroy();
  }
}

main(process.argv.slice(2)).then(
  (status) => process.exit(status),
  (error: unknown) => {
    process.stderr.write(
      `alerts:report failed: ${error instanceof Error ? error.message : String(error)}\n`,
    );
    process.exit(1);
  },
);
