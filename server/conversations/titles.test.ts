import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Conversation } from '#common/conversations';
import type { ServerEvent } from '#common/events';
import { userChannel } from '#server/realtime/bus';
import {
  browserHeaders,
  MODELS,
  startLiveApp,
  userWithConversation,
  type LiveApp,
} from '#server/generation/test-support';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { cleanTitle, TITLE_PROMPT } from './titles';

let fake: FakeModelServer;
let t: LiveApp;
beforeAll(async () => {
  fake = await startFakeModelServer();
  t = await startLiveApp(fake, { HEARTH_GENERATED_TITLES: '1' });
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

type Session = Awaited<ReturnType<typeof userWithConversation>>['session'];

async function send(session: Session, conversationId: string, content: string) {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/conversations/${conversationId}/messages`,
    headers: browserHeaders(session),
    payload: { content, stream: false },
  });
  expect(res.statusCode, res.body).toBe(200);
}

async function titleOf(session: Session, conversationId: string): Promise<string> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/conversations/${conversationId}`,
    headers: browserHeaders(session),
  });
  return res.json<{ conversation: Conversation }>().conversation.title;
}

describe('generated titles', () => {
  it('asks the model for a title after the first reply, saves it cleaned and tells the other tabs', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);
    const events: ServerEvent[] = [];
    const unsubscribe = t.app.ctx.bus.subscribe(userChannel(session.user.id), (e) => events.push(e));
    const before = fake.chatRequests().length;
    fake.enqueue(
      { reply: 'Start with the Lofoten islands in June.' },
      { reply: '**Title:** "Planning a Norway Trip."' },
    );

    await send(session, conversationId, 'Help me plan a holiday in the north of Norway');
    await t.app.ctx.titles.settled();
    unsubscribe();

    expect(await titleOf(session, conversationId)).toBe('Planning a Norway Trip');
    const [reply, titleRequest] = fake.chatRequests().slice(before);
    // The title request came after the reply was finished, and reads the first exchange.
    expect(titleRequest!.openedAt).toBeGreaterThanOrEqual(reply!.closedAt!);
    const prompt = (titleRequest!.body!.messages as { role: string; content: string }[]).at(-1)!;
    expect(prompt.content).toContain(TITLE_PROMPT);
    expect(prompt.content).toContain('Help me plan a holiday in the north of Norway');
    expect(prompt.content).toContain('Start with the Lofoten islands in June.');
    const updates = events.filter((e) => e.type === 'conversation.updated' && e.conversationId === conversationId);
    // One for the first-words title, one for the generated title.
    expect(updates.length).toBeGreaterThanOrEqual(2);
  });

  it('keeps the first words when the model fails to answer the title request', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.ollama);
    fake.enqueue({ reply: 'Pasta, always pasta.' }, { status: 500, errorMessage: 'out of memory' });
    await send(session, conversationId, 'What should we cook tonight?');
    await t.app.ctx.titles.settled();
    expect(await titleOf(session, conversationId)).toBe('What should we cook tonight?');
  });

  it('never overwrites a rename that lands while the title is being generated', async () => {
    const { session, conversationId } = await userWithConversation(t, MODELS.openai);
    const before = fake.requests.length;
    fake.enqueue({ reply: 'Sure.' }, { reply: 'Generated Title', headersDelayMs: 400 });
    await send(session, conversationId, 'Something about the garden');
    // The title request is under way (its answer is held back): rename now.
    await fake.waitForRequests(before + 2, 5000);
    const rename = await t.app.inject({
      method: 'PATCH',
      url: `/api/conversations/${conversationId}`,
      headers: browserHeaders(session),
      payload: { title: 'Our vegetable patch' },
    });
    expect(rename.statusCode).toBe(200);
    await t.app.ctx.titles.settled();
    expect(await titleOf(session, conversationId)).toBe('Our vegetable patch');
  });

  it('does not ask for a title when the user named the conversation, nor for later messages', async () => {
    const session = (await userWithConversation(t)).session;
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/conversations',
      headers: browserHeaders(session),
      payload: { title: 'Named by me', model: MODELS.openai },
    });
    const id = created.json<Conversation>().id;
    const before = fake.chatRequests().length;
    await send(session, id, 'First');
    await send(session, id, 'Second');
    await t.app.ctx.titles.settled();
    expect(fake.chatRequests().length - before).toBe(2);
    expect(await titleOf(session, id)).toBe('Named by me');
  });
});

describe('cleanTitle', () => {
  it('strips quotes, markdown, a "Title:" label, thinking and closing punctuation', () => {
    expect(cleanTitle('"Planning a Norway Trip."')).toBe('Planning a Norway Trip');
    expect(cleanTitle('**Title:** “Weekend Pasta Ideas”!')).toBe('Weekend Pasta Ideas');
    expect(cleanTitle('<think>The user wants…</think>\n\n# Garden Plans for Spring\nMore text')).toBe(
      'Garden Plans for Spring',
    );
    expect(cleanTitle("  'Tax Return Questions'  ")).toBe('Tax Return Questions');
    expect(cleanTitle('Titre : Voyage en Norvège.')).toBe('Voyage en Norvège');
  });

  it('caps at 60 characters on a word boundary and gives up on nothing', () => {
    const long = cleanTitle('A very long title that goes on and on about many different things at once')!;
    expect(long.length).toBeLessThanOrEqual(60);
    expect('A very long title that goes on and on about many different things at once'.startsWith(long)).toBe(true);
    expect(cleanTitle('  \n "" \n')).toBeNull();
    expect(cleanTitle('<think>only thinking, cut off')).toBeNull();
  });
});
