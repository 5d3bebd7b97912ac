/**
 * Clearing a member's AI-chat history (`hearth messages clear --user NAME [--before DATE]`):
 * whole conversations go, with all their messages. A conversation is a tree of branches, so
 * one last active after the cut-off is kept whole rather than cut in the middle.
 */
import type { AppContext } from '#server/context';
import { deleteConversation } from './service';
import * as store from './store';

/** What a clear takes (or took): conversations and the messages in them. */
export type ClearCount = { conversations: number; messages: number };

/** A time as the tables store it (`toISOString()`), so that comparing the text compares the times. */
const stored = (time: string | undefined) => (time === undefined ? undefined : new Date(time).toISOString());

/** How many of the user's conversations (and messages) were last active before `before` (all: undefined). */
export async function countConversationsToClear(
  ctx: Pick<AppContext, 'db'>,
  userId: string,
  before: string | undefined,
): Promise<ClearCount> {
  const { ids, messages } = await store.userConversationsBefore(ctx.db, userId, stored(before));
  return { conversations: ids.length, messages };
}

/**
 * Deletes the user's conversations last active before `before` (all of them: undefined), one by
 * one through the same path as the Delete button: running replies stop (here and, through
 * `conversation.deleted`, on other processes), the user's open tabs drop them, and the search
 * index forgets them through its triggers.
 */
export async function clearConversations(
  ctx: AppContext,
  userId: string,
  before: string | undefined,
): Promise<ClearCount> {
  const { ids, messages } = await store.userConversationsBefore(ctx.db, userId, stored(before));
  for (const id of ids) await deleteConversation(ctx, userId, id);
  return { conversations: ids.length, messages };
}
