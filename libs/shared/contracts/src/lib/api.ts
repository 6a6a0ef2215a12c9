/** Global prefix and version of the HTTP API. */
export const API_PREFIX = 'api';
export const API_VERSION = '1';

/** Error body returned by every failing API call. */
export interface ApiErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  /** 409 on an illegal move (e.g. an incident's lifecycle): the moves allowed instead. */
  allowed?: string[];
  /** Also present in the server log line of this error. */
  correlationId: string;
}
