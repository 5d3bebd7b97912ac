/**
 * A conversation in Hearth's JSON export format (common/conversation-export.ts): every message
 * of every branch and the branch on screen — what importing it back needs, and nothing of the
 * server's own (no owner, no flags, nothing secret).
 */
import {
  HEARTH_CONVERSATION_FORMAT,
  HEARTH_EXPORT_VERSION,
  type ExportedMessage,
  type HearthConversationExport,
} from '#common/conversation-export';
import type { Conversation, Message } from '#common/conversations';

/** One message as exported: its conversation is the file, the context markers are not kept. */
function exportedMessage(m: Message): ExportedMessage {
  const out: ExportedMessage = {
    id: m.id,
    parentId: m.parentId,
    role: m.role,
    content: m.content,
    status: m.status,
    createdAt: m.createdAt,
    updatedAt: m.updatedAt,
  };
  if (m.reasoning) out.reasoning = m.reasoning;
  if (m.model) out.model = m.model;
  if (m.error) out.error = { code: m.error.code, message: m.error.message };
  if (m.toolCalls?.length) out.toolCalls = m.toolCalls;
  return out;
}

/** The export of `conversation` with `messages` (all branches, each after its parent: id order). */
export function conversationJson(
  conversation: Conversation,
  messages: readonly Message[],
  exportedAt: string,
): HearthConversationExport {
  return {
    format: HEARTH_CONVERSATION_FORMAT,
    version: HEARTH_EXPORT_VERSION,
    exportedAt,
    conversation: {
      id: conversation.id,
      title: conversation.title,
      taskId: conversation.taskId,
      model: conversation.model,
      pinned: conversation.pinned,
      archived: conversation.archived,
      activeLeafId: conversation.activeLeafId,
      createdAt: conversation.createdAt,
      updatedAt: conversation.updatedAt,
    },
    messages: messages.map(exportedMessage),
  };
}

/** The file's text: indented, so it reads (and diffs) well. */
export const conversationJsonText = (data: HearthConversationExport): string => `${JSON.stringify(data, null, 2)}\n`;
