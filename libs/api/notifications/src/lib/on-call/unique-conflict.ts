import { ConflictException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';

/**
 * A 409 for PostgreSQL's unique violation of one of `messages`' constraints (by name), or null
 * for any other error (which the caller rethrows).
 */
export function uniqueConflict(
  error: unknown,
  messages: Record<string, string>,
): ConflictException | null {
  if (!(error instanceof QueryFailedError)) return null;
  const driverError = (
    error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }
  ).driverError;
  if (driverError?.code !== '23505' || !driverError.constraint) return null;
  const message = messages[driverError.constraint];
  return message ? new ConflictException(message) : null;
}

/** Runs `write`, turning a unique violation named in `messages` into a 409. */
export async function withConflicts<T>(
  write: () => Promise<T>,
  messages: Record<string, string>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    throw uniqueConflict(error, messages) ?? error;
  }
}
