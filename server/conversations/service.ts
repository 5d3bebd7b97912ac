/**
 * Conversation rules: ownership (another user's conversation is "not found"), defaults, titles,
 * branch switching, and telling the user's other tabs about changes.
 */
import {
  DEFAULT_TITLE,
  type Conversation,
  type ConversationDetail,
  type ConversationDetailQuery,
  type ConversationPage,
  type CreateConversationBody,
  type Message,
  type PatchConversationBody,
} from '#common/conversations';
import type { User } from '#common/auth';
import type { AppContext } from '#server/context';
import { nowIso } from '#server/db/database';
import { newId } from '#server/db/ids';
import { badRequest, HttpError, notFound } from '#server/errors';
import { userChannel } from '#server/realtime/bus';
import { initialModel, requireModelInTask } from '#server/tasks/plan';
import { defaultTaskFor, isTaskUsable } from '#server/tasks/registry';
import { branchPage, leafForVersion } from './branches';
import { decodeCursor, encodeCursor } from './cursor';
import { searchConversations } from './search';
import * as store from './store';

/** The caller's conversation, or 404 (also when it is someone else's). */
export async function requireConversation(
  ctx: AppContext,
  userId: string,
  id: string,
): Promise<store.StoredConversation> {
  const conversation = await store.findConversation(ctx.db, userId, id);
  if (!conversation) throw notFound('That conversation');
  return conversation;
}

/** One of the caller's messages (of any of their conversations), or undefined (also when it is someone else's). */
export async function findOwnMessage(
  ctx: Pick<AppContext, 'db'>,
  userId: string,
  messageId: string,
): Promise<Message | undefined> {
  const found = await store.findMessageWithOwner(ctx.db, messageId);
  return found && found.userId === userId ? found.message : undefined;
}

/** Tells the user's other tabs and devices that their list changed. */
export function announceUpdated(ctx: AppContext, userId: string, conversationId: string): void {
  ctx.bus.publish(userChannel(userId), { type: 'conversation.updated', conversationId });
}

/**
 * A page of the user's conversations, pinned first, then newest first (`archived`: the archived
 * ones instead); `q` searches all of them, archived included, best match first.
 */
export async function listForUser(
  ctx: AppContext,
  userId: string,
  query: { limit: number; cursor?: string | undefined; q?: string | undefined; archived?: boolean | undefined },
): Promise<ConversationPage> {
  const q = query.q?.trim();
  if (q) return searchConversations(ctx.db, userId, q, query, ctx.search);
  // Lets the index catch up with recent writes (cheap when there are none), so the queue of an
  // index that batches its writes stays short even when nobody searches.
  await ctx.search.sync?.();
  const after = query.cursor ? decodeCursor(query.cursor) : undefined;
  const rows = await store.listConversations(ctx.db, userId, {
    limit: query.limit + 1,
    archived: query.archived ?? false,
    after,
  });
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map(store.publicConversation),
    nextCursor: rows.length > query.limit && last ? encodeCursor(last) : null,
  };
}

/** 400 unless the user may use the task (it exists, is enabled and on their allow-list). */
async function checkTask(ctx: AppContext, userId: string, taskId: string): Promise<void> {
  if (!(await isTaskUsable(ctx, userId, taskId))) throw badRequest(`taskId: there is no task "${taskId}"`, 'taskId');
}

/** Creates a conversation with the defaults: "New chat", the user's default model, task general. */
export async function createConversation(
  ctx: AppContext,
  user: User,
  body: CreateConversationBody,
): Promise<Conversation> {
  const taskId = body.taskId ?? (await defaultTaskFor(ctx, user.id));
  await checkTask(ctx, user.id, taskId);
  // The task's default model, unless the request names one the task allows (403 otherwise).
  const model = await initialModel(ctx, user, taskId, body.model);
  const now = nowIso();
  const conversation: store.StoredConversation = {
    id: newId(),
    userId: user.id,
    title: body.title ?? DEFAULT_TITLE,
    titleByUser: body.title !== undefined,
    taskId,
    model,
    pinned: false,
    archived: false,
    activeLeafId: null,
    createdAt: now,
    updatedAt: now,
  };
  await store.insertConversation(ctx.db, conversation);
  announceUpdated(ctx, user.id, conversation.id);
  return store.publicConversation(conversation);
}

/**
 * A conversation with every message (all branches, oldest first) or, with `limit`/`before`, one
 * page of its active branch (see branches.ts).
 */
export async function getDetail(
  ctx: AppContext,
  userId: string,
  id: string,
  query: ConversationDetailQuery = {},
): Promise<ConversationDetail> {
  const conversation = await requireConversation(ctx, userId, id);
  if (query.limit !== undefined || query.before !== undefined) return branchPage(ctx, conversation, query);
  const messages = await store.listMessages(ctx.db, id);
  return { conversation: store.publicConversation(conversation), messages, activeLeafId: conversation.activeLeafId };
}

/** Renames, pins, switches model, task (409 `task_locked` once it has messages) or branch. */
export async function patchConversation(
  ctx: AppContext,
  user: User,
  id: string,
  body: PatchConversationBody,
): Promise<Conversation> {
  const userId = user.id;
  const conversation = await requireConversation(ctx, userId, id);
  const taskChanges = body.taskId !== undefined && body.taskId !== conversation.taskId;
  if (taskChanges) {
    await checkTask(ctx, userId, body.taskId!);
    // A task shapes every reply of its conversation: another task means another conversation.
    if (await store.hasMessages(ctx.db, id)) {
      throw new HttpError(
        409,
        'task_locked',
        'This conversation already has messages, so its task cannot change. Start a new conversation to use another task.',
        'taskId',
      );
    }
  }
  if (body.model) await requireModelInTask(ctx, userId, body.taskId ?? conversation.taskId, body.model);
  if (body.activeLeafId !== undefined && !(await store.messageInConversation(ctx.db, id, body.activeLeafId))) {
    throw badRequest('activeLeafId: is not a message of this conversation', 'activeLeafId');
  }
  const change: store.ConversationChange = { updatedAt: nowIso() };
  if (body.title !== undefined) Object.assign(change, { title: body.title, titleByUser: true });
  if (body.pinned !== undefined) change.pinned = body.pinned;
  if (body.archived !== undefined) change.archived = body.archived;
  if (body.model !== undefined) change.model = body.model;
  if (taskChanges) {
    change.taskId = body.taskId;
    // The new task's default model (or the member's), unless the request names one.
    if (body.model === undefined) change.model = await initialModel(ctx, user, body.taskId!, undefined);
  }
  if (body.activeLeafId !== undefined) change.activeLeafId = body.activeLeafId;
  if (body.activeBranchAt !== undefined) change.activeLeafId = await leafForVersion(ctx, id, body.activeBranchAt);
  await store.updateConversation(ctx.db, id, change);
  announceUpdated(ctx, userId, id);
  return store.publicConversation(await requireConversation(ctx, userId, id));
}

/**
 * Deletes a conversation and its messages, stopping its running replies first: this process's
 * before the rows go, other processes' when they hear `conversation.deleted` (their last
 * writes then touch rows that are gone, and do nothing).
 */
export async function deleteConversation(ctx: AppContext, userId: string, id: string): Promise<void> {
  await requireConversation(ctx, userId, id);
  await ctx.generations.stopConversation(id);
  await store.deleteConversation(ctx.db, id);
  ctx.bus.emit('conversation.deleted', { userId, conversationId: id });
  ctx.bus.publish(userChannel(userId), { type: 'conversation.deleted', conversationId: id });
}

/** How many conversations and messages a user has: what deleting the account removes. */
export async function countUserContent(
  ctx: Pick<AppContext, 'db'>,
  userId: string,
): Promise<{ conversations: number; messages: number }> {
  return store.countUserContent(ctx.db, userId);
}

/** When a user wrote to the assistant since `since` (ISO timestamps of their messages; no content). */
export async function userMessageTimes(ctx: Pick<AppContext, 'db'>, userId: string, since: string): Promise<string[]> {
  return store.userMessageTimes(ctx.db, userId, since);
}

/** Whether the user has had a complete reply in a chat of their own (not an imported one). */
export async function hasCompleteReply(ctx: Pick<AppContext, 'db'>, userId: string): Promise<boolean> {
  return store.hasCompleteReply(ctx.db, userId);
}
