/**
 * A start-up failure the operator can fix. main.ts prints its message as one line and exits,
 * without a stack trace.
 */
export class StartupError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StartupError';
  }
}

/** The message of anything thrown; duck-typed, since errors may come from another realm. */
export function errorMessage(error: unknown): string {
  if (error instanceof AggregateError && error.errors.length > 0) {
    return errorMessage(error.errors[0]);
  }
  if (typeof error === 'object' && error !== null && 'message' in error) {
    const { message, name } = error as { message?: unknown; name?: unknown };
    if (typeof message === 'string' && message !== '') return message;
    if (typeof name === 'string') return name;
  }
  return String(error);
}
