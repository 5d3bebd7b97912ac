/**
 * Issue 4: regenerate and edit make sibling versions, the active branch switches, the model sees
 * only the branch on screen, and the active branch pages backwards with `limit`/`before`.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startFakeModelServer, type FakeModelServer, type RecordedRequest } from '#test/fakes/fake-model-server';
import { signedInUser, type Session } from '#test/helpers';
import type { ConversationDetail, Message } from '#common/conversations';
import {
  browserHeaders,
  joined,
  MODELS,
  sendStreaming,
  sse,
  startLiveApp,
  userWithConversation,
  type LiveApp,
} from '#server/generation/test-support';

let fake: FakeModelServer;
let t: LiveApp;
let anna: Session;
let convId: string;
// A fake per test: a script a failed request left queued must not answer the next test.
beforeEach(async () => {
  fake = await startFakeModelServer();
  t = await startLiveApp(fake, { HEARTH_MAX_MESSAGE_CHARS: '200' });
  ({ session: anna, conversationId: convId } = await userWithConversation(t, MODELS.openai));
});
afterEach(async () => {
  await t.close();
  await fake.close();
});

type Req = { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object };
const as = (s: Session, req: Req) => t.app.inject({ ...req, headers: browserHeaders(s) });

/** Sends and waits for the whole reply. */
async function send(content: string, reply = `Answer to ${content}`) {
  fake.enqueue({ reply });
  const res = await as(anna, {
    method: 'POST',
    url: `/api/conversations/${convId}/messages`,
    payload: { content, stream: false },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ userMessage: Message; assistantMessage: Message }>();
}

async function regenerate(messageId: string, reply: string) {
  fake.enqueue({ reply });
  const res = await as(anna, {
    method: 'POST',
    url: `/api/messages/${messageId}/regenerate`,
    payload: { stream: false },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ assistantMessage: Message }>().assistantMessage;
}

async function edit(messageId: string, content: string, reply: string) {
  fake.enqueue({ reply });
  const res = await as(anna, {
    method: 'POST',
    url: `/api/messages/${messageId}/edit`,
    payload: { content, stream: false },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ userMessage: Message; assistantMessage: Message }>();
}

const detail = async (query = '') => {
  const res = await as(anna, { method: 'GET', url: `/api/conversations/${convId}${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<ConversationDetail>();
};

/** The chat turns (role: content) of the last request the fake received, without the system prompt. */
const lastTurns = () => turnsOf(fake.chatRequests().at(-1)!);
const turnsOf = (r: RecordedRequest) =>
  (r.body?.messages as { role: string; content: string }[])
    .filter((m) => m.role !== 'system')
    .map((m) => `${m.role}: ${m.content}`);

describe('regenerate', () => {
  it('adds a sibling reply from the same history, makes it active and keeps the earlier one', async () => {
    const first = await send('Name a fruit', 'Apple');
    await send('Another', 'Banana');
    const second = await send('One more', 'Cherry');
    const again = await regenerate(second.assistantMessage.id, 'Date');

    expect(again).toMatchObject({
      role: 'assistant',
      status: 'complete',
      content: 'Date',
      parentId: second.userMessage.id,
      model: MODELS.openai,
    });
    expect(lastTurns()).toEqual([
      'user: Name a fruit',
      'assistant: Apple',
      'user: Another',
      'assistant: Banana',
      'user: One more',
    ]);

    const all = await detail();
    expect(all.messages).toHaveLength(7);
    expect(all.activeLeafId).toBe(again.id);
    expect(all.messages.find((m) => m.id === second.assistantMessage.id)?.content).toBe('Cherry');

    // Regenerating the first reply branches off early: the model sees only the first question.
    const early = await regenerate(first.assistantMessage.id, 'Avocado');
    expect(lastTurns()).toEqual(['user: Name a fruit']);
    expect((await detail()).activeLeafId).toBe(early.id);
  });

  it('streams start, deltas and done, without a user-message event', async () => {
    const { assistantMessage } = await send('Hi');
    fake.enqueue({ reply: 'Hello there, again.', tokenIntervalMs: 2 });
    const stream = await sse(`${t.url}/api/messages/${assistantMessage.id}/regenerate`, {
      method: 'POST',
      headers: browserHeaders(anna),
      body: {},
    });
    expect(stream.status).toBe(200);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events = await stream.ended;
    const names = events.map((e) => e.event);
    expect(names[0]).toBe('start');
    expect(names.at(-1)).toBe('done');
    expect(names).not.toContain('user-message');
    expect(joined(events)).toBe('Hello there, again.');
    expect(events[0]!.data.message).toMatchObject({
      role: 'assistant',
      status: 'streaming',
      parentId: assistantMessage.parentId,
    });
    expect((await detail()).activeLeafId).toBe(events[0]!.data.message.id);
  });

  it('works as a bare POST with no body', async () => {
    const { assistantMessage } = await send('Hi');
    fake.enqueue({ reply: 'Once more.' });
    const res = await t.app.inject({
      method: 'POST',
      url: `/api/messages/${assistantMessage.id}/regenerate`,
      headers: browserHeaders(anna),
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.headers['content-type']).toContain('text/event-stream');
    expect(res.body).toContain('Once more.');
  });
});

describe('edit', () => {
  it('adds a sibling user message and its reply; the model sees the edited branch only', async () => {
    const first = await send('Plan a trip to Oslo', 'Oslo plan');
    await send('Add a museum', 'Museum added');
    const edited = await edit(first.userMessage.id, 'Plan a trip to Bergen', 'Bergen plan');

    expect(edited.userMessage).toMatchObject({
      role: 'user',
      content: 'Plan a trip to Bergen',
      parentId: first.userMessage.parentId,
    });
    expect(edited.assistantMessage).toMatchObject({ content: 'Bergen plan', parentId: edited.userMessage.id });
    expect(lastTurns()).toEqual(['user: Plan a trip to Bergen']);

    const all = await detail();
    expect(all.messages).toHaveLength(6);
    expect(all.activeLeafId).toBe(edited.assistantMessage.id);
    expect(all.messages.find((m) => m.id === first.userMessage.id)?.content).toBe('Plan a trip to Oslo');

    // The next message continues the edited branch.
    await send('Add a fjord');
    expect(lastTurns()).toEqual(['user: Plan a trip to Bergen', 'assistant: Bergen plan', 'user: Add a fjord']);
  });

  it('streams user-message, start, deltas and done', async () => {
    const { userMessage } = await send('Hi');
    fake.enqueue({ reply: 'Edited answer.', tokenIntervalMs: 2 });
    const events = await (
      await sse(`${t.url}/api/messages/${userMessage.id}/edit`, {
        method: 'POST',
        headers: browserHeaders(anna),
        body: { content: 'Hello' },
      })
    ).ended;
    expect(events.map((e) => e.event).slice(0, 2)).toEqual(['user-message', 'start']);
    expect(events.at(-1)!.event).toBe('done');
    expect(events[0]!.data.message).toMatchObject({ role: 'user', content: 'Hello', parentId: userMessage.parentId });
    expect(joined(events)).toBe('Edited answer.');
  });
});

describe('switching branches', () => {
  it('activeBranchAt goes to the newest leaf under the picked version, and the model follows', async () => {
    const first = await send('Q1', 'A1');
    const second = await send('Q2', 'A2');
    const edited = await edit(first.userMessage.id, 'Q1 edited', 'A1 edited');

    // Back to the original first question: its newest leaf is the end of that branch.
    const back = await as(anna, {
      method: 'PATCH',
      url: `/api/conversations/${convId}`,
      payload: { activeBranchAt: first.userMessage.id },
    });
    expect(back.statusCode, back.body).toBe(200);
    expect(back.json().activeLeafId).toBe(second.assistantMessage.id);
    await send('Q3');
    expect(lastTurns()).toEqual(['user: Q1', 'assistant: A1', 'user: Q2', 'assistant: A2', 'user: Q3']);

    // And to the edited version again: the model sees that branch, not the other.
    const forth = await as(anna, {
      method: 'PATCH',
      url: `/api/conversations/${convId}`,
      payload: { activeBranchAt: edited.userMessage.id },
    });
    expect(forth.json().activeLeafId).toBe(edited.assistantMessage.id);
    await send('Q4');
    expect(lastTurns()).toEqual(['user: Q1 edited', 'assistant: A1 edited', 'user: Q4']);
  });

  it('picks the newest leaf when a version has branches of its own', async () => {
    const first = await send('Q1', 'A1');
    const second = await send('Q2', 'A2');
    const a2b = await regenerate(second.assistantMessage.id, 'A2b');
    await edit(first.userMessage.id, 'Q1 edited', 'A1 edited');
    const back = await as(anna, {
      method: 'PATCH',
      url: `/api/conversations/${convId}`,
      payload: { activeBranchAt: first.userMessage.id },
    });
    expect(back.json().activeLeafId).toBe(a2b.id);
    // Picking a leaf itself makes it the leaf.
    const exact = await as(anna, {
      method: 'PATCH',
      url: `/api/conversations/${convId}`,
      payload: { activeBranchAt: second.assistantMessage.id },
    });
    expect(exact.json().activeLeafId).toBe(second.assistantMessage.id);
  });
});

describe('paging the active branch', () => {
  it('pages from the newest message backwards with limit and before, then keeps today’s reply without limit', async () => {
    const sent: Message[] = [];
    for (let i = 1; i <= 5; i++) {
      const r = await send(`Q${i}`, `A${i}`);
      sent.push(r.userMessage, r.assistantMessage);
    }
    // A sibling on another branch must not appear in the pages.
    const other = await regenerate(sent[3]!.id, 'A2 again');
    await as(anna, { method: 'PATCH', url: `/api/conversations/${convId}`, payload: { activeLeafId: sent[9]!.id } });

    const first = await detail('?limit=4');
    expect(first.messages.map((m) => m.content)).toEqual(['Q4', 'A4', 'Q5', 'A5']);
    expect(first.hasMore).toBe(true);
    expect(first.activeLeafId).toBe(sent[9]!.id);
    const second = await detail(`?limit=4&before=${first.messages[0]!.id}`);
    expect(second.messages.map((m) => m.content)).toEqual(['Q2', 'A2', 'Q3', 'A3']);
    expect(second.hasMore).toBe(true);
    expect(second.siblings).toEqual({ [sent[3]!.id]: [sent[3]!.id, other.id] });
    const third = await detail(`?limit=4&before=${second.messages[0]!.id}`);
    expect(third.messages.map((m) => m.content)).toEqual(['Q1', 'A1']);
    expect(third.hasMore).toBe(false);
    expect(third.siblings).toEqual({});

    // `before` alone pages with the default size.
    expect((await detail(`?before=${sent[9]!.id}`)).messages).toHaveLength(9);
    // No limit: every branch, as before.
    const all = await detail();
    expect(all.messages).toHaveLength(11);
    expect(all.hasMore).toBeUndefined();
  });

  it('lists the versions of the root messages too, and an empty conversation has no page', async () => {
    const empty = await detail('?limit=10');
    expect(empty).toMatchObject({ messages: [], hasMore: false, siblings: {} });
    const first = await send('Hello');
    const edited = await edit(first.userMessage.id, 'Hello again', 'Hi again');
    const page = await detail('?limit=10');
    expect(page.messages.map((m) => m.id)).toEqual([edited.userMessage.id, edited.assistantMessage.id]);
    expect(page.siblings).toEqual({ [edited.userMessage.id]: [first.userMessage.id, edited.userMessage.id] });
  });
});

describe('refusals', () => {
  it("answers 404 for another user's messages and conversation pages", async () => {
    const { userMessage, assistantMessage } = await send('Mine');
    const ben = await signedInUser(t.app);
    const reqs: Req[] = [
      { method: 'POST', url: `/api/messages/${assistantMessage.id}/regenerate`, payload: { stream: false } },
      { method: 'POST', url: `/api/messages/${userMessage.id}/edit`, payload: { content: 'Theirs', stream: false } },
      { method: 'POST', url: '/api/messages/01NOSUCHMESSAGE0000000000/regenerate', payload: {} },
      { method: 'GET', url: `/api/conversations/${convId}?limit=5` },
      { method: 'PATCH', url: `/api/conversations/${convId}`, payload: { activeBranchAt: userMessage.id } },
    ];
    for (const req of reqs) {
      const res = await as(ben, req);
      expect(res.statusCode, `${req.method} ${req.url}`).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await detail()).messages).toHaveLength(2);
  });

  it('answers 400 naming the field for bad bodies, queries and the wrong role', async () => {
    const { userMessage, assistantMessage } = await send('Hi');
    const cases: [Req, string][] = [
      [{ method: 'POST', url: `/api/messages/${userMessage.id}/regenerate`, payload: {} }, 'id'],
      [{ method: 'POST', url: `/api/messages/${assistantMessage.id}/edit`, payload: { content: 'x' } }, 'id'],
      [{ method: 'POST', url: `/api/messages/${userMessage.id}/edit`, payload: {} }, 'content'],
      [{ method: 'POST', url: `/api/messages/${userMessage.id}/edit`, payload: { content: '  ' } }, 'content'],
      [
        { method: 'POST', url: `/api/messages/${userMessage.id}/edit`, payload: { content: 'x', stream: 'yes' } },
        'stream',
      ],
      [{ method: 'POST', url: `/api/messages/${assistantMessage.id}/regenerate`, payload: { model: '' } }, 'model'],
      [{ method: 'POST', url: `/api/messages/${assistantMessage.id}/regenerate`, payload: { stream: 1 } }, 'stream'],
      [{ method: 'GET', url: `/api/conversations/${convId}?limit=0` }, 'limit'],
      [{ method: 'GET', url: `/api/conversations/${convId}?limit=abc` }, 'limit'],
      [{ method: 'GET', url: `/api/conversations/${convId}?limit=5&before=nope` }, 'before'],
      [{ method: 'PATCH', url: `/api/conversations/${convId}`, payload: { activeBranchAt: 'nope' } }, 'activeBranchAt'],
      [
        {
          method: 'PATCH',
          url: `/api/conversations/${convId}`,
          payload: { activeBranchAt: userMessage.id, activeLeafId: userMessage.id },
        },
        'activeBranchAt',
      ],
    ];
    for (const [req, field] of cases) {
      const res = await as(anna, req);
      expect(res.statusCode, `${req.method} ${req.url} ${JSON.stringify(req.payload)}: ${res.body}`).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      // What a member types is named in plain words; the rest by its field, for developers.
      if (field === 'content') expect(res.json().error).toMatchObject({ field, message: /^The message / });
      else expect(res.json().error.message).toContain(field);
    }
    expect((await detail()).messages).toHaveLength(2);
  });

  it('answers 413 for an over-long edit, saving nothing', async () => {
    const { userMessage } = await send('Hi');
    const res = await as(anna, {
      method: 'POST',
      url: `/api/messages/${userMessage.id}/edit`,
      payload: { content: 'x'.repeat(201) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toMatchObject({ code: 'too_large', field: 'content' });
    expect((await detail()).messages).toHaveLength(2);
  });

  it('answers 409 while a reply is being written in the conversation, and works once it is stopped', async () => {
    const { userMessage, assistantMessage } = await send('Hi');
    fake.enqueue({ reply: 'A long slow reply '.repeat(20), tokenIntervalMs: 50 });
    const running = await sendStreaming(t, anna, convId, { content: 'Tell me a story' });
    const start = await running.waitFor((e) => e.event === 'start');
    for (const req of [
      { method: 'POST', url: `/api/messages/${assistantMessage.id}/regenerate`, payload: {} },
      { method: 'POST', url: `/api/messages/${userMessage.id}/edit`, payload: { content: 'Hello' } },
    ] satisfies Req[]) {
      const res = await as(anna, req);
      expect(res.statusCode, req.url).toBe(409);
      expect(res.json().error.code).toBe('conflict');
    }
    const stop = await as(anna, { method: 'POST', url: `/api/generations/${start.data.message.id}/stop` });
    expect(stop.statusCode).toBe(200);
    await running.ended;
    expect((await regenerate(assistantMessage.id, 'Fine now')).content).toBe('Fine now');
  });
});
