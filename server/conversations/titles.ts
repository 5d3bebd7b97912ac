/**
 * Generated titles. A new conversation is first named after the first words of its first
 * message (at once, in the send itself); once the first reply is finished, the same model is
 * asked, in the background, for a short title of that exchange. The reply never waits for it,
 * and a model that does not answer leaves the first-words title in place. A title the user gave
 * always wins: the write is conditional on `title_by_user = 0` in the same UPDATE, so a rename
 * that lands while the model is still thinking is never overwritten.
 *
 * A title is background work in the fair queue (server/generation/scheduler.ts): it does not
 * count against the member, and it runs only when its model server has a slot free and no
 * member is waiting for that server.
 */
import type { Message } from '#common/conversations';
import type { AppContext } from '#server/context';
import type { ChatTurn, ModelProvider } from '#server/providers/types';
import { recordUsage } from '#server/safety/usage';
import { announceUpdated } from './service';
import * as store from './store';

/** The instruction, in the one user turn of the title request (some chat templates drop system turns). */
export const TITLE_PROMPT =
  'Write a 3–6 word title for the conversation below. Reply with the title only: no quotes, ' +
  'no punctuation at the end, no explanation. Use the language of the conversation.';

/** How long the model may take (a reasoning model thinks first). */
const TITLE_TIMEOUT_MS = 60_000;
/** A model that rambles past this is cut off: a title is short. */
const MAX_ANSWER_CHARS = 400;
/** How much of the exchange the model reads. */
const EXCERPT_CHARS = 1500;
export const MAX_TITLE_CHARS = 60;

/** What generating a title needs: the first exchange and the model that wrote the reply. */
export type TitleJob = {
  userId: string;
  conversationId: string;
  provider: ModelProvider;
  upstreamModel: string;
  /** The model server, whose slots the title waits for (lowest priority). */
  connectionId: string;
  firstMessage: string;
  /** Resolves with the first reply once it is saved (Generation.finished). */
  reply: Promise<Message>;
};

const excerpt = (text: string) => (text.length > EXCERPT_CHARS ? `${text.slice(0, EXCERPT_CHARS)}…` : text);

/** The title request's turns. */
export function titleTurns(firstMessage: string, reply: string): ChatTurn[] {
  const exchange = `User: ${excerpt(firstMessage.trim())}\n\nAssistant: ${excerpt(reply.trim())}`;
  return [{ role: 'user', content: `${TITLE_PROMPT}\n\n<conversation>\n${exchange}\n</conversation>` }];
}

/**
 * A model's answer made into a title: its first line without thinking, "Title:", markdown,
 * quotes and closing punctuation, at most 60 characters cut at a word. Null when nothing is left.
 */
export function cleanTitle(raw: string): string | null {
  const withoutThinking = raw.replace(/<think>[\s\S]*?(<\/think>|$)/gi, '');
  const line =
    withoutThinking
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '') ?? '';
  let title = line
    .replace(/^#+\s*/, '')
    .replace(/^(\*\*|__)?\s*(title|titel|titre|título|titolo)\s*(\*\*|__)?\s*[:：\-–—]\s*/i, '')
    .replace(/[*_`~]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  // Quotes around the title (any kind), then what closes a sentence.
  for (let before = ''; before !== title;) {
    before = title;
    title = title
      .replace(/^["'“”‘’«»„「『]+|["'“”‘’«»„」』]+$/g, '')
      .replace(/[\s.!?,;:…。！？]+$/u, '')
      .trim();
  }
  if (title.length > MAX_TITLE_CHARS) {
    const cut = title.slice(0, MAX_TITLE_CHARS + 1);
    const space = cut.lastIndexOf(' ');
    title = (space > 0 ? cut.slice(0, space) : title.slice(0, MAX_TITLE_CHARS)).replace(/[\s,;:–—-]+$/, '');
  }
  return title === '' ? null : title;
}

/** Asks the model for a title; null when it fails, times out or answers nothing usable. */
async function askForTitle(ctx: AppContext, job: TitleJob, reply: string): Promise<string | null> {
  const slot = await ctx.generations.scheduler.acquire({
    userId: job.userId,
    serverId: job.connectionId,
    background: true,
  });
  if (!slot) return null; // the server is shutting down
  try {
    return await askWithSlot(ctx, job, reply);
  } finally {
    slot.release();
  }
}

async function askWithSlot(ctx: AppContext, job: TitleJob, reply: string): Promise<string | null> {
  const controller = new AbortController();
  const signal = AbortSignal.any([controller.signal, AbortSignal.timeout(TITLE_TIMEOUT_MS)]);
  const turns = titleTurns(job.firstMessage, reply);
  let answer = '';
  let reported: { promptTokens: number; completionTokens: number } | undefined;
  try {
    for await (const part of job.provider.streamChat({ model: job.upstreamModel, messages: turns, signal })) {
      if (part.kind === 'delta') answer += part.text;
      else if (part.kind === 'usage') reported = part;
      if (answer.length > MAX_ANSWER_CHARS) break;
    }
  } catch {
    // Down, slow, or cut: the first-words title stays. (Not logged as an error: it is normal.)
    return null;
  } finally {
    controller.abort();
    void recordUsage(ctx.db, ctx.log, {
      userId: job.userId,
      source: 'chat',
      timeZone: ctx.config.timeZone,
      // Its tokens count; it is not a message the member sent (daily message budgets).
      requests: 0,
      reported,
      turns,
      outputChars: answer.length,
    });
  }
  return cleanTitle(answer);
}

/**
 * Once the first reply is finished, asks for a title and saves it unless the user named the
 * conversation meanwhile; tells the user's tabs. Returns at once; never throws.
 */
export function titleInBackground(ctx: AppContext, job: TitleJob): Promise<void> {
  const run = async () => {
    const reply = await job.reply;
    if (reply.status === 'error' || reply.content.trim() === '') return;
    const title = await askForTitle(ctx, job, reply.content);
    if (!title) return;
    if (await store.setGeneratedTitle(ctx.db, job.conversationId, title))
      announceUpdated(ctx, job.userId, job.conversationId);
  };
  const done = run().catch((err: unknown) => {
    // The conversation may have been deleted meanwhile; nothing else should fail here.
    ctx.log.warn({ err, conversationId: job.conversationId }, 'saving a generated title failed');
  });
  ctx.titles.track(done);
  return done;
}

/** The titles being generated by one process (`ctx.titles`), so a test or shutdown can wait. */
export class TitleJobs {
  private readonly pending = new Set<Promise<void>>();

  /** Counts `job` until it settles (it never rejects). */
  track(job: Promise<void>): void {
    this.pending.add(job);
    void job.finally(() => this.pending.delete(job));
  }

  /** Resolves once every title being generated now is saved or given up. */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.all(this.pending);
  }
}
