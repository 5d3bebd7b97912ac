/**
 * Loading a conversation a page at a time: the newest page first, older pages as the user
 * scrolls up, seeking back to one message (search hits, links), and switching to another
 * version of a message (the `‹ 2 / 3 ›` switcher). Everything lands in the one query-cache entry
 * per conversation that streaming and the WebSocket also update.
 */
import type { ConversationDetail } from '#common/conversations';
import { api } from '#web/lib/api';
import { keys } from '#web/lib/keys';
import { queryClient } from '#web/lib/queryClient';
import { branchView, mergeFirstPage, mergeOlderPage } from './detail';

/** Messages per page when opening a conversation and when scrolling back. */
export const PAGE_SIZE = 50;
/** Bigger pages when seeking a message far back: fewer round trips. */
const SEEK_PAGE_SIZE = 200;
/** Performance mark set when a conversation's first page has arrived (read by the speed bench). */
export const DATA_MARK = 'hearth:conversation-data';

const cached = (id: string) => queryClient.getQueryData<ConversationDetail>(keys.conversation(id));

/**
 * The query function of a conversation: its newest page, merged with the older pages already
 * loaded (a refetch keeps the user's place).
 */
export async function fetchConversation(id: string, signal?: AbortSignal): Promise<ConversationDetail> {
  const fresh = await api.getConversation(id, { limit: PAGE_SIZE }, signal);
  performance.mark(DATA_MARK, { detail: { conversationId: id, messages: fresh.messages.length } });
  return mergeFirstPage(cached(id), fresh);
}

const loading = new Map<string, Promise<boolean>>();

/**
 * Loads the page before the oldest loaded message of the active branch. Resolves true when it
 * added messages. One load per conversation at a time: a second call joins the first.
 */
export function loadOlder(conversationId: string, limit = PAGE_SIZE): Promise<boolean> {
  const running = loading.get(conversationId);
  if (running) return running;
  const work = (async () => {
    const detail = cached(conversationId);
    if (!detail) return false;
    const view = branchView(detail);
    if (!view.hasMore || !view.oldestId) return false;
    const page = await api.getConversation(conversationId, { limit, before: view.oldestId });
    let added = false;
    queryClient.setQueryData<ConversationDetail>(keys.conversation(conversationId), (d) => {
      // Switched branch meanwhile: the page belongs to a branch no longer on screen.
      if (!d || branchView(d).oldestId !== view.oldestId) return d;
      added = page.messages.length > 0;
      return mergeOlderPage(d, page);
    });
    return added;
  })().finally(() => loading.delete(conversationId));
  loading.set(conversationId, work);
  return work;
}

/** Refetches the newest page now (after the active branch moved) and waits for it. */
async function reloadNewest(conversationId: string): Promise<void> {
  await queryClient.cancelQueries({ queryKey: keys.conversation(conversationId) });
  const detail = await fetchConversation(conversationId);
  queryClient.setQueryData(keys.conversation(conversationId), detail);
}

/**
 * Shows version `versionId` of a message: the server moves the active leaf to the newest leaf
 * under it, then the newest page of that branch is loaded.
 */
export async function switchVersion(conversationId: string, versionId: string): Promise<void> {
  const conversation = await api.updateConversation(conversationId, { activeBranchAt: versionId });
  queryClient.setQueryData<ConversationDetail>(keys.conversation(conversationId), (d) =>
    d ? { ...d, conversation, activeLeafId: conversation.activeLeafId } : d,
  );
  await reloadNewest(conversationId);
}

const onBranch = (conversationId: string, messageId: string) => {
  const detail = cached(conversationId);
  return detail ? branchView(detail).messages.some((m) => m.id === messageId) : false;
};

/**
 * Makes sure message `messageId` is loaded and on screen: pages back until it is; when it is on
 * another branch, switches to that branch first. Resolves false when the conversation has no
 * such message.
 */
export async function seekMessage(conversationId: string, messageId: string): Promise<boolean> {
  let switched = false;
  for (;;) {
    if (onBranch(conversationId, messageId)) return true;
    const detail = cached(conversationId);
    if (detail && branchView(detail).hasMore && (await loadOlder(conversationId, SEEK_PAGE_SIZE))) continue;
    if (switched) return false;
    switched = true;
    try {
      await switchVersion(conversationId, messageId);
    } catch {
      return false; // not a message of this conversation
    }
  }
}
