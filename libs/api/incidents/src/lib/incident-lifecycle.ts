import type { IncidentAction, IncidentStatus } from '@hyperion/contracts';
import {
  INCIDENT_ACTIONS,
  INCIDENT_STATUS_LABELS,
  INCIDENT_TRANSITIONS,
} from '@hyperion/contracts';

/**
 * The incident lifecycle as a pure state machine over INCIDENT_TRANSITIONS: open → acknowledged
 * → in progress → resolved → closed, reopen from resolved or closed (no framework, no database).
 */

/** The moves allowed from `status`, in the order of INCIDENT_ACTIONS. */
export function allowedActions(status: IncidentStatus): IncidentAction[] {
  return INCIDENT_ACTIONS.filter((action) => INCIDENT_TRANSITIONS[action].from.includes(status));
}

/** A move the lifecycle does not allow from the current status. */
export class IllegalMove extends Error {
  constructor(
    readonly action: IncidentAction,
    readonly status: IncidentStatus,
    readonly allowed: IncidentAction[],
  ) {
    const label = INCIDENT_STATUS_LABELS[status].toLowerCase();
    const article = /^[aeiou]/.test(label) ? 'an' : 'a';
    super(
      `Cannot ${action} ${article} ${label} incident; allowed: ${
        allowed.length > 0 ? allowed.join(', ') : 'none'
      }`,
    );
    this.name = 'IllegalMove';
  }
}

/** The status after `action` from `status`; throws IllegalMove (listing the allowed moves) otherwise. */
export function applyMove(status: IncidentStatus, action: IncidentAction): IncidentStatus {
  const transition = INCIDENT_TRANSITIONS[action];
  if (!transition.from.includes(status)) {
    throw new IllegalMove(action, status, allowedActions(status));
  }
  return transition.to;
}
