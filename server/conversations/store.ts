/**
 * The only code that touches the `conversations` and `messages` tables. Rows are turned into the
 * `common/` contracts here, so callers never see 0/1 flags or JSON text columns.
 */
import type { Conversation, Message, MessageError, MessageStatus, ToolCall } from '#common/conversations';
import type { Db } from '#server/db/database';
import type { ConversationRow, ConversationsTable, Flag, MessageRow } from '#server/db/schema';
import { sql, type Insertable } from 'kysely';
import { prepareQuery, type PreparedQuery } from '#server/db/prepared';

/** A conversation row with its owner, as the service needs it. */
export type StoredConversation = Conversation & { userId: string; titleByUser: boolean };

/** Maps a row to the API shape (plus owner and title flag). */
export function toConversation(row: ConversationRow): StoredConversation {
  return {
    id: row.id,
    userId: row.userId,
    title: row.title,
    titleByUser: row.titleByUser === 1,
    taskId: row.taskId,
    model: row.model,
    pinned: row.pinned === 1,
    archived: row.archived === 1,
    activeLeafId: row.activeLeafId,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ...(row.importedAt ? { importedAt: row.importedAt } : {}),
  };
}

/** Drops the server-only fields before a conversation goes to a client. */
export function publicConversation(c: StoredConversation): Conversation {
  const { userId: _userId, titleByUser: _titleByUser, ...rest } = c;
  return rest;
}

/** Maps a message row to the API shape (optional fields omitted when empty). */
export function toMessage(row: MessageRow): Message {
  const message: Message = {
    id: row.id,
    conversationId: row.conversationId,
    parentId: row.parentId,
    role: row.role,
    content: row.content,
    status: row.status,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
  if (row.reasoning) message.reasoning = row.reasoning;
  if (row.model) message.model = row.model;
  if (row.error) message.error = JSON.parse(row.error) as MessageError;
  if (row.toolCalls) message.toolCalls = JSON.parse(row.toolCalls) as ToolCall[];
  return message;
}

/** A message's tool calls as their column holds them (null: none). */
const toolCallsJson = (calls: readonly ToolCall[] | undefined): string | null =>
  calls?.length ? JSON.stringify(calls) : null;

/** Maps a Message back to a row for insertion. */
function toRow(m: Message): MessageRow {
  return {
    id: m.id,
    conversationId: m.conversationId,
    parentId: m.parentId,
    role: m.role,
    content: m.content,
    reasoning: m.reasoning ?? null,
    status: m.status,
    model: m.model ?? null,
    error: m.error ? JSON.stringify(m.error) : null,
    toolCalls: toolCallsJson(m.toolCalls),
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
}

// Prepared (prepared.ts): the queries of every send and every streamed reply.
const conversationById = prepareQuery<{ id: string; userId: string }, ConversationRow>((db, p) =>
  db.selectFrom('conversations').selectAll().where('id', '=', p.id).where('userId', '=', p.userId),
);
const insertMessage = prepareQuery<MessageRow, never>((db, p) =>
  db.insertInto('messages').values({
    id: p.id,
    conversationId: p.conversationId,
    parentId: p.parentId,
    role: p.role,
    content: p.content,
    reasoning: p.reasoning,
    status: p.status,
    model: p.model,
    error: p.error,
    toolCalls: p.toolCalls,
    createdAt: p.createdAt,
    updatedAt: p.updatedAt,
  }),
);
const messageProgress = prepareQuery<Pick<MessageRow, 'id' | 'content' | 'reasoning' | 'updatedAt'>, never>((db, p) =>
  db
    .updateTable('messages')
    .set({ content: p.content, reasoning: p.reasoning, updatedAt: p.updatedAt })
    .where('id', '=', p.id),
);
// With the tool calls: only replies that used tools pay for the column (a plain reply's writes
// are the statements they were before tools existed).
const messageProgressWithTools = prepareQuery<
  Pick<MessageRow, 'id' | 'content' | 'reasoning' | 'toolCalls' | 'updatedAt'>,
  never
>((db, p) =>
  db
    .updateTable('messages')
    .set({ content: p.content, reasoning: p.reasoning, toolCalls: p.toolCalls, updatedAt: p.updatedAt })
    .where('id', '=', p.id),
);
const messageFinal = prepareQuery<
  Pick<MessageRow, 'id' | 'content' | 'reasoning' | 'status' | 'error' | 'updatedAt'>,
  never
>((db, p) =>
  db
    .updateTable('messages')
    .set({ content: p.content, reasoning: p.reasoning, status: p.status, error: p.error, updatedAt: p.updatedAt })
    .where('id', '=', p.id),
);
const messageFinalWithTools = prepareQuery<
  Pick<MessageRow, 'id' | 'content' | 'reasoning' | 'status' | 'error' | 'toolCalls' | 'updatedAt'>,
  never
>((db, p) =>
  db
    .updateTable('messages')
    .set({
      content: p.content,
      reasoning: p.reasoning,
      status: p.status,
      error: p.error,
      toolCalls: p.toolCalls,
      updatedAt: p.updatedAt,
    })
    .where('id', '=', p.id),
);

/** One conversation of one user, or undefined (another user's counts as missing). */
export async function findConversation(db: Db, userId: string, id: string): Promise<StoredConversation | undefined> {
  const row = await conversationById.first(db, { id, userId });
  return row ? toConversation(row) : undefined;
}

/** Position in the list (pinned first, then newest first): the last item of a page. */
export type ListPosition = { pinned: boolean; updatedAt: string; id: string };

/**
 * One page of a user's conversations — the archived ones or the others — pinned first, then
 * newest first. Walks the index (user_id, archived, pinned, updated_at, id) from a row-value
 * position, so any page costs the same; conversation columns only, never message text.
 */
export async function listConversations(
  db: Db,
  userId: string,
  options: { limit: number; archived: boolean; after?: ListPosition | undefined },
): Promise<StoredConversation[]> {
  let query = db
    .selectFrom('conversations')
    .selectAll()
    .where('userId', '=', userId)
    .where('archived', '=', options.archived ? 1 : 0);
  const after = options.after;
  if (after) {
    query = query.where((eb) =>
      eb(
        eb.refTuple('pinned', 'updatedAt', 'id'),
        '<',
        eb.tuple<Flag, string, string>(after.pinned ? 1 : 0, after.updatedAt, after.id),
      ),
    );
  }
  const rows = await query
    .orderBy('pinned', 'desc')
    .orderBy('updatedAt', 'desc')
    .orderBy('id', 'desc')
    .limit(options.limit)
    .execute();
  return rows.map(toConversation);
}

/** The user's conversations among `ids` (others' are left out), in no particular order. */
export async function findConversations(db: Db, userId: string, ids: readonly string[]): Promise<StoredConversation[]> {
  if (ids.length === 0) return [];
  // By primary key, the owner checked on the rows: a WHERE on user_id could tempt the planner
  // into walking all of the user's conversations instead of looking up a page's worth.
  const rows = await db.selectFrom('conversations').selectAll().where('id', 'in', ids).execute();
  return rows.filter((r) => r.userId === userId).map(toConversation);
}

/**
 * The text and conversation of the messages among `ids`, by id. By primary key only (a join on
 * the owner can lead the planner through all of a user's messages): the caller checks that each
 * conversation is the user's.
 */
export async function messageTexts(
  db: Db,
  ids: readonly string[],
): Promise<Map<string, { conversationId: string; content: string }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('messages')
    .select(['id', 'conversationId', 'content'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, { conversationId: r.conversationId, content: r.content }]));
}

/**
 * The plain scan that full-text search replaces (the fallback where no index exists yet, and the
 * benchmark's baseline): the user's newest messages and titles containing every pattern
 * (lower-cased LIKE patterns), at most `limit` of each. No ranking, no diacritic folding.
 */
export async function likeScan(
  db: Db,
  userId: string,
  patterns: readonly string[],
  limit: number,
): Promise<{ messages: { conversationId: string; messageId: string }[]; titles: string[] }> {
  const like = (column: string) => (p: string) => sql<boolean>`lower(${sql.ref(column)}) like ${p} escape '\\'`;
  const messages = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversationId')
    .select(['messages.conversationId', 'messages.id as messageId'])
    .where('conversations.userId', '=', userId)
    .where('messages.status', '!=', 'streaming')
    .where((eb) => eb.and(patterns.map(like('messages.content'))))
    .orderBy('messages.id', 'desc')
    .limit(limit)
    .execute();
  const titles = await db
    .selectFrom('conversations')
    .select('id')
    .where('userId', '=', userId)
    .where((eb) => eb.and(patterns.map(like('title'))))
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return { messages, titles: titles.map((t) => t.id) };
}

/** A conversation as its table row. */
function conversationRow(c: StoredConversation): Insertable<ConversationsTable> {
  return {
    id: c.id,
    userId: c.userId,
    title: c.title,
    titleByUser: c.titleByUser ? 1 : 0,
    taskId: c.taskId,
    model: c.model,
    pinned: c.pinned ? 1 : 0,
    archived: c.archived ? 1 : 0,
    activeLeafId: c.activeLeafId,
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    importedAt: c.importedAt ?? null,
  };
}

/** Inserts a conversation. */
export async function insertConversation(db: Db, c: StoredConversation): Promise<void> {
  await db.insertInto('conversations').values(conversationRow(c)).execute();
}

/** The columns a change to a conversation may set. */
export type ConversationChange = Partial<{
  title: string;
  titleByUser: boolean;
  taskId: string;
  model: string | null;
  pinned: boolean;
  archived: boolean;
  activeLeafId: string | null;
  updatedAt: string;
}>;

type ConversationColumns = Partial<Omit<ConversationRow, 'id' | 'userId' | 'createdAt'>>;

/** One prepared UPDATE per set of changed columns (a handful in practice: each caller has its own). */
const conversationUpdates = new Map<string, PreparedQuery<ConversationColumns & { id: string }, never>>();

function conversationUpdate(columns: readonly (keyof ConversationColumns)[]) {
  const key = columns.join(',');
  let prepared = conversationUpdates.get(key);
  if (!prepared) {
    prepared = prepareQuery<ConversationColumns & { id: string }, never>((db, p) =>
      db
        .updateTable('conversations')
        .set(Object.fromEntries(columns.map((c) => [c, p[c]])))
        .where('id', '=', p.id),
    );
    conversationUpdates.set(key, prepared);
  }
  return prepared;
}

/** Updates one conversation's columns (those of `change` that are not undefined). */
export async function updateConversation(db: Db, id: string, change: ConversationChange): Promise<void> {
  const { titleByUser, pinned, archived, ...rest } = change;
  const columns: ConversationColumns = {
    ...rest,
    ...(titleByUser === undefined ? {} : { titleByUser: titleByUser ? 1 : 0 }),
    ...(pinned === undefined ? {} : { pinned: pinned ? 1 : 0 }),
    ...(archived === undefined ? {} : { archived: archived ? 1 : 0 }),
  };
  const names = (Object.keys(columns) as (keyof ConversationColumns)[]).filter((c) => columns[c] !== undefined).sort();
  if (names.length === 0) return;
  await conversationUpdate(names).run(db, { ...columns, id });
}

/** Deletes a conversation and its messages (messages first: portable without relying on cascade). */
export async function deleteConversation(db: Db, id: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('messages').where('conversationId', '=', id).execute();
    await trx.deleteFrom('conversations').where('id', '=', id).execute();
  });
}

/** Every message of a conversation, all branches, oldest first (ids are time-ordered). */
export async function listMessages(db: Db, conversationId: string): Promise<Message[]> {
  const rows = await db
    .selectFrom('messages')
    .selectAll()
    .where('conversationId', '=', conversationId)
    .orderBy('id', 'asc')
    .execute();
  return rows.map(toMessage);
}

/** A message as the model sees it: enough to build chat turns. */
export type BranchMessage = Pick<Message, 'id' | 'parentId' | 'role' | 'content' | 'status' | 'toolCalls'>;

type BranchRow = Omit<BranchMessage, 'toolCalls'> & { toolCalls: string | null };

/**
 * The branch ending at `leafId`, root first: only that branch's rows, found by walking parent
 * links in the database (a recursive CTE, on SQLite and PostgreSQL alike).
 */
export async function loadBranch(db: Db, conversationId: string, leafId: string | null): Promise<BranchMessage[]> {
  if (!leafId) return [];
  const rows = await branchTo.rows(db, { leafId, conversationId });
  // In place: the rows are ours, and most have no tool calls (null becomes absent).
  const branch = rows as unknown as BranchMessage[];
  for (let i = 0; i < rows.length; i++) {
    const json = rows[i]!.toolCalls;
    branch[i]!.toolCalls = json ? (JSON.parse(json) as ToolCall[]) : undefined;
  }
  return branch;
}

const branchTo = prepareQuery<{ leafId: string; conversationId: string }, BranchRow>((db, p) =>
  db
    .withRecursive('branch(id, conversationId, parentId, role, content, status, toolCalls, depth)', (qb) =>
      qb
        .selectFrom('messages')
        .select([
          'id',
          'conversationId',
          'parentId',
          'role',
          'content',
          'status',
          'toolCalls',
          sql<number>`0`.as('depth'),
        ])
        .where('id', '=', p.leafId)
        .where('conversationId', '=', p.conversationId)
        .unionAll((q) =>
          q
            .selectFrom('branch as b')
            .innerJoin('messages as m', 'm.id', 'b.parentId')
            .select([
              'm.id',
              'm.conversationId',
              'm.parentId',
              'm.role',
              'm.content',
              'm.status',
              'm.toolCalls',
              sql<number>`b.depth + 1`.as('depth'),
            ])
            // Compared with the row before, not with the constant: against a constant SQLite
            // walks the conversation's index at every step (O(n²): seconds for 5,000 messages)
            // instead of looking the parent up by its key.
            .whereRef('m.conversationId', '=', 'b.conversationId')
            // A corrupt tree with a cycle must not loop forever.
            .where('b.depth', '<', 100_000),
        ),
    )
    .selectFrom('branch')
    .select(['id', 'parentId', 'role', 'content', 'status', 'toolCalls'])
    .orderBy('depth', 'desc'),
);

/** Whether a message belongs to the conversation. */
export async function messageInConversation(db: Db, conversationId: string, messageId: string): Promise<boolean> {
  const row = await db
    .selectFrom('messages')
    .select('id')
    .where('id', '=', messageId)
    .where('conversationId', '=', conversationId)
    .executeTakeFirst();
  return row !== undefined;
}

/** One message with its conversation's owner, or undefined. */
export async function findMessageWithOwner(
  db: Db,
  messageId: string,
): Promise<{ message: Message; userId: string } | undefined> {
  const row = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversationId')
    .selectAll('messages')
    .select('conversations.userId as ownerId')
    .where('messages.id', '=', messageId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { ownerId, ...message } = row;
  return { message: toMessage(message), userId: ownerId };
}

/**
 * Saves a user message and its (empty, streaming) assistant reply in one transaction, and points
 * the conversation at the new leaf.
 */
export async function insertExchange(
  db: Db,
  input: { user: Message; assistant: Message; conversationId: string; change: ConversationChange },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await insertMessage.run(trx, toRow(input.user));
    await insertMessage.run(trx, toRow(input.assistant));
    await updateConversation(trx, input.conversationId, input.change);
  });
}

/** Saves the text streamed so far (called at most every flush interval), and the tool calls so far. */
export async function saveMessageProgress(
  db: Db,
  id: string,
  progress: {
    content: string;
    reasoning: string | null;
    toolCalls: readonly ToolCall[] | undefined;
    updatedAt: string;
  },
): Promise<void> {
  const { content, reasoning, toolCalls, updatedAt } = progress;
  if (toolCalls === undefined) await messageProgress.run(db, { id, content, reasoning, updatedAt });
  else
    await messageProgressWithTools.run(db, { id, content, reasoning, toolCalls: toolCallsJson(toolCalls), updatedAt });
}

/** Saves a message's final state. */
export async function saveMessageFinal(
  db: Db,
  id: string,
  final: {
    content: string;
    reasoning: string | null;
    status: MessageStatus;
    error: MessageError | null;
    toolCalls?: readonly ToolCall[] | undefined;
    updatedAt: string;
  },
): Promise<void> {
  const values = {
    id,
    content: final.content,
    reasoning: final.reasoning,
    status: final.status,
    error: final.error ? JSON.stringify(final.error) : null,
    updatedAt: final.updatedAt,
  };
  if (final.toolCalls === undefined) await messageFinal.run(db, values);
  else await messageFinalWithTools.run(db, { ...values, toolCalls: toolCallsJson(final.toolCalls) });
}

/** Marks every `streaming` message not in `except` as `interrupted`; returns how many. */
export async function interruptStreamingMessages(db: Db, except: string[], updatedAt: string): Promise<number> {
  let query = db.updateTable('messages').set({ status: 'interrupted', updatedAt }).where('status', '=', 'streaming');
  if (except.length > 0) query = query.where('id', 'not in', except);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

// ---- Branches and paging (issue 4) ----

/** Saves new messages (a regenerated reply, or an edit and its reply) and moves the conversation. */
export async function insertMessages(
  db: Db,
  input: { messages: Message[]; conversationId: string; change: ConversationChange },
): Promise<void> {
  const write = async (trx: Db) => {
    for (const message of input.messages) await insertMessage.run(trx, toRow(message));
    await updateConversation(trx, input.conversationId, input.change);
  };
  // Inside the caller's transaction (the write queue's slice) as it is; otherwise its own.
  await (db.isTransaction ? write(db) : db.transaction().execute(write));
}

/** Whether a reply is being written in the conversation (a message saved as `streaming`). */
export async function hasStreamingMessage(db: Db, conversationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('messages')
    .select('id')
    .where('status', '=', 'streaming')
    .where('conversationId', '=', conversationId)
    .executeTakeFirst();
  return row !== undefined;
}

/** One message of a conversation, or undefined. */
export async function findMessage(db: Db, conversationId: string, messageId: string): Promise<Message | undefined> {
  const row = await db
    .selectFrom('messages')
    .selectAll()
    .where('id', '=', messageId)
    .where('conversationId', '=', conversationId)
    .executeTakeFirst();
  return row ? toMessage(row) : undefined;
}

/**
 * Up to `limit` messages of the branch ending at `fromId` (inclusive), walking parent links
 * upwards only as far as the page needs (a recursive CTE bounded by depth): the cost does not
 * grow with the branch's length. Oldest first.
 */
export async function loadBranchPage(
  db: Db,
  conversationId: string,
  fromId: string,
  limit: number,
): Promise<Message[]> {
  const rows = await db
    .withRecursive('page(id, conversationId, parentId, depth)', (qb) =>
      qb
        .selectFrom('messages')
        .select(['id', 'conversationId', 'parentId', sql<number>`0`.as('depth')])
        .where('id', '=', fromId)
        .where('conversationId', '=', conversationId)
        .unionAll((q) =>
          q
            .selectFrom('page as p')
            .innerJoin('messages as m', 'm.id', 'p.parentId')
            .select(['m.id', 'm.conversationId', 'm.parentId', sql<number>`p.depth + 1`.as('depth')])
            // Against the row before, not the constant: see loadBranch.
            .whereRef('m.conversationId', '=', 'p.conversationId')
            .where('p.depth', '<', limit - 1),
        ),
    )
    .selectFrom('page')
    .innerJoin('messages', 'messages.id', 'page.id')
    .selectAll('messages')
    .orderBy('page.depth', 'desc')
    .execute();
  return rows.map(toMessage);
}

/**
 * The children of each given parent (null: the conversation's roots), oldest first — the
 * versions among which the `‹ 2 / 3 ›` switcher picks. Parents with no children are absent.
 */
export async function childrenOf(
  db: Db,
  conversationId: string,
  parentIds: readonly (string | null)[],
): Promise<Map<string | null, string[]>> {
  const ids = [...new Set(parentIds.filter((p): p is string => p !== null))];
  const result = new Map<string | null, string[]>();
  // By parent id alone, so SQLite looks the children up in messages_parent_idx (with a
  // `conversation_id = ?` it scans the whole conversation instead); rows of another
  // conversation (none, as parents and children always share one) are dropped below.
  const children =
    ids.length === 0
      ? []
      : await db
          .selectFrom('messages')
          .select(['id', 'parentId', 'conversationId'])
          .where('parentId', 'in', ids)
          .execute();
  const roots = parentIds.includes(null)
    ? await db
        .selectFrom('messages')
        .select(['id', 'parentId', 'conversationId'])
        .where('parentId', 'is', null)
        .where('conversationId', '=', conversationId)
        .execute()
    : [];
  const rows = [...children, ...roots]
    .filter((row) => row.conversationId === conversationId)
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const row of rows) {
    const list = result.get(row.parentId);
    if (list) list.push(row.id);
    else result.set(row.parentId, [row.id]);
  }
  return result;
}

/**
 * The newest leaf in the subtree under `messageId` (itself when it has no children): where the
 * screen goes when the user picks that version of a message. Undefined when the message is not
 * in the conversation.
 */
export async function newestLeafUnder(db: Db, conversationId: string, messageId: string): Promise<string | undefined> {
  const row = await db
    .withRecursive('sub(id, conversationId, depth)', (qb) =>
      qb
        .selectFrom('messages')
        .select(['id', 'conversationId', sql<number>`0`.as('depth')])
        .where('id', '=', messageId)
        .where('conversationId', '=', conversationId)
        .unionAll((q) =>
          q
            .selectFrom('sub as s')
            .innerJoin('messages as m', 'm.parentId', 's.id')
            .select(['m.id', 'm.conversationId', sql<number>`s.depth + 1`.as('depth')])
            // Against the row before, not the constant: see loadBranch.
            .whereRef('m.conversationId', '=', 's.conversationId')
            // A corrupt tree with a cycle must not loop forever.
            .where('s.depth', '<', 100_000),
        ),
    )
    .selectFrom('sub')
    .select('sub.id')
    .where((eb) =>
      eb.not(
        eb.exists(
          eb
            .selectFrom('messages as c')
            .select('c.id')
            .whereRef('c.parentId', '=', 'sub.id')
            .where('c.conversationId', '=', conversationId),
        ),
      ),
    )
    .orderBy('sub.id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** How many conversations and messages a user has (what deleting the account takes); no content. */
export async function countUserContent(db: Db, userId: string): Promise<{ conversations: number; messages: number }> {
  const [conversations, messages] = await Promise.all([
    db
      .selectFrom('conversations')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('userId', '=', userId)
      .executeTakeFirstOrThrow(),
    db
      .selectFrom('messages')
      .innerJoin('conversations', 'conversations.id', 'messages.conversationId')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('conversations.userId', '=', userId)
      .executeTakeFirstOrThrow(),
  ]);
  return { conversations: Number(conversations.n), messages: Number(messages.n) };
}

/**
 * Sets a generated title unless the user has named the conversation: the check is part of the
 * UPDATE itself, so a rename that lands first always wins. Returns whether the title changed.
 */
export async function setGeneratedTitle(db: Db, id: string, title: string): Promise<boolean> {
  const result = await db
    .updateTable('conversations')
    .set({ title })
    .where('id', '=', id)
    .where('titleByUser', '=', 0)
    .where('title', '!=', title)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---- Export and import (issue 4) ----

/** Every conversation of a user (archived too), oldest first: what "download all my data" holds. */
export async function listAllConversations(db: Db, userId: string): Promise<StoredConversation[]> {
  const rows = await db
    .selectFrom('conversations')
    .selectAll()
    .where('userId', '=', userId)
    .orderBy('id', 'asc')
    .execute();
  return rows.map(toConversation);
}

/** Rows per INSERT: one statement shape for full batches and one for single rows, so the statement cache stays small. */
const IMPORT_BATCH = 100;

/** Inserts rows in batches of IMPORT_BATCH, the rest one by one. */
async function insertInBatches<T>(rows: readonly T[], insert: (batch: T[]) => Promise<unknown>): Promise<void> {
  let i = 0;
  for (; i + IMPORT_BATCH <= rows.length; i += IMPORT_BATCH) await insert(rows.slice(i, i + IMPORT_BATCH));
  for (; i < rows.length; i++) await insert([rows[i]!]);
}

/**
 * Saves imported conversations and their messages (each after its parent) in ONE transaction:
 * a failure anywhere leaves nothing behind. The search index follows through its triggers.
 */
export async function insertImported(
  db: Db,
  items: readonly { conversation: StoredConversation; messages: readonly Message[] }[],
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await insertInBatches(items, (batch) =>
      trx
        .insertInto('conversations')
        .values(batch.map(({ conversation }) => conversationRow(conversation)))
        .execute(),
    );
    await insertInBatches(
      items.flatMap((item) => item.messages),
      (batch) => trx.insertInto('messages').values(batch.map(toRow)).execute(),
    );
  });
}

// ---- Clearing a user's conversations (`hearth messages clear`) ----

/**
 * The ids of a user's conversations last active before `before` (an ISO time; undefined: all of
 * them), with how many messages they hold.
 */
export async function userConversationsBefore(
  db: Db,
  userId: string,
  before: string | undefined,
): Promise<{ ids: string[]; messages: number }> {
  let query = db.selectFrom('conversations').select('id').where('userId', '=', userId);
  if (before !== undefined) query = query.where('updatedAt', '<', before);
  const ids = (await query.orderBy('id', 'asc').execute()).map((r) => r.id);
  let messages = 0;
  // In slices: SQLite caps the number of bound parameters of one statement.
  for (let i = 0; i < ids.length; i += 500) {
    const row = await db
      .selectFrom('messages')
      .select((eb) => eb.fn.countAll<number | string>().as('n'))
      .where('conversationId', 'in', ids.slice(i, i + 500))
      .executeTakeFirstOrThrow();
    messages += Number(row.n);
  }
  return { ids, messages };
}

/** Whether the conversation has any message (its task is then fixed). */
export async function hasMessages(db: Db, conversationId: string): Promise<boolean> {
  const row = await db
    .selectFrom('messages')
    .select('id')
    .where('conversationId', '=', conversationId)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * When a user wrote to the assistant since `since` (ISO): the times of their own messages, no
 * content. Family safety's time-of-day chart counts these.
 */
export async function userMessageTimes(db: Db, userId: string, since: string): Promise<string[]> {
  const rows = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversationId')
    .select('messages.createdAt')
    .where('conversations.userId', '=', userId)
    .where('messages.role', '=', 'user')
    .where('messages.createdAt', '>=', since)
    .execute();
  return rows.map((r) => r.createdAt);
}

/**
 * Whether the user has had a complete assistant reply in a chat made here (an imported chat does
 * not count): the first-run guide's "send a first message" step.
 */
export async function hasCompleteReply(db: Db, userId: string): Promise<boolean> {
  const row = await db
    .selectFrom('messages')
    .innerJoin('conversations', 'conversations.id', 'messages.conversationId')
    .select('messages.id')
    .where('conversations.userId', '=', userId)
    .where('conversations.importedAt', 'is', null)
    .where('messages.role', '=', 'assistant')
    .where('messages.status', '=', 'complete')
    .executeTakeFirst();
  return row !== undefined;
}
