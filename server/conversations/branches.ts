/**
 * The message tree seen one branch at a time: pages of the active branch (newest backwards, with
 * each message's sibling versions for the `‹ 2 / 3 ›` switcher) and switching to a version.
 */
import type { ConversationDetail, ConversationDetailQuery } from '#common/conversations';
import type { AppContext } from '#server/context';
import { badRequest } from '#server/errors';
import * as store from './store';

/** Page size when `before` comes without `limit`. */
export const DEFAULT_PAGE = 50;

/**
 * One page of the active branch: the `limit` messages before `before` (or ending at the active
 * leaf), oldest first, plus `hasMore` and the sibling versions of every message on the page.
 * `before` must be a message of this conversation (any branch: the page is its ancestors).
 */
export async function branchPage(
  ctx: AppContext,
  conversation: store.StoredConversation,
  query: ConversationDetailQuery,
): Promise<ConversationDetail> {
  const limit = query.limit ?? DEFAULT_PAGE;
  let fromId = conversation.activeLeafId;
  if (query.before !== undefined) {
    const before = await store.findMessage(ctx.db, conversation.id, query.before);
    if (!before) throw badRequest('before: is not a message of this conversation', 'before');
    fromId = before.parentId;
  }
  const messages = fromId ? await store.loadBranchPage(ctx.db, conversation.id, fromId, limit) : [];
  const children = await store.childrenOf(
    ctx.db,
    conversation.id,
    messages.map((m) => m.parentId),
  );
  const siblings: Record<string, string[]> = {};
  for (const m of messages) {
    const versions = children.get(m.parentId);
    if (versions && versions.length > 1) siblings[m.id] = versions;
  }
  return {
    conversation: store.publicConversation(conversation),
    messages,
    activeLeafId: conversation.activeLeafId,
    hasMore: (messages[0]?.parentId ?? null) !== null,
    siblings,
  };
}

/** The leaf to show when the user picks version `messageId` of a message: the newest leaf under it. */
export async function leafForVersion(ctx: AppContext, conversationId: string, messageId: string): Promise<string> {
  const leaf = await store.newestLeafUnder(ctx.db, conversationId, messageId);
  if (!leaf) throw badRequest('activeBranchAt: is not a message of this conversation', 'activeBranchAt');
  return leaf;
}
