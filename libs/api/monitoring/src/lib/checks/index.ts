export { runCheck } from './run-check';
export type { CheckOptions, CheckRun } from './run-check';
