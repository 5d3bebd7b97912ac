/**
 * Reads Hearth's own export format (common/conversation-export.ts): one conversation, or a list
 * of them, with every branch and the branch that was on screen.
 */
import {
  HEARTH_CONVERSATION_FORMAT,
  HEARTH_EXPORT_VERSION,
  HearthConversationExport,
} from '#common/conversation-export';
import { DEFAULT_TITLE } from '#common/conversations';
import { importInvalid, importUnsupported, joinPath, parseOrRefuse } from './import-errors';
import { checkLimit, countOf, MAX_MESSAGES_PER_CONVERSATION } from './import-limits';
import { fileTime, insertOrder, newestLeaf, type ImportedConversation, type ImportedMessage } from './import-tree';

/** Whether a parsed JSON value looks like a Hearth conversation export (of any version). */
export function isHearthConversation(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as { format?: unknown }).format === HEARTH_CONVERSATION_FORMAT
  );
}

/** Refuses a file written by a newer Hearth with a message that says so. */
function checkVersion(value: unknown, path: string): void {
  const version = (value as { version?: unknown }).version;
  if (typeof version === 'number' && version > HEARTH_EXPORT_VERSION) {
    throw importUnsupported(
      `${path ? `The conversation at ${path}` : 'This file'} was exported by a newer Hearth (format version ${version}); ` +
        `this one reads version ${HEARTH_EXPORT_VERSION}. Update Hearth, then import it again.`,
    );
  }
}

/**
 * Tool calls are stored as JSON text: arguments and results nested deeper than that can be
 * written (a hostile file) are refused here, naming where, rather than failing the save.
 */
function checkStorable(value: unknown, path: string): void {
  try {
    JSON.stringify(value);
  } catch {
    throw importInvalid(path, 'is nested too deeply to be kept');
  }
}

/** One Hearth conversation export at `path` (`''` for a file holding just one). */
export function readHearthConversation(value: unknown, path: string): ImportedConversation {
  checkVersion(value, path);
  checkLimit(
    countOf((value as { messages?: unknown }).messages),
    MAX_MESSAGES_PER_CONVERSATION,
    joinPath(path, 'messages'),
    'messages',
  );
  const file = parseOrRefuse(HearthConversationExport, value, path);
  const c = file.conversation;
  const read = file.messages.map((m, i): ImportedMessage => {
    const at = joinPath(path, `messages[${i}]`);
    const createdAt = fileTime(m.createdAt, joinPath(at, 'createdAt'));
    if (m.toolCalls) checkStorable(m.toolCalls, joinPath(at, 'toolCalls'));
    return {
      key: m.id,
      parentKey: m.parentId,
      role: m.role,
      content: m.content,
      reasoning: m.reasoning || undefined,
      // A reply that was being written when the file was made did not finish.
      status: m.status === 'streaming' ? 'interrupted' : m.status,
      model: m.model || undefined,
      error: m.error,
      toolCalls: m.role === 'assistant' && m.toolCalls?.length ? m.toolCalls : undefined,
      createdAt,
      updatedAt: m.updatedAt ? fileTime(m.updatedAt, joinPath(at, 'updatedAt')) : createdAt,
      path: at,
    };
  });
  const messages = insertOrder(read, { id: 'id', parent: 'parentId' });
  if (c.activeLeafId !== null && !messages.some((m) => m.key === c.activeLeafId)) {
    throw importInvalid(joinPath(path, 'conversation.activeLeafId'), 'is not a message of this conversation');
  }
  return {
    title: c.title.trim() || DEFAULT_TITLE,
    taskId: c.taskId,
    model: c.model ?? null,
    pinned: c.pinned,
    archived: c.archived,
    createdAt: fileTime(c.createdAt, joinPath(path, 'conversation.createdAt')),
    updatedAt: fileTime(c.updatedAt, joinPath(path, 'conversation.updatedAt')),
    activeLeafKey: c.activeLeafId ?? newestLeaf(messages),
    messages,
    path,
  };
}

/** A list of Hearth conversation exports (e.g. several files joined into one array). */
export function readHearthList(values: readonly unknown[]): ImportedConversation[] {
  return values.map((value, i) => {
    if (!isHearthConversation(value))
      throw importInvalid(`[${i}]`, 'is not a Hearth conversation export like the others in the list');
    return readHearthConversation(value, `[${i}]`);
  });
}
