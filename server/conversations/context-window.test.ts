import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConversationDetail, Message } from '#common/conversations';
import { browserHeaders, startLiveApp, type LiveApp } from '#server/generation/test-support';
import { signedInUser, type Session } from '#test/helpers';
import { startFakeModelServer, type FakeModelServer, type RecordedRequest } from '#test/fakes/fake-model-server';
import { fitContext, promptBudget } from './context-window';
import { countText, loadTokenizer } from './tokens';

/** env-2 is the fake's Ollama API: `/api/show` reports these context lengths. */
const TINY = 'env-2/tiny';
const ROOMY = 'env-2/roomy';
/** On the OpenAI-compatible API the fake reports no context length at all. */
const UNKNOWN = 'env-1/tiny';

let fake: FakeModelServer;
let t: LiveApp;
let anna: Session;
beforeAll(async () => {
  fake = await startFakeModelServer({
    models: [
      { name: 'tiny', contextLength: 256, family: 'llama' },
      { name: 'roomy', contextLength: 32_768, family: 'qwen3' },
    ],
    script: (req) => ({ reply: `Answer ${fake.chatRequests().indexOf(req)}: noted, thank you for telling me that.` }),
  });
  t = await startLiveApp(fake);
  anna = await signedInUser(t.app);
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

type Turn = { role: string; content: string };
const turnsOf = (req: RecordedRequest) => req.body!.messages as Turn[];

async function conversation(model: string): Promise<string> {
  // Named by hand: no title request muddles the recorded chat requests.
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/conversations',
    headers: browserHeaders(anna),
    payload: { model, title: 'Test' },
  });
  return res.json<{ id: string }>().id;
}

async function send(conversationId: string, content: string): Promise<RecordedRequest> {
  const res = await t.app.inject({
    method: 'POST',
    url: `/api/conversations/${conversationId}/messages`,
    headers: browserHeaders(anna),
    payload: { content, stream: false },
  });
  expect(res.statusCode, res.body).toBe(200);
  return fake.chatRequests().at(-1)!;
}

async function detail(conversationId: string, query = '?limit=50'): Promise<ConversationDetail> {
  const res = await t.app.inject({
    method: 'GET',
    url: `/api/conversations/${conversationId}${query}`,
    headers: browserHeaders(anna),
  });
  expect(res.statusCode).toBe(200);
  return res.json<ConversationDetail>();
}

const leafOf = (d: ConversationDetail): Message => d.messages.find((m) => m.id === d.activeLeafId)!;

describe('the context window', () => {
  it('sends the system prompt and only the most recent turns that fit a tiny window', async () => {
    const id = await conversation(TINY);
    let last!: RecordedRequest;
    for (let i = 1; i <= 8; i++)
      last = await send(id, `Message ${i}: my favourite colour this week is number ${i}, please remember it.`);

    const turns = turnsOf(last);
    expect(turns[0]!.role).toBe('system');
    expect(turns[0]!.content).toContain('You are Hearth');
    expect(turns.at(-1)).toEqual({ role: 'user', content: expect.stringContaining('Message 8:') as string });
    expect(turns.some((m) => m.content.includes('Message 1:'))).toBe(false);
    // Starts with a user turn, and the whole prompt fits the budget (counted with the same tokenizer).
    expect(turns[1]!.role).toBe('user');
    const enc = await loadTokenizer();
    const used = turns.reduce((n, m) => n + countText(enc, m.content) + 4, 0);
    expect(used).toBeLessThanOrEqual(promptBudget(256));

    // The conversation view marks where the model's view began: the first message it was sent.
    const d = await detail(id);
    const start = d.messages.find((m) => m.id === leafOf(d).contextStartId);
    expect(start?.content).toBe(turns[1]!.content);
    // …and works it out the same way when nothing was remembered (another process, a restart).
    t.app.ctx.contextMarkers.clear();
    expect(leafOf(await detail(id)).contextStartId).toBe(start!.id);
    expect(leafOf(await detail(id, '')).contextStartId).toBe(start!.id);
  });

  it('keeps everything, with no marker, when the conversation fits', async () => {
    const id = await conversation(ROOMY);
    await send(id, 'Hello there');
    const last = await send(id, 'And again');
    expect(turnsOf(last).map((m) => m.role)).toEqual(['system', 'user', 'assistant', 'user']);
    expect(leafOf(await detail(id)).contextStartId).toBeUndefined();
  });

  it('cuts a pasted document longer than the window in the middle, with a note, keeping the question', async () => {
    const id = await conversation(TINY);
    const words = Array.from({ length: 400 }, (_, i) => `word${i}`).join(' ');
    const content = `BEGIN ${words} END. What is this document about?`;
    const last = await send(id, content);
    const sent = turnsOf(last).at(-1)!.content;
    expect(sent.startsWith('BEGIN word0 word1')).toBe(true);
    expect(sent.endsWith('What is this document about?')).toBe(true);
    expect(sent).toMatch(/\[… \d+ characters of this message were left out here/);
    expect(sent.length).toBeLessThan(content.length);
    const d = await detail(id);
    const user = d.messages.find((m) => m.role === 'user')!;
    expect(user.content).toBe(content); // the saved message is whole
    expect(leafOf(d).contextCutId).toBe(user.id);
  });

  it('accepts a paste as long as HEARTH_MAX_MESSAGE_CHARS allows and sends what fits', async () => {
    const id = await conversation(TINY);
    const content = `${'The quarterly report says revenue grew. '.repeat(5000)}Summarise it.`.slice(
      -t.config.maxMessageChars,
    );
    expect(content.length).toBe(t.config.maxMessageChars);
    const sent = turnsOf(await send(id, content)).at(-1)!.content;
    expect(sent.endsWith('Summarise it.')).toBe(true);
    expect(sent.length).toBeLessThan(2000);
  });

  it('sends everything when the model does not report its context length', async () => {
    const id = await conversation(UNKNOWN);
    for (let i = 1; i <= 6; i++) await send(id, `Message ${i}: ${'some longer text '.repeat(10)}`);
    const turns = turnsOf(fake.chatRequests().at(-1)!);
    expect(turns.filter((m) => m.role === 'user')).toHaveLength(6);
  });
});

describe('fitContext', () => {
  const msg = (id: string, role: 'user' | 'assistant', content: string) => ({
    id,
    parentId: null,
    role,
    content,
    status: 'complete' as const,
  });

  it('drops an assistant turn that would open the window, and skips failed replies', async () => {
    const long = 'lorem ipsum dolor sit amet '.repeat(8);
    const branch = [
      msg('a', 'user', long),
      msg('b', 'assistant', long),
      { ...msg('x', 'assistant', ''), status: 'error' as const },
      msg('c', 'user', long),
      msg('d', 'assistant', long),
      msg('e', 'user', 'short question'),
    ];
    const fit = await fitContext('system', branch, 256);
    expect(fit.turns[0]).toEqual({ role: 'system', content: 'system' });
    expect(fit.turns[1]!.role).toBe('user');
    expect(fit.turns.at(-1)!.content).toBe('short question');
    expect(fit.contextStartId).not.toBeNull();
    expect(['c', 'e']).toContain(fit.contextStartId);
  });

  it('counts pathological input quickly (long runs without spaces, CJK, special tokens)', async () => {
    const enc = await loadTokenizer();
    // Unsliced, these runs take minutes (BPE merging is quadratic in a piece's length): this
    // test would hit its timeout. Sliced, it takes well under a second.
    const n = countText(
      enc,
      `${'x'.repeat(100_000)} ${'漢字かなカナ'.repeat(5000)} <|endoftext|> ${'-'.repeat(20_000)}`,
    );
    expect(n).toBeGreaterThan(10_000);
    expect(n).toBeLessThan(100_000);
  });
});
