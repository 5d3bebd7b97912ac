import { describe, expect, it } from 'vitest';
import { COMMAND_LINE_ACTOR_ID } from '#common/admin';
import { actionLabel, who } from './actions';

describe('audit entries in words', () => {
  it('names who did it: an account, a deleted one, the command line, or nobody', () => {
    expect(who({ id: 'u1', username: 'mum' })).toBe('@mum');
    expect(who({ id: 'u2', username: null })).toBe('deleted user');
    expect(who({ id: COMMAND_LINE_ACTOR_ID, username: null })).toBe('the command line');
    expect(who(null)).toBe('anonymous');
  });

  it('labels the sign-out the command line does', () => {
    expect(actionLabel('user.signed_out')).toBe('Signed user out everywhere');
  });
});
