import { runCheck } from './run-check';

const options = { timeoutMs: 1000, state: null };

describe('runCheck', () => {
  it('turns an unusable target into a DOWN verdict naming the field', async () => {
    expect(await runCheck('tcp', null, options)).toEqual({
      up: false,
      latencyMs: null,
      message: 'target: expected an object with the check fields',
    });
    expect(await runCheck('tcp', { port: 5432 }, options)).toMatchObject({
      message: 'host: expected a non-empty string',
    });
  });

  it('refuses a kind it does not run', async () => {
    const run = await runCheck('push' as 'tcp', {}, options);
    expect(run).toMatchObject({
      up: false,
      message: expect.stringMatching(/^kind: expected one of http, tcp/),
    });
  });
});
