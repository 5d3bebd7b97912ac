import { describe, expect, it } from 'vitest';
import type { AdminUser } from '#common/admin';
import { isLastActiveAdmin } from './admin';

const user = (id: string, role: 'admin' | 'member', disabled = false): AdminUser => ({
  id,
  username: id,
  displayName: id,
  role,
  supervised: false,
  disabled,
  createdAt: '2025-01-01T00:00:00Z',
  updatedAt: '2025-01-01T00:00:00Z',
  lastSeenAt: null,
  modelIds: null,
  taskIds: null,
});

describe('isLastActiveAdmin', () => {
  it('is true only for the one enabled admin', () => {
    const a = user('a', 'admin');
    const users = [a, user('b', 'member'), user('c', 'admin', true)];
    expect(isLastActiveAdmin(a, users)).toBe(true);
    expect(isLastActiveAdmin(users[1]!, users)).toBe(false);
    // A disabled admin is not "the last active" one: re-enabling or removing them is fine.
    expect(isLastActiveAdmin(users[2]!, users)).toBe(false);
  });
  it('is false when another enabled admin exists', () => {
    const users = [user('a', 'admin'), user('b', 'admin')];
    expect(isLastActiveAdmin(users[0]!, users)).toBe(false);
  });
});
