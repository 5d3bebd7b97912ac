/**
 * Issue 4: full-text search over titles and message text (kept in sync on insert, edit and
 * delete; prefixes; accents folded; only the caller's own; hostile query syntax is just text),
 * pin and archive, and paging of the list and of search results.
 */
import { sql } from 'kysely';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Conversation, ConversationPage, Message } from '#common/conversations';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { signedInUser, type Session } from '#test/helpers';
import { browserHeaders, MODELS, sendStreaming, startLiveApp, type LiveApp } from '#server/generation/test-support';
import { newId } from '#server/db/ids';
import { insertMessages } from './store';
import { fold } from './search-terms';
import { TITLE_PROMPT } from './titles';

let fake: FakeModelServer;
let t: LiveApp;
let anna: Session;
/** What the fake answers to a user message (by its exact text). */
const replies = new Map<string, string | { reply: string; tokenIntervalMs: number }>();

beforeEach(async () => {
  replies.clear();
  fake = await startFakeModelServer({
    script: (request) => {
      const turns = (request.body?.messages ?? []) as { content?: unknown }[];
      const last = turns.at(-1)?.content;
      // Generated titles fail here: the first-words title stays, and no queue is shared.
      if (typeof last === 'string' && last.startsWith(TITLE_PROMPT)) return { status: 500, errorMessage: 'no titles' };
      const scripted = typeof last === 'string' ? replies.get(last) : undefined;
      if (typeof scripted === 'object') return scripted;
      return { reply: scripted ?? 'Okay.' };
    },
  });
  t = await startLiveApp(fake);
  anna = await signedInUser(t.app);
});
afterEach(async () => {
  await t.close();
  await fake.close();
});

type Req = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; payload?: object };
const as = (s: Session, req: Req) => t.app.inject({ ...req, headers: browserHeaders(s) });

async function newConversation(s: Session, title?: string): Promise<Conversation> {
  const res = await as(s, {
    method: 'POST',
    url: '/api/conversations',
    payload: { model: MODELS.openai, ...(title ? { title } : {}) },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<Conversation>();
}

/** Sends `content` (the fake answers `reply`) and waits for the whole reply. */
async function send(s: Session, conversationId: string, content: string, reply = 'Okay.') {
  replies.set(content, reply);
  const res = await as(s, {
    method: 'POST',
    url: `/api/conversations/${conversationId}/messages`,
    payload: { content, stream: false },
  });
  expect(res.statusCode, res.body).toBe(200);
  return res.json<{ userMessage: Message; assistantMessage: Message }>();
}

/** A conversation holding one exchange. */
async function chat(s: Session, content: string, reply = 'Okay.', title?: string) {
  const conversation = await newConversation(s, title);
  const sent = await send(s, conversation.id, content, reply);
  return { conversation, ...sent };
}

const search = async (s: Session, q: string, extra = '') => {
  const res = await as(s, { method: 'GET', url: `/api/conversations?q=${encodeURIComponent(q)}${extra}` });
  expect(res.statusCode, `${q}: ${res.body}`).toBe(200);
  return res.json<ConversationPage>();
};
const ids = async (s: Session, q: string) => (await search(s, q)).items.map((c) => c.id);

/** Documents in the full-text index (all users), queued writes applied: an orphan would show here. */
async function indexedDocs(): Promise<number> {
  await t.app.ctx.search.sync?.();
  const { rows } = await sql<{ n: number }>`SELECT count(*) AS n FROM search_fts`.execute(t.app.ctx.db);
  const queued = await sql<{ n: number }>`SELECT count(*) AS n FROM search_queue`.execute(t.app.ctx.db);
  expect(Number(queued.rows[0]!.n)).toBe(0);
  return Number(rows[0]!.n);
}

describe('full-text search', () => {
  it('finds message text by word prefix, with the matching message, a snippet and highlight ranges', async () => {
    const garden = await chat(
      anna,
      'When should I plant tomatoes?',
      'Plant tomatoes after the last frost, in full sun.',
    );
    await chat(anna, 'How do I fix a flat bicycle tyre?', 'Find the puncture with a bowl of water.');

    const page = await search(anna, 'tomat');
    expect(page.items.map((c) => c.id)).toEqual([garden.conversation.id]);
    const hit = page.items[0]!;
    expect([garden.userMessage.id, garden.assistantMessage.id]).toContain(hit.matchMessageId);
    expect(hit.snippet).toMatch(/tomatoes/);
    expect(hit.snippetHighlights?.length).toBeGreaterThan(0);
    for (const r of hit.snippetHighlights!) expect(fold(hit.snippet!.slice(r.start, r.end))).toMatch(/^tomat/);

    // Every word must match (AND), each as a prefix.
    expect(await ids(anna, 'frost sun')).toEqual([garden.conversation.id]);
    expect(await ids(anna, 'frost puncture')).toEqual([]);
    expect(await ids(anna, 'punct')).toHaveLength(1);
  });

  it('folds accents both ways and ignores case', async () => {
    const cafe = await chat(
      anna,
      'Where is the best CAFÉ in town?',
      'The naïve answer: the one with the best crème brûlée.',
    );
    expect(await ids(anna, 'cafe')).toEqual([cafe.conversation.id]);
    expect(await ids(anna, 'Café')).toEqual([cafe.conversation.id]);
    expect(await ids(anna, 'creme brulee naive')).toEqual([cafe.conversation.id]);
    const resume = await chat(anna, 'Please check my resume', 'Your resume reads well.');
    expect(await ids(anna, 'résumé')).toEqual([resume.conversation.id]);
  });

  it('searches titles, and follows renames', async () => {
    const c = await newConversation(anna, 'Norway holiday');
    expect(await ids(anna, 'norw')).toEqual([c.id]);
    const title = (await search(anna, 'norway')).items[0]!;
    expect(title.matchMessageId).toBeUndefined(); // only the title matched
    await as(anna, { method: 'PATCH', url: `/api/conversations/${c.id}`, payload: { title: 'Sweden trip' } });
    expect(await ids(anna, 'norway')).toEqual([]);
    expect(await ids(anna, 'swed')).toEqual([c.id]);
    // The untouched default title is not indexed: "new chat" would match every fresh conversation.
    await newConversation(anna);
    expect(await ids(anna, 'new chat')).toEqual([]);
  });

  it('keeps the index in sync when a message is edited or deleted, and when a conversation or user goes', async () => {
    const a = await chat(anna, 'Recipe for lasagna please', 'Layer pasta, ragù and béchamel.');
    expect(await ids(anna, 'ragu')).toEqual([a.conversation.id]);
    const before = await indexedDocs();

    // Any feature that rewrites a message's text (here straight in the table) updates the index.
    await t.app.ctx.db
      .updateTable('messages')
      .set({ content: 'Layer pasta and pesto.' })
      .where('id', '=', a.assistantMessage.id)
      .execute();
    expect(await ids(anna, 'ragu')).toEqual([]);
    expect(await ids(anna, 'pesto')).toEqual([a.conversation.id]);
    expect(await indexedDocs()).toBe(before);

    // Two edits before anyone searches: only the last text counts.
    const set = (content: string) =>
      t.app.ctx.db.updateTable('messages').set({ content }).where('id', '=', a.assistantMessage.id).execute();
    await set('Layer pasta and walnuts.');
    await set('Layer pasta and pesto again.');
    expect(await ids(anna, 'walnuts')).toEqual([]);
    expect(await ids(anna, 'again')).toEqual([a.conversation.id]);
    expect(await indexedDocs()).toBe(before);

    await t.app.ctx.db.deleteFrom('messages').where('id', '=', a.assistantMessage.id).execute();
    expect(await ids(anna, 'pesto')).toEqual([]);
    expect(await indexedDocs()).toBe(before - 1);

    await as(anna, { method: 'DELETE', url: `/api/conversations/${a.conversation.id}` });
    expect(await ids(anna, 'lasagna')).toEqual([]);
    expect(await indexedDocs()).toBe(0);

    // Deleting a user cascades through conversations and messages: their documents go too.
    const ben = await signedInUser(t.app);
    await chat(ben, 'Knitting a scarf', 'Use chunky wool.');
    expect(await indexedDocs()).toBeGreaterThan(0);
    await t.app.ctx.db.deleteFrom('users').where('id', '=', ben.user.id).execute();
    expect(await indexedDocs()).toBe(0);
  });

  it('indexes a streaming reply once, when it ends, not at each progress flush', async () => {
    const c = await newConversation(anna, 'Streaming');
    const words = ['zeppelin', ...Array.from({ length: 24 }, (_, i) => `filler${i}`)].join(' ');
    replies.set('Tell me about airships', { reply: words, tokenIntervalMs: 60 });
    const stream = await sendStreaming(t, anna, c.id, { content: 'Tell me about airships' });
    await stream.waitFor((e) => e.event === 'delta' && String(e.data.text).includes('filler3'));
    const queued = async () =>
      Number((await sql<{ n: number }>`SELECT count(*) AS n FROM search_queue`.execute(t.app.ctx.db)).rows[0]!.n);
    const queuedBefore = await queued();
    // Past a progress flush (every 500 ms): the partial text is in the table, not even queued.
    await new Promise((r) => setTimeout(r, 700));
    expect(await queued()).toBe(queuedBefore);
    const partial = await as(anna, { method: 'GET', url: `/api/conversations/${c.id}` });
    expect(JSON.stringify(partial.json())).toContain('zeppelin');
    expect(await ids(anna, 'zeppelin')).toEqual([]);
    await stream.ended;
    expect(await ids(anna, 'zeppelin')).toEqual([c.id]);
  });

  it('indexes a large batch written in one transaction (an import), applied in several chunks', async () => {
    const c = await newConversation(anna, 'Imported');
    const at = new Date().toISOString();
    let parentId: string | null = null;
    const messages: Message[] = [];
    for (let i = 0; i < 2500; i++) {
      const id = newId();
      messages.push({
        id,
        conversationId: c.id,
        parentId,
        role: i % 2 ? 'assistant' : 'user',
        content: `entry ${i} word${i}x`,
        status: 'complete',
        createdAt: at,
        updatedAt: at,
      });
      parentId = id;
    }
    await insertMessages(t.app.ctx.db, {
      messages,
      conversationId: c.id,
      change: { activeLeafId: parentId, updatedAt: at },
    });
    const page = await search(anna, 'word2499x');
    expect(page.items.map((i) => [i.id, i.matchMessageId])).toEqual([[c.id, messages[2499]!.id]]);
    expect((await search(anna, 'word0x')).items.map((i) => i.matchMessageId)).toEqual([messages[0]!.id]);
    expect(await indexedDocs()).toBe(2500 + 1); // and the title
  });

  it("never returns another user's conversations or text", async () => {
    const ben = await signedInUser(t.app);
    const mine = await chat(anna, 'Secret family recipe for pancakes', 'Buttermilk pancakes.');
    const his = await chat(ben, 'Pancakes for the team breakfast', 'Pancakes with blueberries.', 'Pancake plans');
    expect(await ids(anna, 'pancakes')).toEqual([mine.conversation.id]);
    expect(await ids(ben, 'pancakes')).toEqual([his.conversation.id]);
    for (const q of ['blueberries', 'pancake plans', 'team', '" OR 1', 'blueberries OR pancakes', '*']) {
      const page = await search(anna, q);
      expect(JSON.stringify(page), q).not.toContain(his.conversation.id);
      expect(JSON.stringify(page), q).not.toMatch(/blueberr|team/i);
    }
  });

  it('treats query syntax as plain words: never an error, never a wider search', async () => {
    const alpha = await chat(anna, 'alpha bravo', 'Okay.', 'First');
    const charlie = await chat(anna, 'charlie delta', 'Okay.', 'Second');
    const hostile = [
      '" OR 1',
      '"',
      "'",
      'a OR b',
      'alpha OR charlie',
      'alpha AND charlie',
      'NOT alpha',
      '-alpha',
      'alpha -charlie',
      'NEAR(alpha charlie)',
      'NEAR(alpha',
      'title:alpha',
      'body:charlie',
      '{title body}: alpha',
      '*',
      'alpha*',
      '^alpha',
      '(alpha',
      'alpha)',
      'alpha + charlie',
      ':',
      '\\',
      '%',
      '_',
      '\u0000',
      '\u0301',
      'ǅ',
      '🙂 alpha',
      '\u202e alpha',
      'x'.repeat(500),
      'alpha '.repeat(80),
    ];
    for (const q of hostile) {
      const found = await ids(anna, q); // status 200 is checked inside
      expect(found.length, q).toBeLessThanOrEqual(1);
      // Whatever a query finds must contain every word of it: syntax never ORs or negates.
      if (found.includes(charlie.conversation.id)) expect(q.toLowerCase(), q).not.toMatch(/alpha/);
      if (found.includes(alpha.conversation.id)) expect(q.toLowerCase(), q).not.toMatch(/charlie/);
    }
    expect(await ids(anna, '*')).toEqual([]);
    expect(await ids(anna, 'alpha*')).toEqual([alpha.conversation.id]);
    expect(await ids(anna, '"alpha"')).toEqual([alpha.conversation.id]);
    const tooLong = await as(anna, { method: 'GET', url: `/api/conversations?q=${'x'.repeat(501)}` });
    expect(tooLong.statusCode).toBe(400);
    expect(tooLong.json().error.message).toContain('q');
  });

  it('returns snippets as plain text: markup in a message stays characters', async () => {
    const payload = '<img src=x onerror="window.__xss=1"> look at this picture';
    await chat(anna, payload, 'Nice picture.');
    const hit = (await search(anna, 'onerror')).items[0]!;
    expect(hit.snippet).toContain('<img src=x onerror="window.__xss=1">');
    expect(hit.snippet).not.toContain('&lt;');
    expect(hit.snippet).not.toMatch(/<mark|<b>/);
  });

  it('ranks title matches and denser matches first, newer first on a tie, and pages with a cursor', async () => {
    const older = await chat(anna, 'Something about zebras', 'Okay.', 'Plain one');
    const newer = await chat(anna, 'Something about zebras', 'Okay.', 'Plain two');
    const titled = await chat(anna, 'A question', 'Okay.', 'Zebras of Africa');
    const first = await ids(anna, 'zebras');
    expect(first[0]).toBe(titled.conversation.id);
    expect(first.indexOf(newer.conversation.id)).toBeLessThan(first.indexOf(older.conversation.id));

    for (let i = 0; i < 3; i++) await chat(anna, `zebras number ${i}`);
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: ConversationPage = await search(anna, 'zebras', `&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
      pages += 1;
    } while (cursor && pages < 10);
    expect(pages).toBe(3);
    expect(new Set(seen).size).toBe(6);

    const bad = await as(anna, { method: 'GET', url: '/api/conversations?q=zebras&cursor=bm9wZQ' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.field).toBe('cursor');
  });
});

describe('pin and archive', () => {
  const patch = (id: string, payload: object) =>
    as(anna, { method: 'PATCH', url: `/api/conversations/${id}`, payload });
  const list = async (query = '') =>
    (await as(anna, { method: 'GET', url: `/api/conversations${query}` })).json<ConversationPage>();

  it('lists pinned first, then newest first, across pages', async () => {
    const made: Conversation[] = [];
    for (let i = 0; i < 5; i++) made.push(await newConversation(anna, `chat ${i}`));
    await patch(made[1]!.id, { pinned: true });
    // Pinning counts as a change (updatedAt, in milliseconds): the later pin must land in a later
    // millisecond to sort first, or the tie falls back to creation order.
    const pinnedAt = Date.now();
    while (Date.now() === pinnedAt) await new Promise((r) => setTimeout(r, 1));
    await patch(made[0]!.id, { pinned: true });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ConversationPage = await list(`?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      ids.push(...page.items.map((c) => c.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual([made[0]!.id, made[1]!.id, made[4]!.id, made[3]!.id, made[2]!.id]);
  });

  it('archives out of the list into ?archived=true, still searchable with the flag, and back', async () => {
    const a = await chat(anna, 'Old tax return questions', 'Keep receipts.');
    const b = await newConversation(anna, 'Current stuff');
    const archived = await patch(a.conversation.id, { archived: true });
    expect(archived.statusCode).toBe(200);
    expect(archived.json()).toMatchObject({ archived: true });

    expect((await list()).items.map((c) => c.id)).toEqual([b.id]);
    const view = await list('?archived=true');
    expect(view.items.map((c) => c.id)).toEqual([a.conversation.id]);
    expect(view.items[0]!.archived).toBe(true);
    const hit = (await search(anna, 'receipts')).items;
    expect(hit.map((c) => [c.id, c.archived])).toEqual([[a.conversation.id, true]]);

    await patch(a.conversation.id, { archived: false });
    expect((await list()).items.map((c) => c.id).sort()).toEqual([a.conversation.id, b.id].sort());
    expect((await list('?archived=true')).items).toEqual([]);

    const bad = await patch(b.id, { archived: 'yes' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.message).toContain('archived');
    const badQuery = await as(anna, { method: 'GET', url: '/api/conversations?archived=maybe' });
    expect(badQuery.statusCode).toBe(400);
    expect(badQuery.json().error.message).toContain('archived');
  });

  it("cannot pin or archive another user's conversation", async () => {
    const ben = await signedInUser(t.app);
    const c = await newConversation(anna, 'Mine');
    for (const payload of [{ pinned: true }, { archived: true }]) {
      const res = await as(ben, { method: 'PATCH', url: `/api/conversations/${c.id}`, payload });
      expect(res.statusCode).toBe(404);
    }
    expect((await list()).items[0]).toMatchObject({ id: c.id, pinned: false, archived: false });
  });
});
