import { describe, expect, it } from 'vitest';
import { COMMAND_LINE_ACTOR_ID } from '#common/admin';
import { auditSummary, type NamedUser } from './audit-summary';

const mum: NamedUser = { id: 'u-mum', username: 'mum', displayName: 'Mum' };
const alice: NamedUser = { id: 'u-alice', username: 'alice', displayName: 'Alice' };
const say = (
  action: string,
  detail: Record<string, unknown> | null,
  actor: NamedUser | null = mum,
  target: NamedUser | null = alice,
) => auditSummary({ action, actor, targetUser: target, detail });

describe('audit entries as sentences', () => {
  it('names people and what changed, never field names or ids', () => {
    expect(say('user.updated', { username: 'alice', fields: ['modelIds'] })).toBe('Mum changed Alice’s allowed models');
    expect(say('user.updated', { fields: ['displayName', 'supervised', 'taskIds'] })).toBe(
      'Mum changed Alice’s display name, supervision and allowed tasks',
    );
    expect(say('user.disabled', { username: 'alice' })).toBe('Mum paused Alice’s account');
    expect(say('user.role_changed', { from: 'member', to: 'admin' })).toBe('Mum made Alice an admin');
    expect(say('user.password_reset', {})).toBe('Mum set a new password for Alice');
    expect(say('auth.token_created', { name: 'laptop', scope: 'chat' }, alice, alice)).toBe(
      'Alice created the API token “laptop” (terminal client)',
    );
    for (const text of [
      say('user.updated', { fields: ['modelIds'] }),
      say('connection.created', { name: 'Living room' }),
    ])
      expect(text).not.toMatch(/u-alice|u-mum|modelIds/);
  });

  it('words failed sign-ins without the typed name of an unknown account', () => {
    expect(say('auth.login_failed', { username: 'alice', blocked: 'disabled' }, null)).toBe(
      'Alice tried to sign in, but the account is paused',
    );
    expect(say('auth.login_failed', { username: 'alice' }, null)).toBe('A sign-in as Alice failed (wrong password)');
    expect(say('auth.login_failed', { unknownAccount: '0a1b2c3d' }, null, null)).toBe(
      'A sign-in for an account that does not exist failed',
    );
  });

  it('names the command line, a deleted account, and an action it does not know yet', () => {
    const cli: NamedUser = { id: COMMAND_LINE_ACTOR_ID, username: null, displayName: null };
    expect(say('user.signed_out', { username: 'alice' }, cli)).toBe('The command line signed Alice out everywhere');
    expect(say('user.deleted', { username: 'bob' }, mum, { id: 'u-bob', username: 'bob', displayName: null })).toBe(
      'Mum deleted bob’s account',
    );
    expect(say('room.created', { name: 'Kitchen' })).toBe('Mum: room created');
  });
});
