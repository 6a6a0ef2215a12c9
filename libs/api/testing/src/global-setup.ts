import type { GlobalConfig } from 'jest';

import { registerWorkspacePaths } from './register-paths';

/** One database and Redis prefix per Jest worker (`maxWorkers`), dropped by the teardown. */
export default async function globalSetup(globalConfig: GlobalConfig): Promise<void> {
  registerWorkspacePaths();
  // Loaded after the aliases are registered.
  const { provisionTestEnvironment } = await import('./lib/test-environment');
  await provisionTestEnvironment(globalConfig.maxWorkers);
}
