import { plainToInstance, Transform } from 'class-transformer';
import {
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  Min,
  validateSync,
  ValidationError,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) =>
  typeof value === 'string' && value.trim() === '' ? undefined : value;
const toInt = ({ value }: { value: unknown }) =>
  typeof value === 'string' && /^-?\d+$/.test(value.trim()) ? Number(value) : value;

/**
 * An integer variable within [min, max] ("5", not "5.5" or "five"), with one message naming the
 * variable and its range for every way it can be wrong.
 */
function IntegerBetween(
  min: number,
  max: number,
  kind: 'integer' | 'percentage' = 'integer',
): PropertyDecorator {
  return (target, property) => {
    const message = `${String(property)} must be an integer ${kind === 'percentage' ? 'percentage ' : ''}between ${min} and ${max}`;
    Transform(toInt)(target, property);
    IsInt({ message })(target, property);
    Min(min, { message })(target, property);
    Max(max, { message })(target, property);
  };
}

export const LOG_LEVELS = ['error', 'warn', 'log', 'debug', 'verbose'] as const;
export type LogLevelName = (typeof LOG_LEVELS)[number];

/**
 * Every environment variable Hyperion reads, with its rule. Defaults live in `loadConfig()`;
 * a value that breaks a rule stops start-up with one line naming the variable.
 */
export class EnvironmentVariables {
  @IsOptional()
  @IsIn(['development', 'production', 'test'], {
    message: 'NODE_ENV must be one of development, production, test',
  })
  NODE_ENV?: string;

  @IsOptional()
  @IntegerBetween(0, 65535)
  PORT?: number;

  @IsOptional()
  @IsString()
  HOST?: string;

  @IsOptional()
  @Transform(trim)
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_URL must be a postgres:// or postgresql:// URL',
  })
  DATABASE_URL?: string;

  @IsOptional()
  @Transform(trim)
  @Matches(/^postgres(ql)?:\/\/\S+$/, {
    message: 'DATABASE_APP_URL must be a postgres:// or postgresql:// URL',
  })
  DATABASE_APP_URL?: string;

  @IsOptional()
  @IntegerBetween(1024, 65535)
  EMBEDDED_POSTGRES_PORT?: number;

  @IsOptional()
  @Transform(trim)
  @Matches(/^rediss?:\/\/\S+$/, { message: 'REDIS_URL must be a redis:// or rediss:// URL' })
  REDIS_URL?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9:_-]{1,64}$/, {
    message: 'REDIS_PREFIX must be 1-64 characters among letters, digits, ":", "_" and "-"',
  })
  REDIS_PREFIX?: string;

  @IsOptional()
  @IsString()
  DATA_DIR?: string;

  @IsOptional()
  @IntegerBetween(1, 100, 'percentage')
  DISK_USAGE_THRESHOLD?: number;

  @IsOptional()
  @IntegerBetween(1, 100, 'percentage')
  MEMORY_USAGE_THRESHOLD?: number;

  @IsOptional()
  @IntegerBetween(500, 3_600_000)
  HEALTH_CHECK_INTERVAL_MS?: number;

  @IsOptional()
  @IsIn(LOG_LEVELS, { message: `LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}` })
  LOG_LEVEL?: LogLevelName;

  @IsOptional()
  @IsIn(['json', 'pretty'], { message: 'LOG_FORMAT must be json or pretty' })
  LOG_FORMAT?: 'json' | 'pretty';

  @IsOptional()
  @Matches(/^\d+(b|kb|mb)$/i, { message: 'BODY_LIMIT must look like 512kb or 1mb' })
  BODY_LIMIT?: string;

  @IsOptional()
  @IsString()
  WEB_DIST_DIR?: string;

  @IsOptional()
  @Matches(/^\S{32,}$/, { message: 'JWT_SECRET must be at least 32 characters without spaces' })
  JWT_SECRET?: string;

  @IsOptional()
  @Matches(/^[A-Za-z0-9+/]{43}=$/, {
    message:
      'ENCRYPTION_KEY must be 32 bytes in base64 (44 characters, e.g. openssl rand -base64 32)',
  })
  ENCRYPTION_KEY?: string;

  @IsOptional()
  @IntegerBetween(30, 86_400)
  JWT_ACCESS_TTL_SECONDS?: number;

  @IsOptional()
  @IntegerBetween(300, 7_776_000)
  JWT_REFRESH_TTL_SECONDS?: number;

  @IsOptional()
  @Matches(/^.{12,128}$/, { message: 'ADMIN_PASSWORD must be 12 to 128 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @IntegerBetween(1, 100)
  LOCKOUT_THRESHOLD?: number;

  @IsOptional()
  @IntegerBetween(1, 1440)
  LOCKOUT_WINDOW_MINUTES?: number;

  @IsOptional()
  @IntegerBetween(1, 86_400)
  LOCKOUT_BASE_SECONDS?: number;

  @IsOptional()
  @IntegerBetween(1, 604_800)
  LOCKOUT_MAX_SECONDS?: number;

  @IsOptional()
  @IntegerBetween(1, 256)
  HASH_CONCURRENCY?: number;

  @IsOptional()
  @IntegerBetween(0, 10_000)
  HASH_QUEUE?: number;

  @IsOptional()
  @IntegerBetween(1, 10_000)
  AUTH_RATE_LIMIT?: number;

  @IsOptional()
  @IntegerBetween(1, 3600)
  AUTH_RATE_WINDOW_SECONDS?: number;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'TRUST_PROXY must be true or false' })
  TRUST_PROXY?: string;

  @IsOptional()
  @Matches(/^([01]\d|2[0-3]):[0-5]\d$/, {
    message: 'AUDIT_VERIFY_TIME must be a UTC time of day as HH:MM (00:00 to 23:59)',
  })
  AUDIT_VERIFY_TIME?: string;

  @IsOptional()
  @Transform(trim)
  @Matches(/^\s*[\w.:*[\]-]+(\s*,\s*[\w.:*[\]-]+)*\s*$/, {
    message:
      'NOTIFICATION_ALLOWED_HOSTS must be a comma-separated list of host names or IP addresses',
  })
  NOTIFICATION_ALLOWED_HOSTS?: string;

  @IsOptional()
  @IntegerBetween(1, 20)
  NOTIFICATION_ATTEMPTS?: number;

  @IsOptional()
  @IntegerBetween(1, 3_600_000)
  NOTIFICATION_BACKOFF_MS?: number;

  @IsOptional()
  @IntegerBetween(100, 300_000)
  NOTIFICATION_TIMEOUT_MS?: number;

  @IsOptional()
  @IntegerBetween(100, 60_000)
  PAGING_MINUTE_MS?: number;

  @IsOptional()
  @IntegerBetween(1, 86_400)
  ALERT_DEDUP_WINDOW_SECONDS?: number;

  @IsOptional()
  @Transform(trim)
  @Matches(/^\/\S*$/, { message: 'SYSTEMCTL_PATH must be an absolute path without spaces' })
  SYSTEMCTL_PATH?: string;

  @IsOptional()
  @Transform(trim)
  @Matches(/^\/\S*$/, { message: 'SYSTEMD_RUNTIME_DIR must be an absolute path without spaces' })
  SYSTEMD_RUNTIME_DIR?: string;

  @IsOptional()
  @Transform(trim)
  @Matches(/^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/, {
    message: 'HOST_ORGANIZATION must be an organisation slug (lower-case letters, digits, dashes)',
  })
  HOST_ORGANIZATION?: string;

  @IsOptional()
  @IntegerBetween(1, 720)
  HOST_RAW_RETENTION_HOURS?: number;

  @IsOptional()
  @IntegerBetween(1, 3650)
  HOST_MINUTE_RETENTION_DAYS?: number;

  @IsOptional()
  @IntegerBetween(1, 3650)
  HOST_HOUR_RETENTION_DAYS?: number;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'METRICS_ENABLED must be true or false' })
  METRICS_ENABLED?: string;

  @IsOptional()
  @Transform(trim)
  @Matches(/^[A-Za-z0-9._~+/=-]{16,256}$/, {
    message: 'METRICS_TOKEN must be 16 to 256 characters among letters, digits and . _ ~ + / = -',
  })
  METRICS_TOKEN?: string;

  @IsOptional()
  @Transform(trim)
  @Matches(/^\/[^:\0]*(:\/[^:\0]*)*$/, {
    message: 'FILES_ALLOWED_ROOTS must be absolute directory paths separated by ":"',
  })
  FILES_ALLOWED_ROOTS?: string;

  @IsOptional()
  @IntegerBetween(1, Number.MAX_SAFE_INTEGER)
  FILES_MAX_UPLOAD_BYTES?: number;

  /** Minutes, decimals allowed (tests and drills use a fraction: 0.05 is 3 seconds). */
  @IsOptional()
  @Transform(trim)
  @Matches(/^(?:\d{1,5}(?:\.\d{1,3})?)$/, {
    message: 'SSH_TERMINAL_IDLE_MINUTES must be a number of minutes from 0.01 to 10080 (e.g. 30)',
  })
  SSH_TERMINAL_IDLE_MINUTES?: string;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'SSH_TERMINAL_RECORD_INPUT must be true or false' })
  SSH_TERMINAL_RECORD_INPUT?: string;

  /** Anomaly score (0–1, exclusive) above which a point is anomalous. */
  @IsOptional()
  @Transform(trim)
  @Matches(/^0?\.\d{1,6}$/, {
    message: 'ANOMALY_THRESHOLD must be a number between 0 and 1 (exclusive), e.g. 0.95',
  })
  ANOMALY_THRESHOLD?: string;

  @IsOptional()
  @IntegerBetween(1, 3650)
  SSH_RECORDING_RETENTION_DAYS?: number;

  @IsOptional()
  @IntegerBetween(1024, Number.MAX_SAFE_INTEGER)
  SSH_RECORDING_MAX_BYTES?: number;
}

export class ConfigValidationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration: ${problems.join('; ')}`);
    this.name = 'ConfigValidationError';
  }
}

function describe(error: ValidationError, raw: Record<string, unknown>): string {
  const message = Object.values(error.constraints ?? {})[0] ?? `${error.property} is invalid`;
  return `${message} (got ${JSON.stringify(raw[error.property])})`;
}

/** Validates the raw environment; throws ConfigValidationError naming every bad variable. */
export function validateEnvironment(raw: Record<string, string | undefined>): EnvironmentVariables {
  const env = plainToInstance(EnvironmentVariables, raw, { excludeExtraneousValues: false });
  const errors = validateSync(env, { skipMissingProperties: false, forbidUnknownValues: false });
  if (errors.length > 0) {
    throw new ConfigValidationError(errors.map((e) => describe(e, raw)));
  }
  return env;
}
