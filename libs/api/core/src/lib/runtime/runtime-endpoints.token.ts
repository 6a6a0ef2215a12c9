/** Injection token of the resolved `RuntimeEndpoints` (database and Redis URLs). */
export const RUNTIME_ENDPOINTS = Symbol('RUNTIME_ENDPOINTS');
