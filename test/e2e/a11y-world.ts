/**
 * What the accessibility test looks at, made over the API before any browser opens: an admin, a
 * chat with a reply holding code, maths, a table and thinking, a failed reply, a room and a
 * direct room with messages, an invite, a model server of the admin's own and an API token.
 */
import { asUser, createUser, login, type Session } from '#test/helpers';
import type { FakeScript } from '#test/fakes/fake-model-server';
import type { E2E } from './harness';

/** The seeded data the visits use. */
export type A11yWorld = {
  baseUrl: string;
  admin: { username: string; password: string };
  /** Paths of the seeded chats and rooms. */
  paths: { chat: string; failed: string; room: string; direct: string };
  /** An open invite (sign-up page, the admin's invite list). */
  inviteToken: string;
};

const PROMPT = 'Show me code and maths';
const REPLY = [
  'Here is **a function** and a formula.',
  '',
  '```python',
  'def area(r):',
  '    """Area of a circle."""',
  '    return 3.14159 * r ** 2  # pi r squared',
  '',
  'print("a line too long for a phone, so the code block scrolls sideways to show all of it", area(2))',
  '```',
  '',
  'Inline $a^2 + b^2 = c^2$ and a block:',
  '',
  '$$\\int_0^1 x^2\\,dx = \\frac{1}{3} + \\sum_{n=1}^{\\infty} \\frac{1}{n^2} - \\frac{\\pi^2}{6} + a_1 + a_2 + a_3 + a_4 + a_5 + a_6 + a_7$$',
  '',
  '| Shape | Area | Perimeter | Notes |',
  '|---|---|---|---|',
  '| circle | πr² | 2πr | the round one that rolls |',
  '',
  '> A quote, and a [link](https://example.org).',
].join('\n');

/** A chat made over the API (no browser): one message, answered by the fake as `script` says. */
async function makeChat(
  e2e: E2E,
  session: Session,
  title: string,
  prompt: string,
  script: FakeScript,
): Promise<string> {
  const app = e2e.hearth.app;
  e2e.script(prompt, script);
  const models = (await app.inject({ method: 'GET', url: '/api/models', headers: asUser(session) })).json<{
    items: { id: string }[];
  }>();
  const made = await app.inject({
    method: 'POST',
    url: '/api/conversations',
    headers: asUser(session),
    payload: { title, model: models.items[0]!.id },
  });
  const id = made.json<{ id: string }>().id;
  const sent = await app.inject({
    method: 'POST',
    url: `/api/conversations/${id}/messages`,
    headers: asUser(session),
    payload: { content: prompt, stream: false },
  });
  if (sent.statusCode !== 200 && !script.status) throw new Error(`sending failed: ${sent.statusCode} ${sent.body}`);
  return `/c/${id}`;
}

/** A room and a direct room with a few messages from both sides. */
async function makeRooms(e2e: E2E, session: Session, other: Session): Promise<{ room: string; direct: string }> {
  const app = e2e.hearth.app;
  const post = async (s: Session, url: string, payload: object) => {
    const res = await app.inject({ method: 'POST', url, headers: asUser(s), payload });
    if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    return res.json<{ id: string }>();
  };
  const room = await post(session, '/api/rooms', {
    name: 'Kitchen',
    description: 'Dinner plans',
    memberIds: [other.user.id],
  });
  await post(session, `/api/rooms/${room.id}/messages`, { text: 'Who is cooking **tonight**?' });
  await post(other, `/api/rooms/${room.id}/messages`, { text: 'Me! Pasta, @' + session.user.username });
  const direct = await post(session, '/api/rooms/direct', { userId: other.user.id });
  await post(other, `/api/rooms/${direct.id}/messages`, { text: 'Can you pick up bread?' });
  await post(session, `/api/rooms/${direct.id}/messages`, { text: 'Sure, on my way home.' });
  return { room: `/r/${room.id}`, direct: `/r/${direct.id}` };
}

/** Seeds the server of `e2e` (sign-up by invite on, too). */
export async function seedA11yWorld(e2e: E2E): Promise<A11yWorld> {
  const made = await createUser(e2e.hearth.app, { username: 'axeadmin', displayName: 'Ada Admin', role: 'admin' });
  const admin = { username: made.user.username, password: made.password };
  const other = await createUser(e2e.hearth.app, { username: 'bob', displayName: 'Bob' });
  // A supervised member, so the Family page shows a card with every control (the admin sees all).
  await createUser(e2e.hearth.app, { username: 'kit', displayName: 'Kit', supervised: true });
  const session = await login(e2e.hearth.app, admin.username, admin.password);
  const bobSession = await login(e2e.hearth.app, other.user.username, other.password);
  const paths = { chat: '', failed: '', room: '', direct: '' };
  paths.chat = await makeChat(e2e, session, 'Circles and maths', PROMPT, {
    reply: REPLY,
    thinking: 'The area of a circle is pi times the radius squared.',
    tokenIntervalMs: 0,
  });
  paths.failed = await makeChat(e2e, session, 'A reply that failed', 'Will this fail?', {
    status: 500,
    errorMessage: 'CUDA out of memory',
  });
  Object.assign(paths, await makeRooms(e2e, session, bobSession));
  await e2e.hearth.app.inject({
    method: 'PATCH',
    url: '/api/admin/settings',
    headers: asUser(session),
    payload: { signupMode: 'invite' },
  });
  const invite = await e2e.hearth.app.inject({
    method: 'POST',
    url: '/api/admin/invites',
    headers: asUser(session),
    payload: { role: 'member', expiresInHours: 24 },
  });
  const inviteToken = invite.json<{ token: string }>().token;
  // A model server of the admin's own (one from the config cannot be edited or deleted).
  await e2e.hearth.app.inject({
    method: 'POST',
    url: '/api/admin/connections',
    headers: asUser(session),
    payload: { name: 'Living-room PC', provider: 'ollama', baseUrl: e2e.fake.ollamaBaseUrl, enabled: true },
  });
  // A token to revoke, and a second session to end ("sign out everywhere else").
  await e2e.hearth.app.inject({
    method: 'POST',
    url: '/api/auth/tokens',
    headers: asUser(session),
    payload: { name: 'editor plugin' },
  });
  return { baseUrl: e2e.baseUrl, admin, paths, inviteToken };
}
