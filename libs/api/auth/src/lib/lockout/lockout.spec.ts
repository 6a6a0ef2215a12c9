import { isLocked, justLocked, lockoutWindowStart } from './lockout';

const policy = { threshold: 5, windowMinutes: 15 };
const now = new Date('2025-01-01T12:00:00Z');

describe('lockout', () => {
  it('counts failures over the window when there was no recent success', () => {
    expect(lockoutWindowStart(now, 15, null)).toEqual(new Date('2025-01-01T11:45:00Z'));
    expect(lockoutWindowStart(now, 15, new Date('2025-01-01T10:00:00Z'))).toEqual(
      new Date('2025-01-01T11:45:00Z'),
    );
  });

  it('counts only failures after a successful login inside the window', () => {
    const success = new Date('2025-01-01T11:55:00Z');
    expect(lockoutWindowStart(now, 15, success)).toEqual(success);
  });

  it('locks at the threshold, not before', () => {
    expect(isLocked(4, policy)).toBe(false);
    expect(isLocked(5, policy)).toBe(true);
    expect(isLocked(9, policy)).toBe(true);
  });

  it('reports the locking failure exactly once', () => {
    expect([3, 4, 5, 6, 7].map((n) => justLocked(n, policy))).toEqual([
      false,
      false,
      true,
      false,
      false,
    ]);
  });
});
