import { apiErrorMessage, errorStatus } from '@hyperion/web/util';

/** A refused change of an incident, in words; `conflict` when it should be reloaded first. */
export interface WriteProblem {
  readonly message: string;
  /** 409: someone else changed it meanwhile (or the move is no longer allowed): reload. */
  readonly conflict: boolean;
}

/**
 * Why a change of the incident was refused. A 409 says the incident was changed by someone else
 * (with the API's own words: a stale version, or the moves now allowed) and asks to reload.
 */
export function writeProblem(error: unknown, fallback: string): WriteProblem {
  if (errorStatus(error) === 409) {
    return {
      message:
        `This incident was changed by someone else since you loaded it (${apiErrorMessage(error)}). ` +
        'Reload it to see how it stands now, then try again.',
      conflict: true,
    };
  }
  return { message: apiErrorMessage(error, fallback), conflict: false };
}

/** Whether an answer is an incident's detail (the writes answer the incident as it now stands). */
export function isIncidentDetail(value: unknown, id: string): boolean {
  return (
    typeof value === 'object' &&
    value !== null &&
    (value as { id?: unknown }).id === id &&
    Array.isArray((value as { allowedActions?: unknown }).allowedActions)
  );
}
