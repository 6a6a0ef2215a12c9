import { registerWorkspacePaths } from './register-paths';

export default async function globalSetup(): Promise<void> {
  registerWorkspacePaths();
  // Loaded after the aliases are registered.
  const { provisionTestEnvironment } = await import('./lib/test-environment');
  await provisionTestEnvironment();
}
