/**
 * Issue 4, import: a Hearth export comes back with its branches and the branch on screen; real
 * ChatGPT and Claude.ai exports (test/fixtures/exports) become conversations the user can
 * read, switch branches in, search and continue. Every row gets a new id, owned by the caller.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ImportReply } from '#common/conversation-export';
import type { Conversation, ConversationDetail, ConversationPage, Message } from '#common/conversations';
import { signedInUser, type Session } from '#test/helpers';
import { fixture, startChatWorld, type ChatWorld } from './export-test-support';

let w: ChatWorld;
beforeEach(async () => {
  w = await startChatWorld();
});
afterEach(async () => {
  await w.close();
});

const importFile = (s: Session, file: unknown) =>
  w.as(s, { method: 'POST', url: '/api/conversations/import', payload: file });
async function imported(s: Session, file: unknown): Promise<Conversation[]> {
  const res = await importFile(s, file);
  expect(res.statusCode, res.body.slice(0, 500)).toBe(201);
  return res.json<ImportReply>().items;
}

type Tree = { role: string; content: string; children: Tree[] };
/** The message tree without ids: role, text and children (in the server's order, oldest version first). */
function tree(messages: readonly Message[]): Tree[] {
  const children = (parentId: string | null): Tree[] =>
    messages
      .filter((m) => m.parentId === parentId)
      .map((m) => ({ role: m.role, content: m.content, children: children(m.id) }));
  return children(null);
}
/** The texts of the branch ending at `leafId`, root first. */
function branch(detail: ConversationDetail): string[] {
  const byId = new Map(detail.messages.map((m) => [m.id, m]));
  const out: string[] = [];
  for (let id = detail.activeLeafId; id; id = byId.get(id)!.parentId) out.unshift(byId.get(id)!.content);
  return out;
}
const search = async (s: Session, q: string) =>
  (await w.ok<ConversationPage>(s, { method: 'GET', url: `/api/conversations?q=${encodeURIComponent(q)}` })).items;

describe('Hearth JSON round trip', () => {
  it('comes back with the same tree, active branch, texts, roles, thinking and title — under new ids', async () => {
    const c = await w.create(w.anna, { title: 'Fruit and veg' });
    const fruit = await w.send(w.anna, c.id, 'Name a fruit', 'Apple', 'Apples are common.');
    const another = await w.send(w.anna, c.id, 'Another one', 'Banana');
    const cherry = await w.regenerate(w.anna, another.assistantMessage.id, 'Cherry');
    await w.edit(w.anna, fruit.userMessage.id, 'Name a vegetable', 'Carrot');
    // The branch on screen is an older one: it must come back as the one on screen.
    await w.ok(w.anna, {
      method: 'PATCH',
      url: `/api/conversations/${c.id}`,
      payload: { activeLeafId: cherry.assistantMessage.id, pinned: true },
    });
    const original = await w.detail(w.anna, c.id);
    const file = (await w.as(w.anna, { method: 'GET', url: `/api/conversations/${c.id}/export?format=json` })).json();

    const [copy] = await imported(w.anna, file);
    expect(copy).toMatchObject({
      title: 'Fruit and veg',
      taskId: 'general',
      model: original.conversation.model,
      pinned: true,
      archived: false,
      createdAt: original.conversation.createdAt,
    });
    expect(copy!.id).not.toBe(c.id);
    const back = await w.detail(w.anna, copy!.id);
    expect(tree(back.messages)).toEqual(tree(original.messages));
    expect(branch(back)).toEqual(['Name a fruit', 'Apple', 'Another one', 'Cherry']);
    expect(branch(back)).toEqual(branch(original));
    const originalIds = new Set(original.messages.map((m) => m.id));
    expect(back.messages.filter((m) => originalIds.has(m.id))).toEqual([]);
    expect(back.messages.every((m) => m.conversationId === copy!.id)).toBe(true);
    const strip = (m: Message) => ({
      role: m.role,
      content: m.content,
      reasoning: m.reasoning,
      model: m.model,
      status: m.status,
      createdAt: m.createdAt,
    });
    expect(back.messages.map(strip)).toEqual(original.messages.map(strip));

    // The `‹ 2 / 2 ›` switcher: versions in the same order, and switching works.
    const paged = await w.ok<ConversationDetail>(w.anna, {
      method: 'GET',
      url: `/api/conversations/${copy!.id}?limit=10`,
    });
    const versions = Object.values(paged.siblings ?? {}).map((ids) =>
      ids.map((id) => back.messages.find((m) => m.id === id)!.content),
    );
    expect(versions).toEqual(
      expect.arrayContaining([
        ['Name a fruit', 'Name a vegetable'],
        ['Banana', 'Cherry'],
      ]),
    );

    // The conversation goes on from the branch on screen.
    const next = await w.send(w.anna, copy!.id, 'And a berry?', 'Strawberry');
    expect(next.userMessage.parentId).toBe(back.activeLeafId);
    expect((await w.detail(w.anna, copy!.id)).conversation.title).toBe('Fruit and veg');
  });

  it("gives another user their own copy and leaves the exporter's conversation alone", async () => {
    const c = await w.create(w.anna, { title: 'Shared recipe' });
    await w.send(w.anna, c.id, 'Pancakes?', 'Flour, eggs, milk');
    const file = (await w.as(w.anna, { method: 'GET', url: `/api/conversations/${c.id}/export?format=json` })).json();
    const ben = await signedInUser(w.t.app);
    const [copy] = await imported(ben, file);
    expect((await w.detail(ben, copy!.id)).messages.map((m) => m.content)).toEqual(['Pancakes?', 'Flour, eggs, milk']);
    // The copy is marked imported (the list shows it); the original is not.
    expect((await w.detail(ben, copy!.id)).conversation.importedAt).toEqual(expect.any(String));
    expect((await w.detail(w.anna, c.id)).conversation.importedAt).toBeUndefined();
    expect((await w.as(w.anna, { method: 'GET', url: `/api/conversations/${copy!.id}` })).statusCode).toBe(404);
    expect((await w.as(ben, { method: 'GET', url: `/api/conversations/${c.id}` })).statusCode).toBe(404);
    expect((await w.counts(w.anna)).conversations).toBe(1);
  });

  it('imports a list of Hearth exports; an unusable task falls back, a reply cut off becomes interrupted', async () => {
    const one = (title: string, extra: object = {}) => ({
      format: 'hearth.conversation',
      version: 1,
      exportedAt: '2024-05-02T08:00:00Z',
      conversation: {
        title,
        activeLeafId: null,
        createdAt: '2024-05-01T09:00:00+02:00',
        updatedAt: '2024-05-01T09:05:00+02:00',
        ...extra,
      },
      messages: [
        {
          id: 'q',
          parentId: null,
          role: 'user',
          content: `Question in ${title}`,
          status: 'complete',
          createdAt: '2024-05-01T09:00:00+02:00',
        },
        {
          id: 'r',
          parentId: 'q',
          role: 'assistant',
          content: 'Half an ans',
          status: 'streaming',
          createdAt: '2024-05-01T09:01:00+02:00',
        },
      ],
    });
    const items = await imported(w.anna, [one('First'), one('Second', { taskId: 'no-such-task', archived: true })]);
    expect(items.map((c) => [c.title, c.taskId, c.archived])).toEqual([
      ['First', 'general', false],
      ['Second', 'general', true],
    ]);
    expect(items[0]).toMatchObject({ createdAt: '2024-05-01T07:00:00.000Z', updatedAt: '2024-05-01T07:05:00.000Z' });
    const detail = await w.detail(w.anna, items[0]!.id);
    expect(detail.messages.map((m) => m.status)).toEqual(['complete', 'interrupted']);
    // No active leaf in the file: the newest leaf is on screen.
    expect(detail.activeLeafId).toBe(detail.messages[1]!.id);
    // Imported titles count as the user's own: a generated title never replaces them.
    const rows = await w.t.app.ctx.db
      .selectFrom('conversations')
      .select(['titleByUser'])
      .where('userId', '=', w.anna.user.id)
      .execute();
    expect(rows.map((r) => r.titleByUser)).toEqual([1, 1]);
  });
});

describe('ChatGPT conversations.json', () => {
  it('maps the message tree to branches, with the branch the user last saw on screen', async () => {
    const [c] = await imported(w.anna, fixture('chatgpt-export.branches.json'));
    expect(c).toMatchObject({
      title: 'Assist user with summary',
      model: null,
      createdAt: '2024-05-01T17:37:11.148Z',
      updatedAt: '2024-05-01T17:37:40.879Z',
    });
    const detail = await w.detail(w.anna, c!.id);
    // 12 nodes: the empty root and a hidden system message are left out.
    expect(detail.messages).toHaveLength(11);
    expect(detail.messages[0]).toMatchObject({
      role: 'user',
      content: 'hi there',
      parentId: null,
      createdAt: '2024-05-01T17:37:11.150Z',
    });
    expect(detail.messages[1]).toMatchObject({
      role: 'assistant',
      model: 'text-davinci-002-render-sha',
      status: 'complete',
    });
    expect(branch(detail)).toEqual([
      'hi there',
      'Hello! How can I assist you today?',
      'hi again',
      "Hey! Welcome back. What's on your mind?",
      'tell me a joke',
      expect.stringContaining('Why don'),
    ]);
    const t = tree(detail.messages);
    // Two branch points: the second question (edited) and the joke (regenerated).
    expect(t[0]!.children[0]!.children.map((n) => n.content)).toEqual(['so cool bro', 'hi again']);
    const joke = t[0]!.children[0]!.children[1]!.children[0]!.children[0]!;
    expect(joke.content).toBe('tell me a joke');
    expect(joke.children).toHaveLength(2);
    expect(branch(detail).at(-1)).toBe(joke.children[1]!.content);
  });

  it('keeps what the user saw of a browsing conversation: no tool plumbing, citations as links', async () => {
    const items = await imported(w.anna, fixture('chatgpt-export.browsing.json'));
    expect(items.map((c) => c.title)).toEqual(['Conversation 1. Web Search', 'Conversation 2']);
    const web = await w.detail(w.anna, items[0]!.id);
    expect(web.messages.map((m) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'user', 'assistant']);
    // Tool calls and results hung between question and answer: the answer now follows the question.
    expect(web.messages[1]!.parentId).toBe(web.messages[0]!.id);
    const all = web.messages.map((m) => m.content).join('\n');
    expect(all).not.toMatch(/search\(|mclick|【|†/);
    expect(web.messages[1]!.content).toContain(
      '[2021 Volkswagen Transporter T6.1 L2H1 2.0 TDI 110HP specs, dimensions](https://www.ultimatespecs.com/car-specs/Volkswagen/118424/2021-Volkswagen-Transporter-T61-L2H1-20-TDI-110HP.html)',
    );
    expect(web.messages[1]!.content).toContain('(https://www.drive.com.au/reviews/volkswagen-transporter-review/)');
    const code = await w.detail(w.anna, items[1]!.id);
    expect(code.messages).toHaveLength(4);
    expect(code.messages[3]!.content).toContain('```csharp');
    // Findable by search, like any conversation.
    expect((await search(w.anna, 'transporter fuel')).map((c) => c.id)).toContain(items[0]!.id);
    expect((await search(w.anna, 'intervals intersect')).map((c) => c.id)).toEqual([items[1]!.id]);
  });
});

describe('Claude.ai conversations.json', () => {
  it('becomes one branch in time order, attached files named', async () => {
    const [c] = await imported(w.anna, fixture('claude-export.artifacts.json'));
    expect(c).toMatchObject({ title: 'LLM Pricing Calculator', createdAt: '2024-10-17T03:28:33.480Z' });
    const detail = await w.detail(w.anna, c!.id);
    expect(detail.messages).toHaveLength(20);
    // One branch: each message follows the one before; user and assistant take turns.
    expect(branch(detail)).toHaveLength(20);
    expect(detail.messages.map((m) => m.role)).toEqual(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? 'user' : 'assistant')),
    );
    const times = detail.messages.map((m) => m.createdAt);
    expect([...times].sort()).toEqual(times);
    const withFiles = detail.messages.find((m) => m.content.includes('Presets'))!;
    expect(withFiles.role).toBe('user');
    expect(withFiles.content).toMatch(/\*Attached: CleanShot 20241016 at 20\.34\.122x\.png, /);
    expect((await search(w.anna, 'presets calculator')).map((x) => x.id)).toContain(c!.id);
  });
});

describe('import rate limit', () => {
  it('counts imports and full exports per user (HEARTH_RATE_LIMIT_DATA_PER_MINUTE)', async () => {
    await w.close();
    w = await startChatWorld({ HEARTH_RATE_LIMIT_DATA_PER_MINUTE: '2' });
    const file = fixture('chatgpt-export.branches.json');
    await imported(w.anna, file);
    expect((await w.as(w.anna, { method: 'GET', url: '/api/me/export' })).statusCode).toBe(200);
    const refused = await importFile(w.anna, file);
    expect(refused.statusCode).toBe(429);
    expect(refused.json().error.code).toBe('rate_limited');
    expect((await w.counts(w.anna)).conversations).toBe(1);
    // Someone else's budget is their own; single exports are not counted.
    expect((await importFile(await signedInUser(w.t.app), file)).statusCode).toBe(201);
  });
});
