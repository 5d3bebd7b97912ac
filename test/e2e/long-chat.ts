/**
 * A long conversation for browser tests and the speed bench: `count` messages of realistic
 * markdown (questions of a sentence or three; answers with paragraphs, lists, code and tables,
 * 200–2,500 characters), written straight into the database in one branch. Deterministic: the
 * same count gives the same text.
 */
import type { Message } from '#common/conversations';
import type { App } from '#server/app';
import { nowIso } from '#server/db/database';
import { newId } from '#server/db/ids';
// A 5,000-message branch in seconds: no service writes history without a model reply (sending) or the import's limits; the rows are the same the app writes.
// eslint-disable-next-line no-restricted-imports
import { insertMessages } from '#server/conversations/store';
import { asUser, type Session } from '#test/helpers';

/** A small seeded PRNG (mulberry32): the same text every run. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const WORDS = (
  'the garden needs water before the weekend and the tomatoes want more sun so move the pots near ' +
  'the south wall bread dough rises faster in a warm kitchen keep the lid on the soup while it simmers ' +
  'school starts at eight and the bus leaves ten minutes earlier than last year remember the library ' +
  'books pay the electricity bill by friday the car needs new tyres before winter'
).split(' ');

function sentence(next: () => number, min = 6, max = 18): string {
  const n = min + Math.floor(next() * (max - min));
  const words = Array.from({ length: n }, () => WORDS[Math.floor(next() * WORDS.length)]!);
  const text = words.join(' ');
  return text.charAt(0).toUpperCase() + text.slice(1) + '.';
}

function paragraph(next: () => number): string {
  return Array.from({ length: 2 + Math.floor(next() * 4) }, () => sentence(next)).join(' ');
}

/** A question of one to three sentences; message `i` is findable by its "#i" tag. */
function question(next: () => number, i: number): string {
  return `#${i} ${Array.from({ length: 1 + Math.floor(next() * 3) }, () => sentence(next)).join(' ')}`;
}

/** An answer: paragraphs, and now and then a list, a code block or a table. */
function answer(next: () => number, i: number): string {
  const parts = [`**Answer ${i}.** ${paragraph(next)}`];
  const extra = next();
  if (extra < 0.3)
    parts.push(Array.from({ length: 3 + Math.floor(next() * 4) }, () => `- ${sentence(next, 4, 10)}`).join('\n'));
  else if (extra < 0.45)
    parts.push(
      '```ts\nconst total = items.reduce((sum, item) => sum + item.price, 0);\nconsole.log(`Total: ${total}`);\n```',
    );
  else if (extra < 0.55)
    parts.push('| Day | Meal | Cook |\n|---|---|---|\n| Monday | Soup | Anna |\n| Tuesday | Pasta | Ben |');
  const more = Math.floor(next() * 3);
  for (let p = 0; p < more; p++) parts.push(paragraph(next));
  return parts.join('\n\n');
}

/** The text of message `index` (0-based; even: a question, odd: an answer). */
export function longChatText(index: number): string {
  const next = random(index * 7919 + 17);
  return index % 2 === 0 ? question(next, index + 1) : answer(next, index + 1);
}

/**
 * Creates a conversation for `session` holding `count` messages in one branch (oldest first)
 * and makes its last message the active leaf. Returns the conversation id and the messages.
 */
export async function seedLongConversation(
  app: App,
  session: Session,
  count: number,
  title = `A long chat (${count} messages)`,
): Promise<{ conversationId: string; messages: Message[] }> {
  const res = await app.inject({
    method: 'POST',
    url: '/api/conversations',
    headers: asUser(session),
    payload: { title },
  });
  if (res.statusCode !== 201) throw new Error(`create conversation: ${res.statusCode} ${res.body}`);
  const conversationId = res.json<{ id: string }>().id;
  const start = Date.now() - count * 60_000;
  const messages: Message[] = [];
  let parentId: string | null = null;
  for (let i = 0; i < count; i++) {
    const at = new Date(start + i * 60_000).toISOString();
    const message: Message = {
      id: newId(start + i * 60_000),
      conversationId,
      parentId,
      role: i % 2 === 0 ? 'user' : 'assistant',
      content: longChatText(i),
      status: 'complete',
      ...(i % 2 === 1 ? { model: 'env-1/fake-model' } : {}),
      createdAt: at,
      updatedAt: at,
    };
    messages.push(message);
    parentId = message.id;
  }
  const db = app.ctx.db;
  for (let i = 0; i < messages.length; i += 500) {
    const last = i + 500 >= messages.length;
    await insertMessages(db, {
      messages: messages.slice(i, i + 500),
      conversationId,
      change: last ? { activeLeafId: messages.at(-1)!.id, updatedAt: nowIso() } : { updatedAt: nowIso() },
    });
  }
  return { conversationId, messages };
}
