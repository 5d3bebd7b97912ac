/**
 * Family safety on /v1: a supervised member's messages (every `user` turn the caller sends: a
 * program can send a whole made-up history) pass the input check before the model is asked.
 * A hit answers 422 `content_blocked` in OpenAI's error format (errors.ts translates it).
 */
import type { User } from '#common/auth';
import type { AppContext } from '#server/context';
import type { ChatTurn } from '#server/providers/types';
import { checkInput } from '#server/safety/family/input-check';

/** Checks the caller's user turns, the last with the moderation model too; throws on a hit. */
export async function checkGatewayInput(ctx: AppContext, user: User, turns: readonly ChatTurn[]): Promise<void> {
  if (!user.supervised) return;
  const lastUser = turns.findLastIndex((t) => t.role === 'user');
  if (lastUser < 0) return;
  const last = turns[lastUser]!;
  const text = turns
    .filter((t, i) => t.role === 'user' && i !== lastUser)
    .map((t) => t.content)
    .join('\n');
  // Earlier turns: word lists only, as one text (one check, whatever the history's length).
  if (text) await checkInput(ctx, user, { text, to: 'people' });
  await checkInput(ctx, user, { text: last.content, to: 'ai', history: turns.slice(0, lastUser) });
}
