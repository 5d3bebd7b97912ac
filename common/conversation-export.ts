/**
 * Conversation export and import: the Hearth JSON format (version 1) that
 * `GET /api/conversations/:id/export?format=json` writes and `POST /api/conversations/import`
 * reads back, the export query, and the import reply. The server checks an imported file
 * against these schemas and, beyond them, against its own limits (counts, message length).
 */
import { z } from 'zod';
import { Conversation, MessageRole, MessageStatus, ToolCall, ToolRefusal } from './conversations';

/** The `format` value of a single-conversation Hearth export. */
export const HEARTH_CONVERSATION_FORMAT = 'hearth.conversation';
/** The newest version of the format this code writes and reads. */
export const HEARTH_EXPORT_VERSION = 1;

/** An ISO-8601 time with a zone (`Z` or an offset), as Hearth writes it. */
const Time = z.iso.datetime({ offset: true });
/** Ids in a file only link its messages together; the importer gives every row a new id. */
const FileId = z.string().min(1).max(128);

/** A tool call as a file may hold it: the live contract, with bounds on what a file may claim. */
const ExportedToolCall = ToolCall.extend({
  id: z.string().min(1).max(128),
  name: z.string().max(128),
  refused: ToolRefusal.extend({ code: z.string().max(64), message: z.string().max(2000) }).optional(),
});

/** One message of any branch. `parentId` links the tree (null: the first message). */
export const ExportedMessage = z.object({
  id: FileId.describe("The message's id in the file (a new one is made on import)"),
  parentId: FileId.nullable().describe('The message this one follows; versions of a message share a parent'),
  role: MessageRole,
  content: z.string().describe('The answer or question text, without any reasoning'),
  reasoning: z.string().optional().describe("A reasoning model's thinking, when it was kept"),
  status: MessageStatus.describe('Imported `streaming` messages become `interrupted`'),
  model: z.string().max(512).optional().describe('Model id that wrote an assistant message'),
  error: z.object({ code: z.string().max(64), message: z.string().max(2000) }).optional(),
  toolCalls: z.array(ExportedToolCall).max(64).optional().describe('The tool calls an assistant reply made, in order'),
  createdAt: Time,
  updatedAt: Time.optional(),
});
export type ExportedMessage = z.infer<typeof ExportedMessage>;

/** The conversation's own fields (no owner, nothing secret). */
export const ExportedConversationInfo = z.object({
  id: FileId.optional().describe("The conversation's id where it was exported (not reused on import)"),
  title: z.string().max(200),
  taskId: z.string().max(64).optional().describe('Kept on import when the importing user may use that task'),
  model: z
    .string()
    .max(512)
    .nullable()
    .optional()
    .describe('Kept on import when the importing user may use that model'),
  pinned: z.boolean().default(false),
  archived: z.boolean().default(false),
  activeLeafId: FileId.nullable().describe('The branch on screen: a message id of this file'),
  createdAt: Time,
  updatedAt: Time,
});
export type ExportedConversationInfo = z.infer<typeof ExportedConversationInfo>;

/** A whole conversation, every branch: `GET …/export?format=json`; importable as it is. */
export const HearthConversationExport = z.object({
  format: z.literal(HEARTH_CONVERSATION_FORMAT),
  version: z.literal(HEARTH_EXPORT_VERSION),
  exportedAt: Time,
  conversation: ExportedConversationInfo,
  messages: z.array(ExportedMessage).describe('Every message of every branch, each after its parent'),
});
export type HearthConversationExport = z.infer<typeof HearthConversationExport>;

/** `GET /api/conversations/:id/export` query. */
export const ExportQuery = z.object({
  format: z
    .enum(['markdown', 'json'])
    .describe('markdown: the branch on screen, readable; json: every branch, importable (Hearth format)'),
});
export type ExportQuery = z.infer<typeof ExportQuery>;

/** `POST /api/conversations/import` body: a file's parsed JSON, whose format is detected. */
export const ImportBody = z
  .unknown()
  .describe(
    'The content of an export file: a Hearth conversation (`{"format": "hearth.conversation", …}`), a list of ' +
      'them, a ChatGPT `conversations.json` (a list of conversations with `mapping` and `current_node`), or a ' +
      'Claude.ai `conversations.json` (a list with `chat_messages`).',
  );

/** `POST /api/conversations/import` → 201: the new conversations, in the file's order. */
export const ImportReply = z.object({ items: z.array(Conversation) });
export type ImportReply = z.infer<typeof ImportReply>;
