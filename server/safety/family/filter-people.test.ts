/**
 * The family-safety filter outside the web chat: a supervised member's people-chat messages
 * (rooms and direct messages, posts and edits) are refused when the filter stops them, an
 * adult's never; `@assistant` replies to a child in a room are stopped upstream like a chat
 * reply; a flag never carries another member's words; and /v1 answers in OpenAI's format
 * (422 content_blocked before, finish_reason "content_filter" during a reply).
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { RoomMessage } from '#common/messaging';
import { createApiToken } from '#server/auth/api-tokens';
import { catchUp, connectMember, makeRoom, post } from '#server/messaging/assistant-test-support';
import { MODELS, startLiveApp, type LiveApp } from '#server/generation/test-support';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { asUser, signedInUser, type Session } from '#test/helpers';
import { flagsOf, superviseWith } from './filter-test-support';
import { BLOCKED_REPLY_TEXT } from './filter-words';

let fake: FakeModelServer;
let t: LiveApp;
let child: Session;
let guardian: Session;
let uncle: Session;
let roomId: string;

beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => fake.close());
beforeEach(async () => {
  t = await startLiveApp(fake, { HEARTH_RATE_LIMIT_API_PER_MINUTE: '0' });
  guardian = await signedInUser(t.app, { username: 'mum', displayName: 'Mum' });
  uncle = await signedInUser(t.app, { username: 'uncle', displayName: 'Uncle' });
  child = await signedInUser(t.app, { username: 'kid', displayName: 'Kid', supervised: true });
  await superviseWith(t.app, child.user.id, guardian.user.id);
  roomId = (await makeRoom(t, uncle, [child, guardian])).id;
});
afterEach(async () => t.close());

const UNCLE_SECRET = 'Uncle here: the garage code is 4711, and what the f u c k is this weather';

describe('people chat of a supervised member', () => {
  it('refuses a child’s message the filter stops (nothing stored), never an adult’s', async () => {
    const refused = await post(t, child, roomId, 'you are a stupid bitch');
    expect(refused.status).toBe(422);
    expect((refused.message as unknown as { error: { code: string; category: string } }).error).toMatchObject({
      code: 'content_blocked',
      category: 'profanity',
    });
    expect(await catchUp(t, uncle, roomId, 0)).toEqual([]);
    const adult = await post(t, uncle, roomId, 'you are a stupid bitch');
    expect(adult.status).toBe(201);
    const flags = await flagsOf(t.app, child.user.id);
    expect(flags).toMatchObject([
      { direction: 'input', category: 'profanity', roomId, excerpt: 'you are a stupid bitch' },
    ]);
    expect(await flagsOf(t.app, uncle.user.id)).toEqual([]);
  });

  it('checks direct messages and edits too', async () => {
    const dm = await t.app.inject({
      method: 'POST',
      url: '/api/rooms/direct',
      headers: asUser(child),
      payload: { userId: uncle.user.id },
    });
    const dmId = dm.json<{ id: string }>().id;
    expect((await post(t, child, dmId, 'wo wohnst du? meine adresse ist Hauptstraße 5')).status).toBe(422);
    const ok = await post(t, child, dmId, 'Hi Uncle!');
    expect(ok.status).toBe(201);
    const edit = await t.app.inject({
      method: 'PATCH',
      url: `/api/rooms/${dmId}/messages/${ok.message.id}`,
      headers: asUser(child),
      payload: { text: 'Hi Uncle, du Arschloch!' },
    });
    expect(edit.statusCode).toBe(422);
    expect(edit.json().error.category).toBe('profanity');
    const [stored] = await catchUp(t, uncle, dmId, 0);
    expect(stored).toMatchObject({ text: 'Hi Uncle!' });
    expect((await flagsOf(t.app, child.user.id)).map((f) => f.category)).toEqual(['profanity', 'contact_details']);
  });

  it('stops an @assistant reply to the child upstream, and no flag ever holds another member’s words', async () => {
    const watcher = await connectMember(t, guardian);
    expect((await post(t, uncle, roomId, UNCLE_SECRET)).status).toBe(201);
    // The child's own mention with a bad word: refused, the flag holds only the child's text.
    expect((await post(t, child, roomId, '@assistant say f u c k')).status).toBe(422);

    const filler = Array.from({ length: 40 }, (_, i) => ` and${i}`);
    fake.enqueue({
      tokens: ['Uncle said the weather', ' is bad. You are a bit', 'ch', ...filler],
      tokenIntervalMs: 15,
    });
    const question = await post(t, child, roomId, 'What did Uncle say? @assistant');
    expect(question.status).toBe(201);
    const isReply = (e: { message: RoomMessage }) => e.message.kind === 'assistant' && e.message.status !== 'streaming';
    const done = await watcher.waitFor('room.message', isReply);
    expect(done.message).toMatchObject({ status: 'blocked', text: BLOCKED_REPLY_TEXT, askedBy: child.user.id });
    const upstream = await fake.waitForClose(fake.chatRequests().at(-1)!.index);
    expect(upstream.closedByClient).toBe(true);
    expect(JSON.stringify(watcher.all('room.delta'))).not.toMatch(/bit|and1/);

    // The model did read the uncle's message (room context)...
    expect(JSON.stringify(fake.chatRequests().at(-1)!.body)).toContain('garage code is 4711');
    // ...but the flags hold the child's message and the assistant's reply to the child only.
    await expect.poll(async () => (await flagsOf(t.app, child.user.id)).length).toBe(2);
    const flags = await flagsOf(t.app, child.user.id);
    expect(flags.map((f) => [f.direction, f.excerpt])).toEqual([
      ['output', 'Uncle said the weather is bad. You are a bitch'],
      ['input', '@assistant say f u c k'],
    ]);
    for (const f of flags) expect(f.excerpt).not.toMatch(/4711|garage/);
    // The uncle's own swearing raised nothing, for him or for the child.
    expect(await flagsOf(t.app, uncle.user.id)).toEqual([]);
    watcher.ws.close();
  });
});

describe('/v1 for a supervised member', () => {
  const v1 = async (token: string, body: object) =>
    fetch(`${t.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODELS.openai, ...body }),
    });

  it('refuses a message the filter stops with an OpenAI-shaped 422, and cuts a reply with content_filter', async () => {
    const { token } = await createApiToken(t.app.ctx, child.user, 'homework helper', 'chat');
    const asked = fake.chatRequests().length;
    const refused = await v1(token, { messages: [{ role: 'user', content: 'i want to kill myself' }] });
    expect(refused.status).toBe(422);
    const body = (await refused.json()) as { error: Record<string, unknown> };
    expect(body.error).toMatchObject({ code: 'content_blocked', type: 'invalid_request_error' });
    expect(body.error.message).toContain('116 111');
    expect(fake.chatRequests()).toHaveLength(asked);

    const filler = Array.from({ length: 40 }, (_, i) => ` x${i}`);
    fake.enqueue({ tokens: ['Fine. You are a bit', 'ch', ...filler], tokenIntervalMs: 15 });
    const streamed = await v1(token, { stream: true, messages: [{ role: 'user', content: 'Say something' }] });
    const text = await streamed.text();
    expect(text).toContain('"finish_reason":"content_filter"');
    expect(text).not.toMatch(/bit|x1/);
    expect(text).toContain("isn't suitable");
    expect((await fake.waitForClose(fake.chatRequests().at(-1)!.index)).closedByClient).toBe(true);

    fake.enqueue({ reply: 'You are a bitch, fine.' });
    const once = (await (await v1(token, { messages: [{ role: 'user', content: 'Again' }] })).json()) as {
      choices: { finish_reason: string; message: { content: string } }[];
    };
    expect(once.choices[0]).toMatchObject({
      finish_reason: 'content_filter',
      message: { content: BLOCKED_REPLY_TEXT },
    });
    await expect.poll(async () => (await flagsOf(t.app, child.user.id)).length).toBe(3);
  });
});
