import type { NotificationPreferences } from '@hyperion/contracts';

import { moveRow } from '../on-call/move-row';
import {
  delayProblem,
  describeDelay,
  emptyListFallback,
  nextDelay,
  reachProblem,
  rulesFormFrom,
  rulesRequest,
} from './rules-form';

const PREFERENCES: NotificationPreferences = {
  contactId: 'c1',
  highUrgency: [
    { delayMinutes: 0, kind: 'slack' },
    { delayMinutes: 5, kind: 'sms' },
    { delayMinutes: 15, kind: 'voice' },
  ],
  lowUrgency: [{ delayMinutes: 30, kind: 'email' }],
  quietHours: { from: '22:00', to: '07:00' },
};

describe('notification rules form', () => {
  it('round-trips the preferences: the DTO the form gives back is the one it was built from', () => {
    const { contactId, ...body } = PREFERENCES;
    expect(contactId).toBe('c1');
    expect(rulesRequest(rulesFormFrom(PREFERENCES))).toEqual(body);
  });

  it('sends the steps in the order shown, delays as numbers', () => {
    const form = rulesFormFrom(PREFERENCES);
    form.highUrgency = moveRow(form.highUrgency, 2, 0);
    form.highUrgency[0].delay = ' 2 ';
    expect(rulesRequest(form).highUrgency).toEqual([
      { delayMinutes: 2, kind: 'voice' },
      { delayMinutes: 0, kind: 'slack' },
      { delayMinutes: 5, kind: 'sms' },
    ]);
  });

  it('sends no quiet hours when they are off, the defaults when switched on', () => {
    const form = rulesFormFrom({ ...PREFERENCES, quietHours: null });
    expect(form.quietEnabled).toBe(false);
    expect(rulesRequest(form).quietHours).toBeNull();
    form.quietEnabled = true;
    expect(rulesRequest(form).quietHours).toEqual({ from: '22:00', to: '07:00' });
  });

  it('moves rows up and down, and leaves them when the move is out of range', () => {
    expect(moveRow(['a', 'b', 'c'], 1, 0)).toEqual(['b', 'a', 'c']);
    expect(moveRow(['a', 'b', 'c'], 1, 2)).toEqual(['a', 'c', 'b']);
    expect(moveRow(['a', 'b', 'c'], 0, -1)).toEqual(['a', 'b', 'c']);
    expect(moveRow(['a', 'b', 'c'], 2, 3)).toEqual(['a', 'b', 'c']);
  });

  it('checks delays and says them in words', () => {
    expect(delayProblem('0')).toBe(false);
    expect(delayProblem('1440')).toBe(false);
    expect(delayProblem('1441')).toBe(true);
    expect(delayProblem('-1')).toBe(true);
    expect(delayProblem('1.5')).toBe(true);
    expect(delayProblem('')).toBe(true);
    expect(describeDelay('0')).toBe('at once');
    expect(describeDelay('1')).toBe('after 1 minute');
    expect(describeDelay('90')).toBe('after 1 h 30 min');
    expect(describeDelay('120')).toBe('after 2 h');
    expect(nextDelay([])).toBe('0');
    expect(nextDelay([{ delay: '10', kind: 'sms' }])).toBe('15');
  });

  it('warns when a step cannot reach the person', () => {
    const bob = { name: 'Bob', email: null, phone: null, handles: { slack: 'U1' } };
    expect(reachProblem(bob, 'sms')).toBe('Bob has no phone number.');
    expect(reachProblem(bob, 'email')).toBe('Bob has no email address.');
    expect(reachProblem(bob, 'telegram')).toBe('Bob has no handle for this chat.');
    expect(reachProblem(bob, 'slack')).toBeNull();
    expect(reachProblem(bob, 'webhook')).toBeNull();
    expect(emptyListFallback(bob)).toContain('reach no one');
    expect(emptyListFallback({ email: 'b@example.com', phone: null })).toContain('one email');
    expect(emptyListFallback({ email: 'b@example.com', phone: '+33612345678' })).toContain(
      'texts after 15 minutes without an acknowledgement, and calls after 30',
    );
    expect(emptyListFallback({ email: 'b@example.com', phone: '+33612345678' }, 'lowUrgency')).toBe(
      'No steps: Hyperion sends one email at once.',
    );
  });
});
