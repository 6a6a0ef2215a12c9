import { registerWorkspacePaths } from './register-paths';

export default async function globalTeardown(): Promise<void> {
  registerWorkspacePaths();
  const { teardownTestEnvironment } = await import('./lib/test-environment');
  await teardownTestEnvironment();
}
