/** AI conversations and their messages (a tree: each message has a parentId). */
import { z } from 'zod';
import { page } from './pagination';

/**
 * The title the server gives a conversation nobody named yet. Clients show their own words for it
 * ("Neuer Chat" in German).
 */
export const DEFAULT_TITLE = 'New chat';

export const MessageRole = z.enum(['user', 'assistant', 'system']);
export type MessageRole = z.infer<typeof MessageRole>;

export const MessageStatus = z.enum(['complete', 'streaming', 'stopped', 'interrupted', 'error', 'blocked']);
export type MessageStatus = z.infer<typeof MessageStatus>;

export const MessageError = z.object({
  code: z.string(),
  message: z.string().describe('What went wrong, in plain words (to a member: whom to tell)'),
  detail: z
    .string()
    .optional()
    .describe(
      'The technical detail (model server, address, HTTP status, its message): admins only, never sent to a member',
    ),
  category: z
    .string()
    .optional()
    .describe('A `blocked` reply (code content_blocked): what the family-safety filter found (a FlagCategory)'),
});
export type MessageError = z.infer<typeof MessageError>;

/** Why a tool call was refused (bad arguments, an unknown tool, the tool said no…). */
export const ToolRefusal = z.object({
  code: z.string().describe('Stable reason, e.g. `bad_arguments`, `unknown_tool`, `tool_failed`, `stopped`'),
  message: z.string().describe('What went wrong, in plain words (the model is told it too)'),
});
export type ToolRefusal = z.infer<typeof ToolRefusal>;

/** One tool call of an assistant reply. Tool turns are not messages: they are rebuilt from these. */
export const ToolCall = z.object({
  id: z.string().describe('The call id the model server gave (or Hearth made up)'),
  name: z.string().describe('The tool the model called'),
  arguments: z
    .union([z.record(z.string(), z.unknown()), z.string()])
    .describe(
      'The arguments object; the raw text when the model wrote something that is not a JSON object (then `refused` says so)',
    ),
  result: z.unknown().optional().describe('What the tool answered (absent while it runs, or when refused)'),
  refused: ToolRefusal.optional().describe('Set when the call was not carried out'),
});
export type ToolCall = z.infer<typeof ToolCall>;

export const Message = z.object({
  id: z.string(),
  conversationId: z.string(),
  parentId: z.string().nullable(),
  role: MessageRole,
  content: z.string().describe('The answer text, without any reasoning'),
  reasoning: z.string().optional().describe("A reasoning model's thinking, shown apart"),
  status: MessageStatus,
  model: z.string().optional().describe('Model id that wrote an assistant message'),
  error: MessageError.optional(),
  toolCalls: z
    .array(ToolCall)
    .optional()
    .describe('Assistant replies that used tools: every call, in the order the model made them'),
  contextStartId: z
    .string()
    .optional()
    .describe(
      "Assistant replies only: the first message of the branch the model saw when writing this reply; the ones before it were beyond its context window. Absent when it saw them all (or it is not known: only the newest reply's is sent)",
    ),
  contextCutId: z
    .string()
    .optional()
    .describe(
      'Assistant replies only: a message the model saw only in part (its middle left out): alone it was too long for the context window',
    ),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Message = z.infer<typeof Message>;

/** A highlighted stretch of a search snippet: `snippet.slice(start, end)`. */
export const SnippetRange = z.object({
  start: z.number().int().min(0),
  end: z.number().int().min(0),
});
export type SnippetRange = z.infer<typeof SnippetRange>;

export const Conversation = z.object({
  id: z.string(),
  title: z.string(),
  taskId: z.string(),
  model: z.string().nullable(),
  pinned: z.boolean().describe('Pinned conversations come first in the list'),
  archived: z.boolean().describe('Archived conversations leave the list (see `?archived=true`) but stay searchable'),
  activeLeafId: z.string().nullable().describe('The branch on screen; the model sees it'),
  createdAt: z.string(),
  updatedAt: z.string(),
  importedAt: z.string().optional().describe('When it was imported from an export file (absent: made here)'),
  snippet: z
    .string()
    .optional()
    .describe('Search results only: plain text around the match (never HTML); see `snippetHighlights`'),
  snippetHighlights: z
    .array(SnippetRange)
    .optional()
    .describe('Search results only: the matched words in `snippet`, as UTF-16 offsets, in order, not overlapping'),
  matchMessageId: z
    .string()
    .optional()
    .describe('Search results only: the message that matched best (absent when only the title matched)'),
});
export type Conversation = z.infer<typeof Conversation>;

export const ConversationPage = page(Conversation);
export type ConversationPage = z.infer<typeof ConversationPage>;

export const ConversationDetail = z.object({
  conversation: Conversation,
  messages: z
    .array(Message)
    .describe(
      'Without `limit`: every message of every branch. With `limit`: one page of the active branch, oldest first',
    ),
  activeLeafId: z.string().nullable(),
  hasMore: z
    .boolean()
    .optional()
    .describe('Paged replies only: older messages of the active branch exist (fetch them with `before`)'),
  siblings: z
    .record(z.string(), z.array(z.string()))
    .optional()
    .describe(
      'Paged replies only: for each message on the page that has siblings (other versions: edits, regenerated ' +
        'replies), the ids of all versions, oldest first, itself included. A message not listed has no siblings.',
    ),
});
export type ConversationDetail = z.infer<typeof ConversationDetail>;

/** `GET /api/conversations/:id` query: without `limit` every branch; with it, a page of the active branch. */
export const ConversationDetailQuery = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(200)
    .optional()
    .describe('Page the active branch from the newest message backwards, this many messages per page'),
  before: z
    .string()
    .max(64)
    .optional()
    .describe('Message id: the page of the active branch just before (older than) this message; implies limit=50'),
});
export type ConversationDetailQuery = z.infer<typeof ConversationDetailQuery>;

const Title = z.string().trim().min(1, 'must not be empty').max(200, 'must be at most 200 characters');
const ModelId = z.string().min(1).max(512);

export const CreateConversationBody = z.object({
  title: Title.optional(),
  taskId: z.string().max(64).optional(),
  model: ModelId.optional(),
});
export type CreateConversationBody = z.infer<typeof CreateConversationBody>;

export const PatchConversationBody = z
  .object({
    title: Title.optional(),
    pinned: z.boolean().optional(),
    archived: z.boolean().optional().describe('Archive (leaves the list, stays searchable) or bring back'),
    model: ModelId.nullable().optional(),
    taskId: z.string().max(64).optional(),
    activeLeafId: z.string().max(64).optional(),
    activeBranchAt: z
      .string()
      .max(64)
      .optional()
      .describe('Switch to the version of a message the user picked: the active leaf becomes the newest leaf under it'),
  })
  .refine((b) => Object.keys(b).length > 0, { message: 'nothing to change' })
  .refine((b) => b.activeLeafId === undefined || b.activeBranchAt === undefined, {
    message: 'give activeLeafId or activeBranchAt, not both',
    path: ['activeBranchAt'],
  });
export type PatchConversationBody = z.infer<typeof PatchConversationBody>;

/** Message length is checked against HEARTH_MAX_MESSAGE_CHARS by the route (413). */
export const SendMessageBody = z.object({
  content: z.string().refine((s) => s.trim().length > 0, 'must not be empty'),
  model: ModelId.optional(),
  stream: z.boolean().default(true),
});
export type SendMessageBody = z.infer<typeof SendMessageBody>;

export const SendMessageReply = z.object({ userMessage: Message, assistantMessage: Message });
export type SendMessageReply = z.infer<typeof SendMessageReply>;

/** `POST /api/messages/:id/regenerate`: a new version of an assistant reply. */
export const RegenerateBody = z.object({
  model: ModelId.optional().describe("Model for the new reply; default: the conversation's"),
  stream: z.boolean().default(true).describe('true: answer text/event-stream; false: JSON once the reply is finished'),
});
export type RegenerateBody = z.infer<typeof RegenerateBody>;

/** The answer of regenerate with `stream: false`. */
export const RegenerateReply = z.object({ assistantMessage: Message });
export type RegenerateReply = z.infer<typeof RegenerateReply>;

/** `POST /api/messages/:id/edit`: a new version of a user message, and its reply. */
export const EditMessageBody = SendMessageBody;
export type EditMessageBody = z.infer<typeof EditMessageBody>;

export const ConversationListQuery = z.object({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().max(512).optional().describe('Opaque cursor from the previous page (of the same query)'),
  q: z
    .string()
    .max(500)
    .optional()
    .describe(
      'Search titles and message text (every word must match, each as a prefix; accents ignored), best ' +
        'match first; includes archived conversations. Plain words only: quotes and operators are ignored.',
    ),
  archived: z
    .stringbool()
    .default(false)
    .describe('Without `q`: true lists the archived conversations instead of the others'),
});
export type ConversationListQuery = z.infer<typeof ConversationListQuery>;
