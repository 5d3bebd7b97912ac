/**
 * The conversation list (cursor-paged; the archived view apart), search results, and the
 * rename / pin / archive / delete actions.
 */
import { keepPreviousData, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import {
  DEFAULT_TITLE,
  type Conversation,
  type ConversationDetail,
  type ConversationPage,
  type PatchConversationBody,
} from '#common/conversations';
import { api } from '#web/lib/api';
import { keys } from '#web/lib/keys';
import { queryClient } from '#web/lib/queryClient';
import { navigate, parseRoute } from '#web/lib/router';
import { lastConversation, rememberLastConversation } from '#web/features/chat/lastConversation';

const PAGE = 50;

/**
 * GET /api/conversations, page by page: the list (`archived`: the archived view) or, with `q`,
 * search results (titles and message text, archived included), best first.
 */
export function useConversationList(q: string, archived = false) {
  return useInfiniteQuery({
    queryKey: keys.conversations(q, archived),
    queryFn: ({ pageParam, signal }) =>
      api.listConversations({ limit: PAGE, cursor: pageParam ?? undefined, q: q || undefined, archived }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
  });
}

/** Pages → one list, each id once. */
function flatten(data: InfiniteData<ConversationPage> | undefined): Conversation[] {
  if (!data) return [];
  const seen = new Set<string>();
  const items: Conversation[] = [];
  for (const p of data.pages) {
    for (const c of p.items) {
      if (!seen.has(c.id)) {
        seen.add(c.id);
        items.push(c);
      }
    }
  }
  return items;
}

/**
 * The list as shown: pinned first, then newest first — kept in that order (and in the right
 * view) locally too, so a pin or an archive moves the row at once, before the refetch.
 */
export function listItems(data: InfiniteData<ConversationPage> | undefined, archived = false): Conversation[] {
  return flatten(data)
    .filter((c) => c.archived === archived)
    .sort((a, b) => Number(b.pinned) - Number(a.pinned) || b.updatedAt.localeCompare(a.updatedAt));
}

/** Search results as the server ranked them (best first); never re-sorted. */
export function searchItems(data: InfiniteData<ConversationPage> | undefined): Conversation[] {
  return flatten(data);
}

/** Writes a changed conversation into every cached list page and its detail (search fields kept). */
function putConversation(conversation: Conversation) {
  const { snippet: _s, snippetHighlights: _h, matchMessageId: _m, ...fields } = conversation;
  queryClient.setQueriesData<InfiniteData<ConversationPage>>({ queryKey: keys.conversationsAll }, (data) =>
    data
      ? {
          ...data,
          pages: data.pages.map((p) => ({
            ...p,
            items: p.items.map((c) => (c.id === conversation.id ? { ...c, ...fields } : c)),
          })),
        }
      : data,
  );
  queryClient.setQueryData<ConversationDetail>(keys.conversation(conversation.id), (d) =>
    d ? { ...d, conversation: { ...d.conversation, ...fields } } : d,
  );
}

/** PATCH a conversation (title, pinned, archived…) and update the caches. */
export async function updateConversation(id: string, patch: PatchConversationBody): Promise<Conversation> {
  const conversation = await api.updateConversation(id, patch);
  putConversation(conversation);
  void queryClient.invalidateQueries({ queryKey: keys.conversationsAll });
  return conversation;
}

/** DELETE a conversation; leaves it if it is open. */
export async function deleteConversation(id: string): Promise<void> {
  await api.deleteConversation(id);
  if (lastConversation() === id) rememberLastConversation(null);
  const route = parseRoute(location.pathname, location.search);
  if (route.name === 'conversation' && route.id === id) navigate('/', { replace: true });
  queryClient.removeQueries({ queryKey: keys.conversation(id) });
  await queryClient.invalidateQueries({ queryKey: keys.conversationsAll });
}

/** The largest file the server takes for an import (its body limit for that route). */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

/** Imports an export file (Hearth JSON, or a ChatGPT or Claude.ai conversations.json); refreshes the list. */
export async function importConversations(fileText: string): Promise<Conversation[]> {
  const { items } = await api.importConversations(fileText);
  await queryClient.invalidateQueries({ queryKey: keys.conversationsAll });
  return items;
}

/**
 * A chat's title as a member reads it: the server names an untitled chat "New chat" in
 * English, which is said in the member's language here (`newChat` in their `chat` words).
 */
export const shownTitle = (title: string | undefined, newChat: string): string =>
  !title || title === DEFAULT_TITLE ? newChat : title;
