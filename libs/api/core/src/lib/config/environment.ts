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
  @Transform(toInt)
  @IsInt({ message: 'PORT must be an integer between 0 and 65535' })
  @Min(0, { message: 'PORT must be an integer between 0 and 65535' })
  @Max(65535, { message: 'PORT must be an integer between 0 and 65535' })
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
  @Transform(toInt)
  @IsInt({ message: 'EMBEDDED_POSTGRES_PORT must be an integer between 1024 and 65535' })
  @Min(1024, { message: 'EMBEDDED_POSTGRES_PORT must be an integer between 1024 and 65535' })
  @Max(65535, { message: 'EMBEDDED_POSTGRES_PORT must be an integer between 1024 and 65535' })
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
  @Transform(toInt)
  @IsInt({ message: 'DISK_USAGE_THRESHOLD must be an integer percentage between 1 and 100' })
  @Min(1, { message: 'DISK_USAGE_THRESHOLD must be an integer percentage between 1 and 100' })
  @Max(100, { message: 'DISK_USAGE_THRESHOLD must be an integer percentage between 1 and 100' })
  DISK_USAGE_THRESHOLD?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'MEMORY_USAGE_THRESHOLD must be an integer percentage between 1 and 100' })
  @Min(1, { message: 'MEMORY_USAGE_THRESHOLD must be an integer percentage between 1 and 100' })
  @Max(100, { message: 'MEMORY_USAGE_THRESHOLD must be an integer percentage between 1 and 100' })
  MEMORY_USAGE_THRESHOLD?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'HEALTH_CHECK_INTERVAL_MS must be an integer between 500 and 3600000' })
  @Min(500, { message: 'HEALTH_CHECK_INTERVAL_MS must be an integer between 500 and 3600000' })
  @Max(3_600_000, {
    message: 'HEALTH_CHECK_INTERVAL_MS must be an integer between 500 and 3600000',
  })
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
  @Transform(toInt)
  @IsInt({ message: 'JWT_ACCESS_TTL_SECONDS must be an integer between 30 and 86400' })
  @Min(30, { message: 'JWT_ACCESS_TTL_SECONDS must be an integer between 30 and 86400' })
  @Max(86_400, { message: 'JWT_ACCESS_TTL_SECONDS must be an integer between 30 and 86400' })
  JWT_ACCESS_TTL_SECONDS?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'JWT_REFRESH_TTL_SECONDS must be an integer between 300 and 7776000' })
  @Min(300, { message: 'JWT_REFRESH_TTL_SECONDS must be an integer between 300 and 7776000' })
  @Max(7_776_000, { message: 'JWT_REFRESH_TTL_SECONDS must be an integer between 300 and 7776000' })
  JWT_REFRESH_TTL_SECONDS?: number;

  @IsOptional()
  @Matches(/^.{12,128}$/, { message: 'ADMIN_PASSWORD must be 12 to 128 characters' })
  ADMIN_PASSWORD?: string;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'LOCKOUT_THRESHOLD must be an integer between 1 and 100' })
  @Min(1, { message: 'LOCKOUT_THRESHOLD must be an integer between 1 and 100' })
  @Max(100, { message: 'LOCKOUT_THRESHOLD must be an integer between 1 and 100' })
  LOCKOUT_THRESHOLD?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'LOCKOUT_WINDOW_MINUTES must be an integer between 1 and 1440' })
  @Min(1, { message: 'LOCKOUT_WINDOW_MINUTES must be an integer between 1 and 1440' })
  @Max(1440, { message: 'LOCKOUT_WINDOW_MINUTES must be an integer between 1 and 1440' })
  LOCKOUT_WINDOW_MINUTES?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'AUTH_RATE_LIMIT must be an integer between 1 and 10000' })
  @Min(1, { message: 'AUTH_RATE_LIMIT must be an integer between 1 and 10000' })
  @Max(10_000, { message: 'AUTH_RATE_LIMIT must be an integer between 1 and 10000' })
  AUTH_RATE_LIMIT?: number;

  @IsOptional()
  @Transform(toInt)
  @IsInt({ message: 'AUTH_RATE_WINDOW_SECONDS must be an integer between 1 and 3600' })
  @Min(1, { message: 'AUTH_RATE_WINDOW_SECONDS must be an integer between 1 and 3600' })
  @Max(3600, { message: 'AUTH_RATE_WINDOW_SECONDS must be an integer between 1 and 3600' })
  AUTH_RATE_WINDOW_SECONDS?: number;

  @IsOptional()
  @IsIn(['true', 'false'], { message: 'TRUST_PROXY must be true or false' })
  TRUST_PROXY?: string;
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
