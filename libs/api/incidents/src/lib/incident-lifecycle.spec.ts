import type { IncidentAction, IncidentStatus } from '@hyperion/contracts';
import { INCIDENT_ACTIONS, INCIDENT_STATUSES } from '@hyperion/contracts';

import { allowedActions, applyMove, IllegalMove } from './incident-lifecycle';

/**
 * The lifecycle of the issue, written out by hand (not derived from INCIDENT_TRANSITIONS): open →
 * acknowledged → in progress → resolved → closed; start and resolve may skip steps; reopen from
 * resolved or closed. Every other (action, status) pair is illegal.
 */
const LEGAL: Record<IncidentStatus, Partial<Record<IncidentAction, IncidentStatus>>> = {
  open: { acknowledge: 'acknowledged', start: 'in_progress', resolve: 'resolved' },
  acknowledged: { start: 'in_progress', resolve: 'resolved' },
  in_progress: { resolve: 'resolved' },
  resolved: { close: 'closed', reopen: 'open' },
  closed: { reopen: 'open' },
};

const pairs = INCIDENT_STATUSES.flatMap((status) =>
  INCIDENT_ACTIONS.map((action) => ({ status, action, to: LEGAL[status][action] })),
);

describe('incident lifecycle', () => {
  it('covers all 25 pairs of action and status', () => {
    expect(pairs).toHaveLength(25);
    expect(pairs.filter((p) => p.to)).toHaveLength(9);
  });

  it.each(pairs.filter((p) => p.to))('$action from $status → $to', ({ status, action, to }) => {
    expect(applyMove(status, action)).toBe(to);
    expect(allowedActions(status)).toContain(action);
  });

  it.each(pairs.filter((p) => !p.to))(
    '$action from $status is illegal and names the allowed moves',
    ({ status, action }) => {
      const allowed = Object.keys(LEGAL[status]);
      let error: unknown;
      try {
        applyMove(status, action);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(IllegalMove);
      const move = error as IllegalMove;
      expect(move.action).toBe(action);
      expect(move.status).toBe(status);
      expect([...move.allowed].sort()).toEqual([...allowed].sort());
      expect(move.message).toBe(
        `Cannot ${action} ${
          { open: 'an open', acknowledged: 'an acknowledged', in_progress: 'an in progress' }[
            status as string
          ] ?? `a ${status}`
        } incident; allowed: ${move.allowed.join(', ')}`,
      );
      expect(allowedActions(status)).not.toContain(action);
    },
  );

  it('lists the allowed moves of each status in the order of the actions', () => {
    expect(allowedActions('open')).toEqual(['acknowledge', 'start', 'resolve']);
    expect(allowedActions('acknowledged')).toEqual(['start', 'resolve']);
    expect(allowedActions('in_progress')).toEqual(['resolve']);
    expect(allowedActions('resolved')).toEqual(['close', 'reopen']);
    expect(allowedActions('closed')).toEqual(['reopen']);
  });

  it('says it plainly: a closed incident can only be reopened', () => {
    expect(() => applyMove('closed', 'resolve')).toThrow(
      'Cannot resolve a closed incident; allowed: reopen',
    );
  });
});
