import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';

import type { EntityManager } from 'typeorm';

import { Actor, RequestMeta, SYSTEM_ACTOR } from '../auth/actor';

/**
 * What travels with one request, job or socket handler: who acts, in which organisation, and
 * the correlation id of its log lines and audit rows. Set once at the edge (HTTP middleware and
 * guard, job runner, socket handshake); read by repositories and the unit of work, so no domain
 * service passes organisation ids around by hand.
 */
export interface ContextState {
  correlationId: string;
  ip: string | null;
  userAgent: string | null;
  actor: Actor | null;
  /** The organisation rows are read and written in; null for instance-level work. */
  organizationId: string | null;
  /** The open unit of work, when there is one (see UnitOfWork). */
  transaction?: { manager: EntityManager; organizationId: string | null; platform: boolean };
}

const storage = new AsyncLocalStorage<ContextState>();

export const RequestContext = {
  /** Runs `fn` with a context of its own (a request, a job, a start-up task). */
  run<T>(state: Partial<ContextState>, fn: () => T): T {
    return storage.run(
      {
        correlationId: state.correlationId ?? randomUUID(),
        ip: state.ip ?? null,
        userAgent: state.userAgent ?? null,
        actor: state.actor ?? null,
        organizationId: state.organizationId ?? state.actor?.organizationId ?? null,
      },
      fn,
    );
  },

  /**
   * Runs a queued job's work in the context its producer left in the job's data (the outbox
   * relay adds `organizationId` and `correlationId` to every job), as the system actor. The
   * job's writes then go through `UnitOfWork.run` like a request's.
   */
  forJob<T>(data: unknown, fn: () => T): T {
    const { organizationId, correlationId } = (data ?? {}) as Record<string, unknown>;
    const organization = typeof organizationId === 'string' ? organizationId : null;
    return RequestContext.run(
      {
        actor: { ...SYSTEM_ACTOR, organizationId: organization },
        organizationId: organization,
        correlationId: typeof correlationId === 'string' ? correlationId : undefined,
      },
      fn,
    );
  },

  /** Runs `fn` in a copy of the current context with `patch` applied (a unit of work, a job step). */
  fork<T>(patch: Partial<ContextState>, fn: () => T): T {
    const current = storage.getStore();
    if (!current) return RequestContext.run(patch, fn);
    return storage.run({ ...current, ...patch }, fn);
  },

  /** The current context, or undefined outside any. */
  current(): ContextState | undefined {
    return storage.getStore();
  },

  /** The current context; throws when there is none (a programming error). */
  require(): ContextState {
    const state = storage.getStore();
    if (!state) throw new Error('No request context: run this inside RequestContext.run');
    return state;
  },

  /** Sets who acts (the auth guard, once the credential is verified); also sets the organisation. */
  setActor(actor: Actor): void {
    const state = RequestContext.require();
    state.actor = actor;
    state.organizationId = actor.organizationId;
  },

  /** The request's origin, for the audit log. */
  meta(): RequestMeta {
    const state = storage.getStore();
    return {
      ip: state?.ip ?? null,
      userAgent: state?.userAgent ?? null,
      correlationId: state?.correlationId ?? null,
    };
  },
};
