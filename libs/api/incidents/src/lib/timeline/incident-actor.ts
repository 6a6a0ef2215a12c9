import { RequestContext } from '@hyperion/api/core';
import type { IncidentActor } from '@hyperion/contracts';

/** Hyperion itself (a job, the alerts → incident hook). */
export const SYSTEM_INCIDENT_ACTOR: IncidentActor = {
  type: 'system',
  userId: null,
  name: 'Hyperion',
};

/** Who acts in the request context, as an incident shows it (an API key by its name). */
export function currentIncidentActor(): IncidentActor {
  const actor = RequestContext.current()?.actor;
  if (actor?.type === 'user') return { type: 'user', userId: actor.id, name: actor.name };
  if (actor?.type === 'api_key')
    return { type: 'system', userId: null, name: `API key ${actor.name}` };
  return SYSTEM_INCIDENT_ACTOR;
}
