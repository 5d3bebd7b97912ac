/**
 * `POST /api/conversations/import`: finds out what kind of export a file is (Hearth's own,
 * ChatGPT's or Claude.ai's `conversations.json`), reads it whole, checks every limit, and saves
 * all of its conversations in one transaction — a file with any problem imports nothing. Ids
 * from the file only link its messages: every saved row gets a new id, owned by the caller.
 */
import { DEFAULT_TITLE, type Conversation, type Message } from '#common/conversations';
import type { User } from '#common/auth';
import type { AppContext } from '#server/context';
import { newId } from '#server/db/ids';
import { isModelAllowed } from '#server/accounts/permissions';
import { defaultTaskFor, isTaskUsable } from '#server/tasks/registry';
import { importInvalid, importTooLarge, importUnrecognized, importUnsupported } from './import-errors';
import { isChatGptConversation, readChatGpt } from './import-chatgpt';
import { isClaudeConversation, readClaude } from './import-claude';
import { isHearthConversation, readHearthConversation, readHearthList } from './import-hearth';
import { checkLimit, MAX_CONVERSATIONS, MAX_MESSAGES } from './import-limits';
import type { ImportedConversation } from './import-tree';
import { announceUpdated } from './service';
import * as store from './store';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const NOT_AN_EXPORT =
  'This is not an export Hearth can import. Choose a Hearth conversation export (.json), or the ' +
  'conversations.json from a ChatGPT or Claude.ai data export.';

/** Reads every conversation of a file, whatever its kind; throws an import_* error for a bad one. */
export function readImportFile(body: unknown): ImportedConversation[] {
  if (isObject(body)) {
    if (isHearthConversation(body)) return [readHearthConversation(body, '')];
    if (typeof body.format === 'string' && body.format.startsWith('hearth.')) {
      throw importUnsupported(
        `A Hearth "${body.format.slice(0, 40)}" file cannot be imported: export the conversation as JSON and import that.`,
      );
    }
    if (isChatGptConversation(body)) return readChatGpt([body]);
    if (isClaudeConversation(body)) return readClaude([body]);
    throw importUnrecognized(NOT_AN_EXPORT);
  }
  if (!Array.isArray(body)) throw importUnrecognized(NOT_AN_EXPORT);
  if (body.length === 0) throw importInvalid('', 'it holds no conversations');
  checkLimit(body.length, MAX_CONVERSATIONS, '', 'conversations');
  const first: unknown = body[0];
  if (isHearthConversation(first)) return readHearthList(body);
  if (isChatGptConversation(first)) return readChatGpt(body);
  if (isClaudeConversation(first)) return readClaude(body);
  throw importUnrecognized(NOT_AN_EXPORT);
}

/** Refuses messages longer than a message may be (HEARTH_MAX_MESSAGE_CHARS), naming where. */
function checkSizes(ctx: AppContext, conversations: readonly ImportedConversation[]): void {
  const max = ctx.config.maxMessageChars;
  let total = 0;
  for (const c of conversations) {
    total += c.messages.length;
    for (const m of c.messages) {
      for (const [field, text] of [
        ['content', m.content],
        ['reasoning', m.reasoning ?? ''],
      ] as const) {
        if (text.length <= max) continue;
        const title = c.title.length > 60 ? `${c.title.slice(0, 60)}…` : c.title;
        const where = `${m.path}.${field}`;
        throw importTooLarge(
          `In "${title}", a message (at ${where}) is ${text.length} characters long; a message may have at most ${max}. Nothing was imported.`,
          where,
        );
      }
    }
  }
  checkLimit(total, MAX_MESSAGES, '', 'messages');
}

/** Memoises an async check per key (a file names the same task or model many times). */
function memo(check: (key: string) => Promise<boolean>): (key: string) => Promise<boolean> {
  const seen = new Map<string, Promise<boolean>>();
  return (key) => {
    let result = seen.get(key);
    if (!result) seen.set(key, (result = check(key)));
    return result;
  };
}

/** Rows for one conversation: new ids made in insertion order, so the tree sorts as in the file. */
function toRows(c: ImportedConversation, owner: { userId: string; taskId: string; model: string | null }) {
  const conversationId = newId();
  const ids = new Map<string, string>();
  const messages = c.messages.map((m): Message => {
    const id = newId();
    ids.set(m.key, id);
    const message: Message = {
      id,
      conversationId,
      parentId: m.parentKey === null ? null : ids.get(m.parentKey)!,
      role: m.role,
      content: m.content,
      status: m.status === 'streaming' ? 'interrupted' : m.status,
      createdAt: m.createdAt,
      updatedAt: m.updatedAt,
    };
    if (m.reasoning) message.reasoning = m.reasoning;
    if (m.model) message.model = m.model;
    if (m.error) message.error = m.error;
    if (m.toolCalls) message.toolCalls = m.toolCalls;
    return message;
  });
  const conversation: store.StoredConversation = {
    id: conversationId,
    userId: owner.userId,
    title: c.title,
    // An imported title is the user's own: a generated title never replaces it (an untitled
    // "New chat" still gets one from its first message, as a new conversation would).
    titleByUser: c.title !== DEFAULT_TITLE,
    taskId: owner.taskId,
    model: owner.model,
    pinned: c.pinned,
    archived: c.archived,
    activeLeafId: c.activeLeafKey === null ? null : (ids.get(c.activeLeafKey) ?? null),
    createdAt: c.createdAt,
    updatedAt: c.updatedAt,
    importedAt: new Date().toISOString(),
  };
  return { conversation, messages };
}

/**
 * Imports a file's conversations for `user`, all or nothing; returns them in the file's order.
 * A task or model the user may not use is replaced by their default.
 */
export async function importConversations(ctx: AppContext, user: User, body: unknown): Promise<Conversation[]> {
  const conversations = readImportFile(body);
  checkSizes(ctx, conversations);
  const defaultTask = await defaultTaskFor(ctx, user.id);
  const taskUsable = memo((taskId) => isTaskUsable(ctx, user.id, taskId));
  const modelAllowed = memo((model) => isModelAllowed(ctx, user.id, model));
  const rows: ReturnType<typeof toRows>[] = [];
  for (const c of conversations) {
    const taskId = c.taskId && (await taskUsable(c.taskId)) ? c.taskId : defaultTask;
    const model = c.model && (await modelAllowed(c.model)) ? c.model : null;
    rows.push(toRows(c, { userId: user.id, taskId, model }));
  }
  await store.insertImported(ctx.db, rows);
  for (const { conversation } of rows) announceUpdated(ctx, user.id, conversation.id);
  return rows.map(({ conversation }) => store.publicConversation(conversation));
}
