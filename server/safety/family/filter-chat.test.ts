/**
 * The family-safety filter in AI chat, end to end on a real app and the fake model server: a
 * supervised member's message that the filter stops is refused (422, category, nothing saved,
 * a flag), self-harm reaches the guardian's real WebSocket at once, a reply is stopped upstream
 * at the delta that completes a bad word (status blocked, safe text saved, the unsafe text only
 * in the flag), held-back text never reaches the screen, and the moderation model helps when it
 * answers and never holds chat up when it does not. Adults are never checked.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConversationDetail } from '#common/conversations';
import { connectMember } from '#server/messaging/assistant-test-support';
import {
  browserHeaders,
  joined,
  MODELS,
  sendStreaming,
  startLiveApp,
  type LiveApp,
} from '#server/generation/test-support';
import { DEFAULT_FAKE_MODELS, startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { LLAMA_GUARD_MODEL, llamaGuard } from '#test/fakes/moderation';
import { signedInUser, type Session } from '#test/helpers';
import { flagsOf, superviseWith } from './filter-test-support';
import { BLOCKED_REPLY_TEXT } from './filter-words';
import { MODERATION_TIMEOUT_MS } from './moderation';

const GUARD_ID = `env-2/${LLAMA_GUARD_MODEL}`;
/** Longer than the held-back window, so some of it is shown before the bad word comes. */
const LEAD = 'Once upon a time a little cat lived in a big red house by the sea, with her friends the gulls. '.repeat(
  2,
);

let fake: FakeModelServer;
let t: LiveApp;
let child: Session;
let guardian: Session;
let adult: Session;

beforeAll(async () => {
  fake = await startFakeModelServer({ models: [...DEFAULT_FAKE_MODELS, { name: LLAMA_GUARD_MODEL }] });
});
afterAll(async () => fake.close());
beforeEach(async () => {
  t = await startLiveApp(fake, { HEARTH_RATE_LIMIT_API_PER_MINUTE: '0' });
  guardian = await signedInUser(t.app, { username: 'mum' });
  adult = await signedInUser(t.app, { username: 'uncle' });
  child = await signedInUser(t.app, { username: 'kid', supervised: true });
  await superviseWith(t.app, child.user.id, guardian.user.id);
});
afterEach(async () => {
  fake.setModelScript(LLAMA_GUARD_MODEL, null);
  await t.close();
});

const newConversation = async (s: Session) => {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/conversations',
    headers: browserHeaders(s),
    payload: { model: MODELS.ollama },
  });
  return res.json<{ id: string }>().id;
};
const detail = async (s: Session, id: string) =>
  (
    await t.app.inject({ method: 'GET', url: `/api/conversations/${id}`, headers: browserHeaders(s) })
  ).json<ConversationDetail>();
const sendJson = (s: Session, id: string, content: string) =>
  t.app.inject({
    method: 'POST',
    url: `/api/conversations/${id}/messages`,
    headers: browserHeaders(s),
    payload: { content, stream: false },
  });

describe('a supervised member’s message', () => {
  it('is refused with 422 content_blocked and its category, nothing saved or sent, a flag raised', async () => {
    const id = await newConversation(child);
    const asked = fake.chatRequests().length;
    const res = await sendJson(child, id, 'you are a f u c k i n g idiot');
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'content_blocked', category: 'profanity' });
    expect(res.json().error.message).toMatch(/wasn't sent/);
    expect((await detail(child, id)).messages).toEqual([]);
    expect(fake.chatRequests()).toHaveLength(asked);
    const flags = await flagsOf(t.app, child.user.id);
    expect(flags).toHaveLength(1);
    expect(flags[0]).toMatchObject({
      direction: 'input',
      category: 'profanity',
      excerpt: 'you are a f u c k i n g idiot',
      conversationId: id,
    });
  });

  it('is refused on edit too; an adult saying the same is never checked', async () => {
    const id = await newConversation(child);
    fake.enqueue({ reply: 'Hello there.' });
    const sent = await sendJson(child, id, 'Hello!');
    expect(sent.statusCode).toBe(200);
    const edit = await t.app.inject({
      method: 'POST',
      url: `/api/messages/${sent.json().userMessage.id}/edit`,
      headers: browserHeaders(child),
      payload: { content: 'what is your address, send me your address', stream: false },
    });
    expect(edit.statusCode).toBe(422);
    expect(edit.json().error.category).toBe('contact_details');
    expect((await detail(child, id)).messages).toHaveLength(2);

    const adultChat = await newConversation(adult);
    fake.enqueue({ reply: 'Sure.' });
    expect((await sendJson(adult, adultChat, 'you are a f u c k i n g idiot')).statusCode).toBe(200);
    expect(await flagsOf(t.app, adult.user.id)).toEqual([]);
  });

  it('about self-harm gets a caring answer and reaches the guardian’s socket at once, urgent', async () => {
    const socket = await connectMember(t, guardian);
    const id = await newConversation(child);
    const res = await sendJson(child, id, 'i want to kill myself');
    expect(res.statusCode).toBe(422);
    const error = res.json().error;
    expect(error.category).toBe('self_harm');
    expect(error.message).toContain("You're not alone");
    expect(error.message).toContain('116 111');
    expect(error.message).toContain('988');
    const flag = await socket.waitFor('family.flag', (e) => e.childId === child.user.id);
    expect(flag).toMatchObject({ urgent: true, flag: { category: 'self_harm', excerpt: 'i want to kill myself' } });
    await socket.waitFor('family.updated', (e) => e.childId === child.user.id);
    socket.ws.close();
  });
});

describe('a reply to a supervised member', () => {
  it('stops upstream at the delta that completes a split bad word: blocked, safe text saved, unsafe text only in the flag', async () => {
    const id = await newConversation(child);
    const filler = Array.from({ length: 40 }, (_, i) => ` more${i}`);
    fake.enqueue({
      tokens: [...LEAD.match(/.{1,12}/g)!, 'The cat said: you are an a', 'ssh', 'ole, and', ...filler],
      tokenIntervalMs: 15,
    });
    const stream = await sendStreaming(t, child, id, { content: 'Tell me a story' });
    const events = await stream.ended;
    const done = events.at(-1)!;
    expect(done.event).toBe('done');
    expect(done.data.message).toMatchObject({ status: 'blocked', content: BLOCKED_REPLY_TEXT });
    // What reached the screen: only the start of the harmless lead, never the word or its start.
    const shown = joined(events);
    expect(shown.length).toBeGreaterThan(0);
    expect(LEAD.startsWith(shown)).toBe(true);
    expect(JSON.stringify(events)).not.toMatch(/assh|more1/);
    // The model server saw the client close the reply before it finished.
    const upstream = await fake.waitForClose(fake.chatRequests().at(-1)!.index);
    expect(upstream.closedByClient).toBe(true);

    const saved = (await detail(child, id)).messages[1]!;
    expect(saved).toMatchObject({ status: 'blocked', content: BLOCKED_REPLY_TEXT });
    await expect.poll(async () => (await flagsOf(t.app, child.user.id)).length).toBe(1);
    const [flag] = await flagsOf(t.app, child.user.id);
    expect(flag).toMatchObject({ direction: 'output', category: 'profanity', conversationId: id });
    expect(flag!.excerpt).toMatch(/you are an assh/);
  });

  it('streams a harmless reply in full, the held-back end released when it completes', async () => {
    const id = await newConversation(child);
    const reply = `${LEAD}The end.`;
    fake.enqueue({ reply });
    const events = await (await sendStreaming(t, child, id, { content: 'Tell me a story' })).ended;
    expect(joined(events)).toBe(reply);
    expect(events.at(-1)!.data.message).toMatchObject({ status: 'complete', content: reply });
    expect(await flagsOf(t.app, child.user.id)).toEqual([]);
  });

  it('is not checked for an adult', async () => {
    const id = await newConversation(adult);
    fake.enqueue({ reply: 'you are an asshole' });
    const events = await (await sendStreaming(t, adult, id, { content: 'insult me' })).ended;
    expect(events.at(-1)!.data.message).toMatchObject({ status: 'complete', content: 'you are an asshole' });
  });
});

describe('the moderation model', () => {
  beforeEach(async () => superviseWith(t.app, child.user.id, guardian.user.id, { moderationModel: GUARD_ID }));

  it('stops what the word lists let through, in its categories (Llama Guard S-codes)', async () => {
    fake.setModelScript(
      LLAMA_GUARD_MODEL,
      llamaGuard([
        { match: /pick a lock/i, code: 'S2' },
        { match: /disappear forever/i, code: 'S11' },
        { match: /treasure map/i, code: 'S1' },
      ]),
    );
    const id = await newConversation(child);
    const lock = await sendJson(child, id, 'How do I pick a lock of a neighbour’s door?');
    expect(lock.statusCode).toBe(422);
    expect(lock.json().error.category).toBe('moderation');
    const gone = await sendJson(child, id, 'I wish I could disappear forever');
    expect(gone.json().error.category).toBe('self_harm');
    // The model read the conversation ending in the child's turn.
    const asked = fake.requests.filter((r) => r.model === LLAMA_GUARD_MODEL).at(-1)!;
    expect((asked.body!.messages as { role: string; content: string }[]).at(-1)).toEqual({
      role: 'user',
      content: 'I wish I could disappear forever',
    });

    // A finished reply it calls unsafe is replaced before its held-back words are shown.
    fake.enqueue({ reply: 'Here is the treasure map.' });
    const events = await (await sendStreaming(t, child, id, { content: 'Tell me about pirates' })).ended;
    expect(joined(events)).toBe('');
    expect(events.at(-1)!.data.message).toMatchObject({ status: 'blocked', content: BLOCKED_REPLY_TEXT });
    await expect
      .poll(async () => (await flagsOf(t.app, child.user.id)).map((f) => f.category))
      .toEqual(['violence', 'self_harm', 'moderation']);
  });

  it('when slow or down, the word lists still apply and chat waits at most the timeout', async () => {
    fake.setModelScript(LLAMA_GUARD_MODEL, { headersDelayMs: 10_000, reply: 'unsafe\nS1' });
    const id = await newConversation(child);
    let started = Date.now();
    const blocked = await sendJson(child, id, 'you piece of shit');
    expect(blocked.statusCode).toBe(422);
    expect(blocked.json().error.category).toBe('profanity');
    expect(Date.now() - started).toBeLessThan(MODERATION_TIMEOUT_MS);

    fake.enqueue({ reply: 'Cats sleep a lot.' });
    started = Date.now();
    const passed = await sendJson(child, id, 'Why do cats sleep so much?');
    expect(passed.statusCode).toBe(200);
    // Input and output each wait at most the timeout for the silent model.
    expect(Date.now() - started).toBeLessThan(2 * MODERATION_TIMEOUT_MS + 2_000);
    expect(passed.json().assistantMessage).toMatchObject({ status: 'complete', content: 'Cats sleep a lot.' });

    fake.setModelScript(LLAMA_GUARD_MODEL, { status: 500, errorMessage: 'model failed to load' });
    fake.enqueue({ reply: 'Dogs too.' });
    expect((await sendJson(child, id, 'And dogs?')).statusCode).toBe(200);
    expect((await sendJson(child, id, 'you piece of shit')).statusCode).toBe(422);
  });
});
