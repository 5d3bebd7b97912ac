/**
 * The output check (issue 13, item 9): a reply to a supervised member is checked while it
 * streams — each piece with the end of the text before it (stream-check.ts), so a word split
 * across pieces still matches — and the newest STREAM_WINDOW characters are held back from the
 * screen until the text after them has been checked. On a hit the generation stops at once
 * (guard.ts: the upstream closed, as Stop does), the reply is saved and shown as a safe
 * replacement with status `blocked`, and the stopped text goes only into the guardians' flag.
 * With a moderation model set, the finished reply is also classified (within its timeout)
 * before its last held-back words are released.
 */
import type { User } from '#common/auth';
import type { FilterSettings, FlagCategory } from '#common/family';
import type { AppContext } from '#server/context';
import type { ReplyGuard } from '#server/generation/guard';
import type { ChatTurn } from '#server/providers/types';
import { createStreamCheck, STREAM_WINDOW } from '#server/safety/filter/stream-check';
import { raiseFlagInBackground } from './flags';
import { BLOCKED_REPLY_SELF_HARM, BLOCKED_REPLY_TEXT } from './filter-words';
import { excerptOf, filterFor, filterSettingsOf } from './household-filter';
import { moderate, moderationTurns } from './moderation';

type Deps = Pick<AppContext, 'db' | 'bus' | 'log' | 'models'>;

/**
 * New characters a check waits for. 1: every delta is checked, so the words appear token by
 * token as for anyone else (bench:safety measured 16 — a third of the matcher's work — but the
 * reply then appears a few words at a time). Nothing unchecked is ever shown either way.
 */
export const CHECK_EVERY_CHARS = 1;

/** Where the reply goes, for the flag; and the conversation it answers, for the moderation model. */
export type ReplyPlace = {
  conversationId?: string | undefined;
  roomId?: string | undefined;
  /** The conversation the reply answers (AI chat); a room's reply is classified on its own. */
  history?: readonly ChatTurn[] | undefined;
};

/** The guard for a reply to `user`; undefined when they are not supervised (nothing is checked). */
export async function replyGuardFor(
  ctx: Deps,
  user: Pick<User, 'id' | 'supervised'>,
  place: ReplyPlace,
): Promise<ReplyGuard | undefined> {
  const settings = await filterSettingsOf(ctx, user);
  return settings ? replyGuard(ctx, user.id, settings, place) : undefined;
}

/** A guard for one reply to a supervised member with these filter settings. */
export function replyGuard(ctx: Deps, userId: string, settings: FilterSettings, place: ReplyPlace): ReplyGuard {
  const filter = filterFor(settings);
  const checks = {
    text: createStreamCheck(filter, { minChars: CHECK_EVERY_CHARS }),
    reasoning: createStreamCheck(filter, { minChars: CHECK_EVERY_CHARS }),
  };
  let replacement = BLOCKED_REPLY_TEXT;
  const moderationModel = settings.moderationModel;
  return {
    holdBack: STREAM_WINDOW,
    push: (kind, piece) => checks[kind].push(piece),
    checked: (kind) => checks[kind].checked,
    end: (kind) => checks[kind].flush(),
    ...(moderationModel
      ? {
          finished: async (content: string) => {
            if (!content.trim()) return null;
            const turns = moderationTurns(place.history ?? [], { role: 'assistant', content });
            const category = await moderate(ctx, moderationModel, turns);
            return category ? { category, excerpt: '' } : null;
          },
        }
      : {}),
    blocked(verdict, stopped) {
      const category = verdict.category as FlagCategory;
      if (category === 'self_harm') replacement = BLOCKED_REPLY_SELF_HARM;
      const text = stopped.content || stopped.reasoning;
      raiseFlagInBackground(ctx, {
        userId,
        direction: 'output',
        category,
        excerpt: excerptOf(text, verdict.excerpt ? verdict : null, 'end'),
        conversationId: place.conversationId,
        roomId: place.roomId,
      });
    },
    get replacement() {
      return replacement;
    },
  };
}
