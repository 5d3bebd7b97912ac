/**
 * The Music task end to end: Chinook imported through the admin route, then questions through
 * the real app and the fake model server, scripted to call `query_music_library` with real SQL
 * (OpenAI `tool_calls` in pieces, Ollama `tools`, and the plain-text ```sql fallback); the
 * answers are checked against SQL the test runs itself. Then the retry, the grant, and the
 * injection corpus through chat.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Message } from '#common/conversations';
import { browserHeaders, MODELS, startLiveApp, type LiveApp } from '#server/generation/test-support';
import { signedInUser, type Session } from '#test/helpers';
import {
  startFakeModelServer,
  type FakeModelServer,
  type FakeScript,
  type RecordedRequest,
} from '#test/fakes/fake-model-server';
import { sendMessage } from '#server/conversations/sending';
import { gatewayTaskTools, replyTools } from '#server/tasks/tool-registry';
import { INJECTION_CORPUS } from './injection-corpus';
import { MUSIC_TASK_PROMPT } from './prompt';
import { CHINOOK_FILE, sha256 } from './test-support';

const QUESTIONS: Record<string, string> = {
  'How many albums by AC/DC?':
    "SELECT count(*) AS albums FROM albums JOIN artists ON artists.id = albums.artist_id WHERE artists.name = 'AC/DC'",
  'Longest track in the Jazz genre?':
    'SELECT tracks.title, tracks.duration_ms FROM tracks JOIN genres ON genres.id = tracks.genre_id ' +
    "WHERE genres.name = 'Jazz' ORDER BY tracks.duration_ms DESC LIMIT 1",
  'Which artists appear on more than 3 playlists?':
    'SELECT artists.name, count(DISTINCT playlist_tracks.playlist_id) AS playlists FROM artists ' +
    'JOIN tracks ON tracks.artist_id = artists.id JOIN playlist_tracks ON playlist_tracks.track_id = tracks.id ' +
    'GROUP BY artists.id HAVING count(DISTINCT playlist_tracks.playlist_id) > 3 ORDER BY playlists DESC, artists.name',
};

type Turn = { role: string; content: string };
const turnsOf = (r: RecordedRequest) => (r.body?.messages ?? []) as Turn[];
const lastUser = (r: RecordedRequest) => turnsOf(r).findLast((m) => m.role === 'user')!.content;
/** The rows the model was given, as the answer it writes. */
const answerFrom = (json: string) =>
  `From the library: ${JSON.stringify((JSON.parse(json) as { rows?: unknown }).rows ?? json)}`;
const RESULT_PREFIX = 'Hearth ran the query.';

/**
 * The model: asks the catalogue once for the question's SQL (as a tool call, or a ```sql block
 * when no tools were offered), then answers with the rows it got back.
 */
function musicModel(sqlFor: (question: string) => string = (q) => QUESTIONS[q]!) {
  return (request: RecordedRequest): FakeScript => {
    const turns = turnsOf(request);
    const last = turns.at(-1)!;
    if (last.role === 'tool') return { reply: answerFrom(last.content) };
    if (last.role === 'user' && last.content.startsWith(RESULT_PREFIX))
      return { reply: answerFrom(last.content.split('\n')[1]!) };
    const sql = sqlFor(lastUser(request));
    if (request.body?.tools) return { toolCalls: [{ name: 'query_music_library', arguments: { sql } }] };
    return { reply: `Let me look that up.\n\`\`\`sql\n${sql}\n\`\`\`\n` };
  };
}

let fake: FakeModelServer;
let t: LiveApp;
let admin: Session;
let member: Session;
let direct: Database.Database;
/** How many chat requests the fake had seen when this test's app started (it serves every test). */
let mark = 0;
const requests = () => fake.chatRequests().slice(mark);

beforeAll(async () => {
  fake = await startFakeModelServer();
});
afterAll(async () => fake.close());

async function start(env: Record<string, string> = {}) {
  mark = fake.chatRequests().length;
  t = await startLiveApp(fake, env);
  admin = await signedInUser(t.app, { role: 'admin' });
  member = await signedInUser(t.app);
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/admin/music/import',
    headers: { ...browserHeaders(admin), 'content-type': 'application/octet-stream' },
    payload: fs.readFileSync(CHINOOK_FILE),
  });
  expect(res.statusCode, res.body).toBe(201);
  direct = new Database(path.join(t.dataDir, 'music.sqlite'), { readonly: true });
}
afterEach(async () => {
  fake.setScript({});
  direct?.close();
  await t.close();
});

/** A new Music conversation of `s` on `model`. */
async function musicConversation(s: Session, model: string): Promise<string> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/conversations',
    headers: browserHeaders(s),
    payload: { taskId: 'music', model },
  });
  expect(res.statusCode, res.body).toBe(201);
  return res.json<{ id: string }>().id;
}

async function ask(s: Session, conversationId: string, content: string): Promise<Message> {
  const { generation } = await sendMessage(t.app.ctx, s.user, conversationId, { content });
  return generation.finished;
}

const rowsOf = (sql: string) => direct.prepare(sql).raw(true).all();

describe('questions through chat', () => {
  beforeEach(() => start());

  it.each([
    ['OpenAI tool_calls in pieces', MODELS.openai],
    ['Ollama tools', MODELS.ollama],
  ])('answers from the catalogue (%s)', async (_wire, model) => {
    fake.setScript(musicModel());
    const conversationId = await musicConversation(member, model);
    for (const [question, sql] of Object.entries(QUESTIONS)) {
      const reply = await ask(member, conversationId, question);
      expect(reply.status, question).toBe('complete');
      const expected = rowsOf(sql);
      expect(reply.toolCalls, question).toEqual([
        {
          id: expect.any(String),
          name: 'query_music_library',
          arguments: { sql },
          result: { columns: expect.any(Array), rows: expected, rowCount: expected.length, truncated: false },
        },
      ]);
      expect(reply.content).toBe(`From the library: ${JSON.stringify(expected)}`);
    }
    expect(rowsOf(QUESTIONS['How many albums by AC/DC?']!)).toEqual([[2]]);
    // The task's prompt came first, with the schema, and the tool was offered.
    const first = requests()[0]!;
    expect(turnsOf(first)[0]).toEqual({ role: 'system', content: MUSIC_TASK_PROMPT });
    expect(MUSIC_TASK_PROMPT).toContain('CREATE TABLE playlist_tracks');
    expect(JSON.stringify(first.body?.tools)).toContain('query_music_library');
  });

  it('gives the model one retry after an SQL error, then stops running its queries', async () => {
    const attempts = ['SELECT nope FROM albums', QUESTIONS['How many albums by AC/DC?']!];
    fake.setScript((request) => {
      const turns = turnsOf(request);
      const toolTurns = turns.slice(turns.findLastIndex((m) => m.role === 'user')).filter((m) => m.role === 'tool');
      const sql = attempts[toolTurns.length];
      if (sql) return { toolCalls: [{ name: 'query_music_library', arguments: { sql } }] };
      return { reply: answerFrom(toolTurns.at(-1)!.content) };
    });
    const conversationId = await musicConversation(member, MODELS.openai);
    const reply = await ask(member, conversationId, 'How many albums by AC/DC?');
    expect(reply.toolCalls!.map((c) => c.refused?.code ?? 'ok')).toEqual(['sql_error', 'ok']);
    expect(reply.toolCalls![0]!.refused!.message).toBe('no such column: nope');
    expect(reply.content).toBe('From the library: [[2]]');

    // Two failures: the third query is not run.
    attempts.splice(0, 2, 'SELECT nope FROM albums', 'SELECT * FROM users', 'SELECT count(*) FROM albums');
    const again = await ask(member, conversationId, 'How many albums?');
    expect(again.toolCalls!.map((c) => c.refused?.code)).toEqual(['sql_error', 'table_not_allowed', 'too_many_errors']);
  });

  it('offers the tool only to members granted the Music task', async () => {
    const res = await t.app.inject({
      method: 'PATCH',
      url: `/api/admin/users/${member.user.id}`,
      headers: browserHeaders(admin),
      payload: { taskIds: ['general'] },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(await replyTools(t.app.ctx, member.user, 'music', MODELS.openai)).toEqual({});
    expect((await replyTools(t.app.ctx, admin.user, 'music', MODELS.openai)).tools).toHaveLength(1);
    expect(await replyTools(t.app.ctx, admin.user, 'general', MODELS.openai)).toEqual({});
    const stats = await t.app.inject({ method: 'GET', url: '/api/music/stats', headers: browserHeaders(member) });
    expect(stats.statusCode).toBe(403);
  });
});

describe('on /v1 (a task named as task:<id>)', () => {
  beforeEach(() => start());

  it('runs the tool inside the provider: the caller gets only the answer', async () => {
    fake.setScript(musicModel());
    const resolved = (await t.app.ctx.models.resolve(MODELS.openai))!;
    expect(await gatewayTaskTools(t.app.ctx, member.user, MODELS.openai, resolved)).toBe(resolved);
    const wrapped = await gatewayTaskTools(t.app.ctx, member.user, 'task:music', resolved);
    const parts: string[] = [];
    const question = 'How many albums by AC/DC?';
    const stream = wrapped.provider.streamChat({
      model: resolved.upstreamModel,
      messages: [{ role: 'user', content: question }],
      signal: new AbortController().signal,
    });
    for await (const part of stream) if (part.kind !== 'usage') parts.push(part.kind);
    expect(parts.every((kind) => kind === 'delta')).toBe(true);
    expect(requests()).toHaveLength(2);
    expect(turnsOf(requests()[1]!).at(-1)).toMatchObject({ role: 'tool' });
  });
});

describe('the plain-text fallback', () => {
  it('asks a model configured without tools for a ```sql block, runs it and answers from the rows', async () => {
    await start({ HEARTH_MODELS_WITHOUT_TOOLS: MODELS.openai });
    fake.setScript(musicModel());
    const conversationId = await musicConversation(member, MODELS.openai);
    const question = 'Longest track in the Jazz genre?';
    const reply = await ask(member, conversationId, question);
    const expected = rowsOf(QUESTIONS[question]!);
    expect(requests().every((r) => r.body?.tools === undefined)).toBe(true);
    expect(reply.toolCalls).toEqual([
      expect.objectContaining({ name: 'query_music_library', arguments: { sql: QUESTIONS[question] } }),
    ]);
    expect(reply.toolCalls![0]!.result).toMatchObject({ rows: expected });
    // The fenced query is not part of the answer; the text before it and the answer are.
    expect(reply.content).toBe(`Let me look that up.\nFrom the library: ${JSON.stringify(expected)}`);
    expect(turnsOf(requests()[0]!).map((m) => m.role)).toEqual(['system', 'system', 'user']);
  });

  it('falls back when the model server refuses the request with tools', async () => {
    await start();
    const answer = musicModel();
    fake.setScript((request) =>
      request.body?.tools ? { status: 400, errorMessage: 'this model does not support tools' } : answer(request),
    );
    const conversationId = await musicConversation(member, MODELS.ollama);
    const question = 'Which artists appear on more than 3 playlists?';
    const reply = await ask(member, conversationId, question);
    expect(reply.status).toBe('complete');
    expect(reply.toolCalls![0]!.result).toMatchObject({ rows: rowsOf(QUESTIONS[question]!) });
    expect(requests().map((r) => r.body?.tools !== undefined)).toEqual([true, false, false]);
  });

  it('gives one retry in text too', async () => {
    await start({ HEARTH_MODELS_WITHOUT_TOOLS: MODELS.ollama });
    fake.setScript((request) => {
      const last = turnsOf(request).at(-1)!;
      if (last.content.startsWith(RESULT_PREFIX) && last.content.includes('"code"'))
        return { reply: '```sql\n' + QUESTIONS['How many albums by AC/DC?'] + '\n```' };
      return musicModel(() => 'SELECT nope FROM albums')(request);
    });
    const conversationId = await musicConversation(member, MODELS.ollama);
    const reply = await ask(member, conversationId, 'How many albums by AC/DC?');
    expect(reply.toolCalls!.map((c) => c.refused?.code ?? 'ok')).toEqual(['sql_error', 'ok']);
    expect(reply.content).toBe('Let me look that up.\nFrom the library: [[2]]');
  });
});

/**
 * Every Hearth table's rows, hashed, except those a reply itself writes: its messages and their
 * conversation's row, the usage it is counted in, and the search index of its messages.
 */
function hearthTables(dataDir: string): Record<string, string> {
  const db = new Database(path.join(dataDir, 'hearth.sqlite'), { readonly: true });
  try {
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]
    ).map((r) => r.name);
    const skip = /^(messages|conversations|usage.*|search_.*|.*fts.*|sqlite_.*)$/;
    return Object.fromEntries(
      tables
        .filter((name) => !skip.test(name))
        .map((name) => [
          name,
          crypto
            .createHash('sha256')
            .update(JSON.stringify(db.prepare(`SELECT * FROM "${name}"`).raw(true).all()))
            .digest('hex'),
        ]),
    );
  } finally {
    db.close();
  }
}

describe('the injection corpus through chat', () => {
  beforeEach(() => start());

  it('refuses or cuts off every statement; the catalogue and Hearth tables are unchanged', async () => {
    const catalogueFile = path.join(t.dataDir, 'music.sqlite');
    const conversationId = await musicConversation(member, MODELS.openai);
    const before = { catalogue: sha256(catalogueFile), hearth: hearthTables(t.dataDir) };
    const messagesBefore = await countMessages();
    for (const sql of INJECTION_CORPUS) {
      fake.enqueue(
        { toolCalls: [{ name: 'query_music_library', arguments: { sql } }] },
        { reply: 'I cannot do that.' },
      );
      const reply = await ask(member, conversationId, `Please run: ${sql}`);
      expect(reply.toolCalls?.[0]?.refused, sql).toBeDefined();
      expect(reply.toolCalls![0]!.refused!.message.length, sql).toBeGreaterThan(10);
    }
    expect(sha256(catalogueFile)).toBe(before.catalogue);
    const after = hearthTables(t.dataDir);
    expect(Object.keys(after).filter((name) => after[name] !== before.hearth[name])).toEqual([]);
    // Each question added exactly its own two messages.
    expect(await countMessages()).toBe(messagesBefore + 2 * INJECTION_CORPUS.length);
  }, 300_000);
});

async function countMessages(): Promise<number> {
  const row = await t.app.ctx.db
    .selectFrom('messages')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
