import { createScratchDatabase } from '@hyperion/api/testing';

import { RunningServer, startServer } from './support/server';

/** The built server's OpenAPI document (the DTO schemas come from the build's Swagger plugin). */
describe('OpenAPI document of the built API', () => {
  let server: RunningServer | undefined;
  let scratch: Awaited<ReturnType<typeof createScratchDatabase>> | undefined;

  beforeAll(async () => {
    // A database of its own: the first server on the run's database seeds its admin password.
    scratch = await createScratchDatabase();
    server = await startServer(
      { ADMIN_PASSWORD: 'openapi-check-password' },
      { databaseUrl: scratch.url },
    );
  });

  afterAll(async () => {
    await server?.stop();
    await scratch?.drop();
  });

  it('documents request bodies with their validation rules, and bearer auth', async () => {
    const res = await fetch(`${server?.url}/api/docs/json`);
    expect(res.status).toBe(200);
    const doc = (await res.json()) as {
      paths: Record<string, Record<string, { requestBody?: unknown }>>;
      components: {
        schemas: Record<
          string,
          { required?: string[]; properties: Record<string, { maxLength?: number }> }
        >;
        securitySchemes?: Record<string, unknown>;
      };
    };
    expect(doc.paths['/api/v1/auth/login']['post'].requestBody).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/LoginDto' } } },
    });
    const login = doc.components.schemas['LoginDto'];
    expect(login.required).toContain('password');
    expect(login.properties['password'].maxLength).toBe(128);
    expect(Object.keys(doc.components.schemas)).toEqual(
      expect.arrayContaining(['CreateUserDto', 'CreateRoleDto', 'CreateApiKeyDto']),
    );
    expect(doc.components.securitySchemes).toHaveProperty('bearer');
  });
});
