/**
 * The input check (issue 13, item 9): every message a supervised member writes — to the
 * assistant on any client (web, terminal, /v1, `@assistant` in a room) and to people in rooms
 * and direct messages — is checked before anything is saved or sent. On a hit: 422
 * `content_blocked` with the `category` inside the error object and a kind explanation (a
 * caring one with where to get help for self-harm), and a flag for the guardians (urgent for
 * self-harm). Members who are not supervised are never checked.
 *
 * Word lists first (a few microseconds); then, for AI sends, the household's moderation model
 * when one is set (bounded by its timeout: a model that is down never holds chat up).
 */
import type { User } from '#common/auth';
import type { FlagCategory } from '#common/family';
import type { AppContext } from '#server/context';
import { contentBlocked } from '#server/errors';
import type { ChatTurn } from '#server/providers/types';
import { raiseFlag } from './flags';
import { blockedInputWords } from './filter-words';
import { excerptOf, filterFor, filterSettingsOf } from './household-filter';
import { moderate, moderationTurns } from './moderation';

type Deps = Pick<AppContext, 'db' | 'bus' | 'log' | 'models'>;

/** What is checked: the member's own words, and where they were going. */
export type InputToCheck = {
  /** The member's own message (only this is ever kept in a flag). */
  text: string;
  /**
   * `ai`: to the assistant (the moderation model also reads it, after `history`); `people`: to
   * other members (word lists only: the moderation model is for AI chat).
   */
  to: 'ai' | 'people';
  /** The conversation before the message, for the moderation model (AI chat). */
  history?: readonly ChatTurn[] | undefined;
  conversationId?: string | undefined;
  roomId?: string | undefined;
  /**
   * Names `@mentioned` in people chat that are not the member's words (room members, the
   * assistant, task ids): blanked before matching (`@assistant` reads as "a ass…" to a leetspeak
   * filter).
   */
  mentionable?: readonly string[] | undefined;
};

/** `@name` as people chat writes it (server/messaging/mentions.ts). */
const MENTION = /(?<![\p{L}\p{N}_@.])@([a-z0-9][a-z0-9._-]{0,63})/giu;

/** `text` with the mentions of `names` blanked out. */
export function withoutMentions(text: string, names: readonly string[] | undefined): string {
  if (!names?.length || !text.includes('@')) return text;
  const known = new Set(names.map((n) => n.toLowerCase()));
  return text.replace(MENTION, (whole, name: string) =>
    known.has(name.toLowerCase().replace(/[._-]+$/, '')) ? ' ' : whole,
  );
}

/** What the check found: nothing, or the category (the flag is raised already). */
export type InputVerdict = { category: FlagCategory } | null;

/** Checks a supervised member's message; resolves with the verdict (null for anyone not supervised). */
export async function inspectInput(
  ctx: Deps,
  user: Pick<User, 'id' | 'supervised'>,
  input: InputToCheck,
): Promise<InputVerdict> {
  const settings = await filterSettingsOf(ctx, user);
  if (!settings) return null;
  const hit = filterFor(settings).check(withoutMentions(input.text, input.mentionable));
  let category: FlagCategory | null = hit?.category ?? null;
  if (!category && input.to === 'ai' && settings.moderationModel) {
    const turns = moderationTurns(input.history ?? [], { role: 'user', content: input.text });
    category = await moderate(ctx, settings.moderationModel, turns);
  }
  if (!category) return null;
  await raiseFlag(ctx, {
    userId: user.id,
    direction: 'input',
    category,
    excerpt: excerptOf(input.text, hit),
    conversationId: input.conversationId,
    roomId: input.roomId,
  });
  return { category };
}

/** Throws 422 `content_blocked` (nothing saved, a flag raised) when the filter stops the message. */
export async function checkInput(ctx: Deps, user: Pick<User, 'id' | 'supervised'>, input: InputToCheck): Promise<void> {
  const verdict = await inspectInput(ctx, user, input);
  if (verdict) throw contentBlocked(verdict.category, blockedInputWords(verdict.category));
}
