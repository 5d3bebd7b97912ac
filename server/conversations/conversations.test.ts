import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { asUser, createTestApp, signedInUser, type Session, type TestApp } from '#test/helpers';
import type { Conversation, ConversationPage } from '#common/conversations';
import { titleFromMessage } from './history';

let t: TestApp;
let anna: Session;
beforeEach(async () => {
  t = await createTestApp({ HEARTH_MAX_MESSAGE_CHARS: '100' });
  anna = await signedInUser(t.app);
});
afterEach(async () => {
  await t.close();
});

type Req = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object };
const as = (s: Session, req: Req) => t.app.inject({ ...req, headers: asUser(s) });
const create = async (s: Session, payload: object = {}) => {
  const res = await as(s, { method: 'POST', url: '/api/conversations', payload });
  expect(res.statusCode).toBe(201);
  return res.json<Conversation>();
};

describe('conversations CRUD', () => {
  it('creates with defaults, reads, renames, pins and deletes', async () => {
    const created = await create(anna);
    expect(created).toMatchObject({
      title: 'New chat',
      taskId: 'general',
      model: null,
      pinned: false,
      activeLeafId: null,
    });

    const got = await as(anna, { method: 'GET', url: `/api/conversations/${created.id}` });
    expect(got.statusCode).toBe(200);
    expect(got.json()).toEqual({ conversation: created, messages: [], activeLeafId: null });

    const renamed = await as(anna, {
      method: 'PATCH',
      url: `/api/conversations/${created.id}`,
      payload: { title: 'Garden plans', pinned: true },
    });
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toMatchObject({ id: created.id, title: 'Garden plans', pinned: true });

    const list = await as(anna, { method: 'GET', url: '/api/conversations' });
    expect(list.json().items).toMatchObject([{ id: created.id, title: 'Garden plans', pinned: true }]);

    const del = await as(anna, { method: 'DELETE', url: `/api/conversations/${created.id}` });
    expect(del.statusCode).toBe(204);
    const gone = await as(anna, { method: 'GET', url: `/api/conversations/${created.id}` });
    expect(gone.statusCode).toBe(404);
    expect(gone.json().error.code).toBe('not_found');
  });

  it('uses the given title, model and the user default model', async () => {
    expect(await create(anna, { title: 'Recipes', model: 'env-1/llama' })).toMatchObject({
      title: 'Recipes',
      model: 'env-1/llama',
    });
    const set = await as(anna, { method: 'PATCH', url: '/api/me/settings', payload: { defaultModel: 'env-2/qwen' } });
    expect(set.statusCode).toBe(200);
    expect((await create(anna)).model).toBe('env-2/qwen');
  });

  it('pages newest first with an opaque cursor', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) ids.push((await create(anna, { title: `chat ${i}` })).id);
    // Touch the oldest one: it moves to the top.
    await as(anna, { method: 'PATCH', url: `/api/conversations/${ids[0]}`, payload: { pinned: true } });
    const expected = [ids[0], ids[4], ids[3], ids[2], ids[1]];

    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const url: string = `/api/conversations?limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page = (await as(anna, { method: 'GET', url })).json<ConversationPage>();
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(seen).toEqual(expected);
    expect(pages).toBe(3);
  });

  it('searches titles with ?q=', async () => {
    await create(anna, { title: 'Holiday in Norway' });
    await create(anna, { title: 'Tax return' });
    await create(anna, { title: '100% sure' });
    const titles = async (q: string) =>
      (await as(anna, { method: 'GET', url: `/api/conversations?q=${q}` }))
        .json<ConversationPage>()
        .items.map((c) => c.title);
    expect(await titles('norway')).toEqual(['Holiday in Norway']);
    // Punctuation is not a word: alone it finds nothing (never everything); beside a word it is ignored.
    expect(await titles('%25')).toEqual([]);
    expect(await titles('100%25')).toEqual(['100% sure']);
  });

  it('rejects a bad cursor, bad bodies and unknown branch leaves with 400 naming the field', async () => {
    const c = await create(anna);
    const cases: [Req, string][] = [
      [{ method: 'GET', url: '/api/conversations?cursor=bm90LWEtY3Vyc29y' }, 'cursor'],
      [{ method: 'GET', url: '/api/conversations?limit=0' }, 'limit'],
      [{ method: 'POST', url: '/api/conversations', payload: { title: '' } }, 'title'],
      [{ method: 'POST', url: '/api/conversations', payload: { taskId: 'no-such-task' } }, 'taskId'],
      [{ method: 'PATCH', url: `/api/conversations/${c.id}`, payload: { pinned: 'yes' } }, 'pinned'],
      [{ method: 'PATCH', url: `/api/conversations/${c.id}`, payload: { activeLeafId: 'nope' } }, 'activeLeafId'],
      [{ method: 'POST', url: `/api/conversations/${c.id}/messages`, payload: { content: 42 } }, 'content'],
      [{ method: 'POST', url: `/api/conversations/${c.id}/messages`, payload: { content: '   ' } }, 'content'],
      [
        { method: 'POST', url: `/api/conversations/${c.id}/messages`, payload: { content: 'hi', stream: 'no' } },
        'stream',
      ],
    ];
    for (const [req, field] of cases) {
      const res = await as(anna, req);
      expect(res.statusCode, `${req.method} ${req.url} ${JSON.stringify(req.payload)}`).toBe(400);
      expect(res.json().error.code).toBe('validation_failed');
      expect(res.json().error.field).toBe(field);
      // What a member types is named in plain words; the rest by its field, for developers.
      if (field === 'content') expect(res.json().error.message).toMatch(/^The message /);
      else expect(res.json().error.message).toContain(field);
    }
  });

  it('answers 413 naming content for an over-long message, saving nothing', async () => {
    const c = await create(anna);
    const res = await as(anna, {
      method: 'POST',
      url: `/api/conversations/${c.id}/messages`,
      payload: { content: 'x'.repeat(101) },
    });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toEqual({
      code: 'too_large',
      field: 'content',
      message: 'The message must be at most 100 characters.',
      rule: 'too_long',
      limit: 100,
    });
    const detail = (await as(anna, { method: 'GET', url: `/api/conversations/${c.id}` })).json();
    expect(detail.messages).toEqual([]);
  });

  it('answers 503 model_unavailable when no model server exists', async () => {
    const c = await create(anna);
    const res = await as(anna, {
      method: 'POST',
      url: `/api/conversations/${c.id}/messages`,
      payload: { content: 'hello', stream: false },
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().error.code).toBe('model_unavailable');
  });

  it('requires sign-in', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/conversations' });
    expect(res.statusCode).toBe(401);
  });
});

describe("another user's conversation", () => {
  it('is 404 on every route and never listed', async () => {
    const c = await create(anna);
    const ben = await signedInUser(t.app);
    const routes: Req[] = [
      { method: 'GET', url: `/api/conversations/${c.id}` },
      { method: 'PATCH', url: `/api/conversations/${c.id}`, payload: { title: 'mine now' } },
      { method: 'DELETE', url: `/api/conversations/${c.id}` },
      { method: 'POST', url: `/api/conversations/${c.id}/messages`, payload: { content: 'hello', stream: false } },
    ];
    for (const req of routes) {
      const res = await as(ben, req);
      expect(res.statusCode, `${req.method} ${req.url}`).toBe(404);
      expect(res.json().error.code).toBe('not_found');
    }
    expect((await as(ben, { method: 'GET', url: '/api/conversations' })).json().items).toEqual([]);
    expect((await as(ben, { method: 'GET', url: '/api/conversations?q=New' })).json().items).toEqual([]);
    // Still Anna's, unchanged.
    const mine = await as(anna, { method: 'GET', url: `/api/conversations/${c.id}` });
    expect(mine.json().conversation.title).toBe('New chat');
  });
});

describe('titleFromMessage', () => {
  it('keeps short messages and cuts long ones at a word boundary', () => {
    expect(titleFromMessage('  What   should we cook\ntonight? ')).toBe('What should we cook tonight?');
    const long = 'Could you help me plan a two week holiday in the north of Norway with three children';
    const title = titleFromMessage(long);
    expect(title.length).toBeLessThanOrEqual(60);
    expect(long.startsWith(title)).toBe(true);
    expect(long[title.length]).toBe(' ');
    expect(titleFromMessage('x'.repeat(100))).toBe('x'.repeat(60));
  });
});
