/**
 * Issue 4's safety test: importing malformed, huge, deeply nested or hostile files answers a
 * clear 4xx with a code (never a 5xx) and imports NOTHING — not the file's good conversations
 * either. Every case checks the user's conversations and messages (and the tables) are as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { Message } from '#common/conversations';
import { asUser, createTestApp, signedInUser, type Session, type TestApp } from '#test/helpers';
import { fixture } from './export-test-support';
import { MAX_CONVERSATIONS, MAX_MESSAGES_PER_CONVERSATION, MAX_NODES_PER_CONVERSATION } from './import-limits';
import * as store from './store';

let t: TestApp;
let anna: Session;
beforeAll(async () => {
  t = await createTestApp({ HEARTH_MAX_MESSAGE_CHARS: '1000', HEARTH_RATE_LIMIT_DATA_PER_MINUTE: '0' });
  anna = await signedInUser(t.app);
  // Something to lose: one conversation of her own, made by a good import.
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/conversations/import',
    headers: asUser(anna),
    payload: hearth(),
  });
  expect(res.statusCode, res.body).toBe(201);
});
afterAll(async () => {
  await t.close();
});

const AT = '2024-05-01T09:00:00.000Z';
const msg = (id: string, parentId: string | null, extra: object = {}) => ({
  id,
  parentId,
  role: 'user',
  content: `text ${id}`,
  status: 'complete',
  createdAt: AT,
  ...extra,
});
/** A valid Hearth export; `patch` changes its conversation, `messages` replaces its messages. */
function hearth(
  patch: object = {},
  messages: unknown[] = [msg('a', null), msg('b', 'a', { role: 'assistant' })],
  top: object = {},
) {
  return {
    format: 'hearth.conversation',
    version: 1,
    exportedAt: AT,
    conversation: { title: 'Hostile', activeLeafId: null, createdAt: AT, updatedAt: AT, ...patch },
    messages,
    ...top,
  };
}
/** A ChatGPT export with one conversation of the given mapping. */
const chatgpt = (mapping: unknown, extra: object = {}) => [
  { title: 'GPT', create_time: 1714585031, mapping, current_node: null, ...extra },
];
const node = (parent: string | null, text = 'hi', role = 'user') => ({
  message: { author: { role }, create_time: 1714585031, content: { content_type: 'text', parts: [text] } },
  parent,
  children: [],
});

const deepArray = (n: number) => '['.repeat(n) + ']'.repeat(n);
const deepObject = (n: number) => '{"a":'.repeat(n) + '1' + '}'.repeat(n);

type Case = { name: string; status: number; code: string; field?: string; message?: RegExp } & (
  { json: unknown } | { raw: string | Buffer | undefined; contentType?: string }
);

const cases: Case[] = [
  // ── not JSON, not a file, not an export ──
  {
    name: 'an empty body',
    raw: '',
    contentType: 'application/json',
    status: 400,
    code: 'import_unrecognized',
    message: /empty/,
  },
  {
    name: 'only spaces',
    raw: '  \n ',
    contentType: 'application/json',
    status: 400,
    code: 'import_unrecognized',
    message: /empty/,
  },
  { name: 'no body at all', raw: undefined, status: 400, code: 'import_unrecognized' },
  {
    name: 'invalid JSON',
    raw: '{"format": "hearth.conversation", ',
    contentType: 'application/json',
    status: 400,
    code: 'import_unrecognized',
    message: /not valid JSON/,
  },
  {
    name: 'JSON with a charset',
    raw: 'nope',
    contentType: 'application/json; charset=utf-8',
    status: 400,
    code: 'import_unrecognized',
    message: /not valid JSON/,
  },
  {
    name: 'plain text',
    raw: 'Hi, this is my chat',
    contentType: 'text/plain',
    status: 400,
    code: 'import_unrecognized',
    message: /JSON/,
  },
  {
    name: 'a binary upload',
    raw: Buffer.from([0x50, 0x4b, 3, 4, 0, 0]),
    contentType: 'application/zip',
    status: 400,
    code: 'import_unrecognized',
    message: /as JSON/,
  },
  {
    name: 'a binary upload over 8 MiB',
    raw: Buffer.alloc(8 * 1024 * 1024 + 10),
    contentType: 'application/octet-stream',
    status: 413,
    code: 'too_large',
  },
  { name: 'null', raw: 'null', contentType: 'application/json', status: 400, code: 'import_unrecognized' },
  { name: 'a number', json: 42, status: 400, code: 'import_unrecognized' },
  { name: 'an object of something else', json: { hello: 'world' }, status: 400, code: 'import_unrecognized' },
  { name: 'an empty list', json: [], status: 400, code: 'import_invalid', message: /no conversations/ },
  { name: 'a list of numbers', json: [1, 2, 3], status: 400, code: 'import_unrecognized' },
  {
    name: 'a Hearth account file',
    json: { format: 'hearth.account', version: 1 },
    status: 400,
    code: 'import_unsupported',
  },
  {
    name: 'a newer Hearth format',
    json: hearth({}, undefined, { version: 2 }),
    status: 400,
    code: 'import_unsupported',
    message: /newer Hearth/,
  },
  // ── too big ──
  {
    name: 'a body over 8 MiB',
    raw: `{"a":"${'x'.repeat(8 * 1024 * 1024)}"}`,
    contentType: 'application/json',
    status: 413,
    code: 'too_large',
  },
  {
    name: 'too many conversations',
    json: Array.from({ length: MAX_CONVERSATIONS + 1 }, () => ({ format: 'hearth.conversation' })),
    status: 413,
    code: 'import_too_large',
  },
  {
    name: 'too many messages in a conversation',
    json: hearth(
      {},
      Array.from({ length: MAX_MESSAGES_PER_CONVERSATION + 1 }, (_, i) => msg(`m${i}`, null)),
    ),
    status: 413,
    code: 'import_too_large',
    field: 'messages',
  },
  {
    name: 'a message over the length limit',
    json: hearth({}, [msg('a', null), msg('b', 'a', { content: 'x'.repeat(1001) })]),
    status: 413,
    code: 'import_too_large',
    field: 'messages[1].content',
    message: /"Hostile".*1000/,
  },
  {
    name: 'thinking over the length limit',
    json: hearth({}, [msg('a', null, { reasoning: 'x'.repeat(1001) })]),
    status: 413,
    code: 'import_too_large',
    field: 'messages[0].reasoning',
  },
  {
    name: 'a ChatGPT mapping with too many entries',
    json: chatgpt(Object.fromEntries(Array.from({ length: MAX_NODES_PER_CONVERSATION + 1 }, (_, i) => [`n${i}`, {}]))),
    status: 413,
    code: 'import_too_large',
    field: '[0].mapping',
  },
  // ── deeply nested ──
  {
    name: '100,000 levels of [',
    raw: deepArray(100_000),
    contentType: 'application/json',
    status: 400,
    code: 'import_unrecognized',
  },
  {
    name: '100,000 levels of {',
    raw: deepObject(100_000),
    contentType: 'application/json',
    status: 400,
    code: 'import_unrecognized',
  },
  {
    name: 'deep nesting where text goes',
    raw: JSON.stringify(hearth({}, [msg('a', null, { content: '@' })])).replace('"@"', deepArray(50_000)),
    contentType: 'application/json',
    status: 400,
    code: 'import_invalid',
    field: 'messages[0].content',
  },
  {
    name: 'deep nesting as a ChatGPT message',
    raw: JSON.stringify(chatgpt({ a: { message: '@', parent: null } })).replace('"@"', deepObject(50_000)),
    contentType: 'application/json',
    status: 400,
    code: 'import_invalid',
    field: '[0].mapping.a.message.author',
  },
  // ── prototype pollution ──
  {
    name: '__proto__ at the top',
    raw: `{"__proto__": {"isAdmin": true}, "format": "hearth.conversation"}`,
    contentType: 'application/json',
    status: 400,
    code: 'import_invalid',
    message: /__proto__/,
  },
  {
    name: 'constructor.prototype',
    raw: JSON.stringify(hearth({ constructor: { prototype: { polluted: 1 } } })),
    contentType: 'application/json',
    status: 400,
    code: 'import_invalid',
  },
  {
    name: '__proto__ as a ChatGPT node id',
    raw: `[{"mapping": {"__proto__": {"parent": null}}}]`,
    contentType: 'application/json',
    status: 400,
    code: 'import_invalid',
  },
  // A plain object lookup would find Object.prototype.toString: the parent must still count as missing.
  {
    name: 'a parent called toString',
    json: chatgpt({ constructor: node('toString') }),
    status: 400,
    code: 'import_invalid',
    message: /"toString", which is not in the file/,
  },
  // ── broken trees ──
  {
    name: 'a cycle of parents',
    json: hearth({}, [msg('a', 'b'), msg('b', 'a')]),
    status: 400,
    code: 'import_invalid',
    message: /cycle/,
  },
  {
    name: 'a message that is its own parent',
    json: hearth({}, [msg('a', null), msg('b', 'b')]),
    status: 400,
    code: 'import_invalid',
    field: 'messages[1].parentId',
  },
  {
    name: 'a parent not in the file',
    json: hearth({}, [msg('a', null), msg('b', 'zzz')]),
    status: 400,
    code: 'import_invalid',
    field: 'messages[1].parentId',
  },
  {
    name: 'an id used twice',
    json: hearth({}, [msg('a', null), msg('a', null)]),
    status: 400,
    code: 'import_invalid',
    field: 'messages[1].id',
  },
  {
    name: 'an active leaf not in the file',
    json: hearth({ activeLeafId: 'nope' }),
    status: 400,
    code: 'import_invalid',
    field: 'conversation.activeLeafId',
  },
  {
    name: 'a ChatGPT cycle',
    json: chatgpt({ a: node('b'), b: node('a') }),
    status: 400,
    code: 'import_invalid',
    message: /cycle/,
  },
  {
    name: 'a ChatGPT parent not in the file',
    json: chatgpt({ a: node('ghost') }),
    status: 400,
    code: 'import_invalid',
    field: '[0].mapping.a.parent',
  },
  // ── wrong types and values ──
  {
    name: 'a number as content',
    json: hearth({}, [msg('a', null, { content: 42 })]),
    status: 400,
    code: 'import_invalid',
    field: 'messages[0].content',
  },
  {
    name: 'a number as a title',
    json: hearth({ title: 5 }),
    status: 400,
    code: 'import_invalid',
    field: 'conversation.title',
  },
  {
    name: 'a title of 201 characters',
    json: hearth({ title: 'x'.repeat(201) }),
    status: 400,
    code: 'import_invalid',
    field: 'conversation.title',
  },
  {
    name: 'an unknown role',
    json: hearth({}, [msg('a', null, { role: 'wizard' })]),
    status: 400,
    code: 'import_invalid',
    field: 'messages[0].role',
  },
  {
    name: 'an unknown status',
    json: hearth({}, [msg('a', null, { status: 'done' })]),
    status: 400,
    code: 'import_invalid',
    field: 'messages[0].status',
  },
  {
    name: 'messages that are not a list',
    json: hearth({}, undefined, { messages: { a: 1 } }),
    status: 400,
    code: 'import_invalid',
    field: 'messages',
  },
  {
    name: 'a date that is not a date',
    json: hearth({}, [msg('a', null, { createdAt: 'yesterday' })]),
    status: 400,
    code: 'import_invalid',
    field: 'messages[0].createdAt',
  },
  {
    name: 'a date in the year 9999',
    json: hearth({}, [msg('a', null, { createdAt: '9999-12-31T00:00:00Z' })]),
    status: 400,
    code: 'import_invalid',
    field: 'messages[0].createdAt',
  },
  {
    name: 'a ChatGPT time in year 33658',
    json: chatgpt({ a: { ...node(null), message: { ...node(null).message, create_time: 1e12 } } }),
    status: 400,
    code: 'import_invalid',
    field: '[0].mapping.a.message.create_time',
  },
  {
    name: 'a negative ChatGPT time',
    json: chatgpt({ a: node(null) }, { create_time: -5 }),
    status: 400,
    code: 'import_invalid',
    field: '[0].create_time',
  },
  {
    name: 'a ChatGPT content type that is a number',
    json: chatgpt({ a: { ...node(null), message: { ...node(null).message, content: { content_type: 7 } } } }),
    status: 400,
    code: 'import_invalid',
  },
  {
    name: 'a Claude message without a time',
    json: [{ name: 'C', created_at: AT, chat_messages: [{ text: 'hi', sender: 'human' }] }],
    status: 400,
    code: 'import_invalid',
    field: '[0].chat_messages[0].created_at',
  },
  // ── all or nothing ──
  {
    name: 'a good conversation, then a broken one',
    json: [hearth(), hearth({}, [msg('a', 'ghost')])],
    status: 400,
    code: 'import_invalid',
    field: '[1].messages[0].parentId',
  },
  {
    name: 'a Hearth export, then a ChatGPT one',
    json: [hearth(), fixture('chatgpt-export.branches.json')],
    status: 400,
    code: 'import_invalid',
    field: '[1]',
  },
  {
    name: 'ChatGPT conversations, then a broken one',
    json: [...(fixture('chatgpt-export.browsing.json') as unknown[]), { mapping: 5 }],
    status: 400,
    code: 'import_invalid',
    field: '[2].mapping',
  },
];

/** Row counts of the tables an import writes. */
async function tableCounts() {
  const count = async (table: string) =>
    Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(t.app.ctx.db)).rows[0]?.n);
  return {
    conversations: await count('conversations'),
    messages: await count('messages'),
    searchDocs: await count('search_docs'),
  };
}

describe('importing a bad file', () => {
  it.each(cases)('$name → $status $code, nothing imported', async (c) => {
    const before = { user: await store.countUserContent(t.app.ctx.db, anna.user.id), tables: await tableCounts() };
    const headers: Record<string, string> = asUser(anna);
    let payload: string | Buffer | undefined;
    if ('json' in c) {
      payload = JSON.stringify(c.json);
      headers['content-type'] = 'application/json';
    } else {
      payload = c.raw;
      if (c.contentType) headers['content-type'] = c.contentType;
    }
    const res = await t.app.inject({
      method: 'POST',
      url: '/api/conversations/import',
      headers,
      ...(payload === undefined ? {} : { payload }),
    });
    const error = res.json<{ error: { code: string; message: string; field?: string } }>().error;
    expect({ status: res.statusCode, code: error.code }, res.body.slice(0, 300)).toEqual({
      status: c.status,
      code: c.code,
    });
    expect(error.message.length).toBeGreaterThan(10);
    if (c.field) expect(error.field).toBe(c.field);
    if (c.message) expect(error.message).toMatch(c.message);
    if (c.field && error.code.startsWith('import_')) expect(error.message).toContain(c.field);
    expect({ user: await store.countUserContent(t.app.ctx.db, anna.user.id), tables: await tableCounts() }).toEqual(
      before,
    );
    expect(({} as Record<string, unknown>).isAdmin ?? ({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a database failure mid-file leaves nothing behind (one transaction)', async () => {
    const before = await tableCounts();
    const existing = (await t.app.ctx.db.selectFrom('messages').select('id').executeTakeFirstOrThrow()).id;
    const conversation = (id: string): store.StoredConversation => ({
      id,
      userId: anna.user.id,
      title: 'Half',
      titleByUser: true,
      taskId: 'general',
      model: null,
      pinned: false,
      archived: false,
      activeLeafId: null,
      createdAt: AT,
      updatedAt: AT,
    });
    const message = (id: string, conversationId: string): Message => ({
      id,
      conversationId,
      parentId: null,
      role: 'user',
      content: 'half written',
      status: 'complete',
      createdAt: AT,
      updatedAt: AT,
    });
    await expect(
      store.insertImported(t.app.ctx.db, [
        { conversation: conversation('C1'), messages: [message('M1', 'C1')] },
        // The second conversation's message collides with an existing id: the INSERT fails.
        { conversation: conversation('C2'), messages: [message(existing, 'C2')] },
      ]),
    ).rejects.toThrow();
    expect(await tableCounts()).toEqual(before);
  });
});
