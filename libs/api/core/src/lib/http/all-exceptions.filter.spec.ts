import type { ArgumentsHost } from '@nestjs/common';
import { ConflictException, Logger } from '@nestjs/common';
import { QueryFailedError } from 'typeorm';

import { AllExceptionsFilter } from './all-exceptions.filter';

/** Runs the filter on `exception` as an HTTP request would; what the client receives. */
function answer(exception: unknown) {
  const sent: { status?: number; body?: Record<string, unknown>; headers: Record<string, string> } =
    { headers: {} };
  const res = {
    headersSent: false,
    setHeader: (name: string, value: string) => (sent.headers[name] = value),
    status(code: number) {
      sent.status = code;
      return this;
    },
    json(body: Record<string, unknown>) {
      sent.body = body;
      return this;
    },
  };
  const req = { method: 'GET', originalUrl: '/api/v1/incidents?q=x', correlationId: 'c-1' };
  const host = {
    getType: () => 'http',
    switchToHttp: () => ({ getRequest: () => req, getResponse: () => res }),
  } as unknown as ArgumentsHost;
  new AllExceptionsFilter().catch(exception, host);
  return sent;
}

describe('AllExceptionsFilter', () => {
  beforeAll(() => jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined));

  it('answers 503 with Retry-After when the database did not answer in time (never a 500)', () => {
    const readTimeout = new QueryFailedError('SELECT 1', [], new Error('Query read timeout'));
    const cancelled = new QueryFailedError(
      'SELECT 1',
      [],
      Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' }),
    );
    for (const exception of [readTimeout, cancelled]) {
      const sent = answer(exception);
      expect(sent.status).toBe(503);
      expect(sent.headers['Retry-After']).toBe('5');
      expect(sent.body).toMatchObject({
        statusCode: 503,
        message: 'The database did not answer in time; try again in a moment',
        correlationId: 'c-1',
      });
    }
  });

  it('keeps other database failures a 500 without their details', () => {
    const sent = answer(
      new QueryFailedError('SELECT 1', [], new Error('relation "x" does not exist')),
    );
    expect(sent.status).toBe(500);
    expect(sent.body?.['message']).toBe('Internal server error');
  });

  it('passes the allowed moves of a 409 through', () => {
    const sent = answer(
      new ConflictException({ message: 'Cannot close an open incident', allowed: ['resolve'] }),
    );
    expect(sent.body).toMatchObject({ statusCode: 409, allowed: ['resolve'] });
  });
});
