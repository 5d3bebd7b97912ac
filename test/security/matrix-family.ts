/**
 * Family-safety fixtures for the security matrices: a supervised child of member's (member is
 * their guardian, set in the admin console; full transcripts on, set by member on the Family
 * page), the child's conversation (MARKER in its title: only member, the guardian, may read it)
 * and a flag. Made once per Scope.
 */
import { createSession } from '#server/auth/sessions';
import { createUser } from '#test/helpers';
import { MARKER, MODEL, PASSWORD, type Scope } from './matrix-support';

type MemberChild = { id: string; conversationId: string; flagId: string };
const children = new WeakMap<Scope, Promise<MemberChild>>();

/** Member's supervised child, with a conversation and a flag (made on first use in this scope). */
export function memberChild(s: Scope): Promise<MemberChild> {
  let child = children.get(s);
  if (!child) {
    child = (async () => {
      const n = Math.random().toString(36).slice(2, 10);
      const { user } = await createUser(s.t.app, { username: `child-${n}`, password: PASSWORD, supervised: true });
      await s.ok('admin', 'PATCH', `/api/admin/users/${user.id}`, 200, { guardianIds: [s.users.member.id] });
      await s.ok('member', 'PATCH', `/api/family/${user.id}`, 200, { fullTranscripts: true });
      const { token, session } = await createSession(s.t.app.ctx, user.id, { ip: '127.0.0.1', userAgent: 'child' });
      const res = await s.t.app.inject({
        method: 'POST',
        url: '/api/conversations',
        headers: { host: 'localhost:8000', cookie: `hearth_session=${token}`, 'x-csrf-token': session.csrfToken },
        payload: { title: `Homework ${MARKER}`, model: MODEL },
      });
      if (res.statusCode !== 201) throw new Error(`fixture child conversation: ${res.statusCode} ${res.body}`);
      // The filter lane raises flags as children chat; a row written here stands in for one.
      const flagId = `flag-${n}`;
      await s.t.app.ctx.db
        .insertInto('safetyFlags')
        .values({
          id: flagId,
          userId: user.id,
          at: new Date().toISOString(),
          direction: 'input',
          category: 'profanity',
          excerpt: `Flagged ${MARKER}`,
          conversationId: null,
          roomId: null,
          reviewedAt: null,
          reviewedBy: null,
        })
        .execute();
      return { id: user.id, conversationId: res.json<{ id: string }>().id, flagId };
    })();
    children.set(s, child);
  }
  return child;
}
