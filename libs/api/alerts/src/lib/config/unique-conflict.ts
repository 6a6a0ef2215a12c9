import { ConflictException } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';

/** Runs `write`, turning PostgreSQL's unique violation of a constraint named in `messages` into a 409. */
export async function withConflicts<T>(
  write: () => Promise<T>,
  messages: Record<string, string>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof QueryFailedError) {
      const driverError = (
        error as QueryFailedError & { driverError?: { code?: string; constraint?: string } }
      ).driverError;
      const message =
        driverError?.code === '23505' && driverError.constraint
          ? messages[driverError.constraint]
          : undefined;
      if (message) throw new ConflictException(message);
    }
    throw error;
  }
}
