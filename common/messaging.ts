/**
 * People chat: rooms, direct rooms, their messages, people and presence (API.md "People chat").
 * The WebSocket events of people chat are in events.ts, built from the schemas here.
 */
import { z } from 'zod';
import { ToolCall } from './conversations';
import { Conversation, SnippetRange } from './conversations';

/** Longest room message, in characters (markdown source). */
export const MAX_ROOM_MESSAGE_CHARS = 10_000;
/** Longest room name and description. */
export const MAX_ROOM_NAME_CHARS = 80;
export const MAX_ROOM_DESCRIPTION_CHARS = 500;
/** Members a room may be created with at once (a household is small; this only bounds a body). */
export const MAX_ROOM_MEMBERS = 200;
/** Files one message may carry. */
export const MAX_ATTACHMENTS = 10;
/** The reply quote's text is cut to this many characters. */
export const REPLY_QUOTE_CHARS = 200;

// `v` flag and \p{RGI_Emoji}: exactly the emoji a keyboard can type (with skin tones, flags, ZWJ
// sequences); built with the constructor because the TypeScript target predates the flag.
const ONE_EMOJI = new RegExp('^\\p{RGI_Emoji}$', 'v');

/** Whether `text` is one real emoji (👍, 👍🏽, 🇫🇷, 👨‍👩‍👧), not any string. */
export function isEmoji(text: string): boolean {
  return text.length <= 32 && ONE_EMOJI.test(text);
}

export const Presence = z.enum(['online', 'away', 'offline']);
export type Presence = z.infer<typeof Presence>;

/** Someone the caller may message. */
export const Person = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  presence: Presence.describe(
    'online: a socket open and active recently; away: no input for 5 minutes; offline: no socket',
  ),
  lastSeenAt: z.string().optional().describe('When they were last connected (offline people)'),
});
export type Person = z.infer<typeof Person>;

/** GET /api/people */
export const PeopleList = z.object({ items: z.array(Person) });
export type PeopleList = z.infer<typeof PeopleList>;

/** A person as a message or room shows them. */
export const PersonRef = z.object({ id: z.string(), username: z.string(), displayName: z.string() });
export type PersonRef = z.infer<typeof PersonRef>;

export const RoomKind = z.enum(['room', 'direct']);
export type RoomKind = z.infer<typeof RoomKind>;

export const RoomMember = PersonRef.extend({ role: z.enum(['owner', 'member']) });
export type RoomMember = z.infer<typeof RoomMember>;

/** A file posted in a room (or uploaded, waiting to be posted). */
export const Attachment = z.object({
  id: z.string(),
  name: z.string().describe('The file name as uploaded'),
  type: z.string().describe('Its media type, e.g. image/png'),
  size: z.number().int().nonnegative().describe('Bytes'),
});
export type Attachment = z.infer<typeof Attachment>;

export const Reaction = z.object({
  emoji: z.string(),
  userIds: z.array(z.string()).describe('Who reacted with it, first reaction first'),
});
export type Reaction = z.infer<typeof Reaction>;

/** The quoted message above a reply. */
export const ReplyQuote = z.object({
  id: z.string(),
  sender: PersonRef.nullable().describe('null: a former member, or the assistant'),
  text: z.string().describe(`The start of its text (at most ${REPLY_QUOTE_CHARS} characters); empty when deleted`),
  deleted: z.boolean().optional().describe('The quoted message was deleted'),
});
export type ReplyQuote = z.infer<typeof ReplyQuote>;

export const RoomMessageStatus = z.enum(['streaming', 'complete', 'stopped', 'error', 'blocked']);
export type RoomMessageStatus = z.infer<typeof RoomMessageStatus>;

export const RoomMessage = z.object({
  id: z.string(),
  roomId: z.string(),
  seq: z.number().int().describe("The room's sequence number when it was posted"),
  updatedSeq: z.number().int().describe('The room sequence number of its last change (edit, deletion, reaction)'),
  kind: z.enum(['person', 'assistant']),
  sender: PersonRef.nullable().describe('null: a deleted account ("former member"), or the assistant'),
  text: z.string().describe('Markdown; empty when deleted'),
  replyTo: ReplyQuote.optional(),
  mentions: z.array(z.string()).describe('User ids @mentioned (members of the room only)'),
  reactions: z.array(Reaction),
  attachments: z.array(Attachment),
  status: RoomMessageStatus.optional().describe('Assistant replies only'),
  toolCalls: z.array(ToolCall).optional().describe('Assistant replies that used tools'),
  askedBy: z.string().optional().describe('Assistant replies: the member whose message asked for it'),
  clientId: z.string().optional().describe('The id the sender gave it (idempotent sends)'),
  createdAt: z.string(),
  editedAt: z.string().optional(),
  deletedAt: z.string().optional().describe('Set on a tombstone'),
});
export type RoomMessage = z.infer<typeof RoomMessage>;

export const Room = z.object({
  id: z.string(),
  kind: RoomKind,
  name: z.string().describe("A direct room's name is the other person's display name"),
  description: z.string(),
  members: z.array(RoomMember),
  unread: z.number().int().nonnegative().describe("Others' messages after the caller's read marker"),
  mentions: z.number().int().nonnegative().describe('Of those, the ones that mention the caller'),
  muted: z.boolean().describe("The caller's own setting"),
  lastSeq: z.number().int().describe("The room's latest sequence number: compare to catch up with ?since="),
  lastReadSeq: z.number().int().describe("The seq of the caller's read marker"),
  lastMessage: RoomMessage.optional(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Room = z.infer<typeof Room>;

export const RoomList = z.object({ items: z.array(Room) });
export type RoomList = z.infer<typeof RoomList>;

const RoomName = z.string().trim().min(1, 'is required').max(MAX_ROOM_NAME_CHARS);
const RoomDescription = z.string().trim().max(MAX_ROOM_DESCRIPTION_CHARS);
const Id = z.string().min(1).max(64);

/** POST /api/rooms */
export const CreateRoomBody = z.object({
  name: RoomName,
  description: RoomDescription.optional(),
  memberIds: z.array(Id).max(MAX_ROOM_MEMBERS).default([]).describe('Others to add; the caller is added as owner'),
});
export type CreateRoomBody = z.infer<typeof CreateRoomBody>;

/** POST /api/rooms/direct */
export const DirectRoomBody = z.object({ userId: Id });
export type DirectRoomBody = z.infer<typeof DirectRoomBody>;

/** PATCH /api/rooms/:id */
export const PatchRoomBody = z.object({
  name: RoomName.optional().describe('Owner only'),
  description: RoomDescription.optional().describe('Owner only'),
  muted: z.boolean().optional().describe("The caller's own"),
});
export type PatchRoomBody = z.infer<typeof PatchRoomBody>;

/** POST /api/rooms/:id/members */
export const AddMemberBody = z.object({ userId: Id });
export type AddMemberBody = z.infer<typeof AddMemberBody>;

/** GET /api/rooms/:id/messages */
export const RoomMessagesQuery = z.object({
  before: Id.optional().describe('History: the page of messages older than this one, newest first'),
  since: z.coerce
    .number()
    .int()
    .min(0)
    .optional()
    .describe('Catch-up: every message changed after this seq, oldest change first, in its current state'),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});
export type RoomMessagesQuery = z.infer<typeof RoomMessagesQuery>;

export const RoomMessagePage = z.object({
  items: z.array(RoomMessage),
  nextCursor: z
    .string()
    .nullable()
    .describe('History: the `before` of the next (older) page; catch-up: the `since` to continue with'),
});
export type RoomMessagePage = z.infer<typeof RoomMessagePage>;

const MessageText = z.string().max(MAX_ROOM_MESSAGE_CHARS, `must be at most ${MAX_ROOM_MESSAGE_CHARS} characters`);

/** POST /api/rooms/:id/messages */
export const PostRoomMessageBody = z.object({
  text: MessageText.default('').describe('Markdown; may be empty only when files are attached'),
  replyToId: Id.optional(),
  clientId: z
    .string()
    .min(1)
    .max(64)
    .optional()
    .describe('Made by the client: sending again with the same id returns the same message (200)'),
  attachmentIds: z.array(Id).max(MAX_ATTACHMENTS).optional(),
});
export type PostRoomMessageBody = z.infer<typeof PostRoomMessageBody>;

/** PATCH /api/rooms/:id/messages/:messageId */
export const EditRoomMessageBody = z.object({ text: MessageText });
export type EditRoomMessageBody = z.infer<typeof EditRoomMessageBody>;

/** POST /api/rooms/:id/read */
export const ReadBody = z.object({ lastReadId: Id.describe('The newest message the member has seen') });
export type ReadBody = z.infer<typeof ReadBody>;

/** A room as the admin console lists it: never its messages. */
export const AdminRoom = z.object({
  id: z.string(),
  kind: RoomKind,
  name: z.string().describe("A direct room's name is its two members' names"),
  memberCount: z.number().int(),
  messageCount: z.number().int(),
  lastActivityAt: z.string().nullable(),
  createdAt: z.string(),
});
export type AdminRoom = z.infer<typeof AdminRoom>;

export const AdminRoomList = z.object({ items: z.array(AdminRoom) });

/** GET/PUT /api/admin/users/:id/people-chat */
export const PeopleChatAccess = z.object({
  userId: z.string(),
  enabled: z.boolean().describe('Whether this member may use people chat'),
});
export type PeopleChatAccess = z.infer<typeof PeopleChatAccess>;
export const PeopleChatAccessBody = z.object({ enabled: z.boolean() });

/** A room-message search hit (GET /api/search). */
export const RoomSearchHit = z.object({
  roomId: z.string(),
  roomName: z.string(),
  messageId: z.string(),
  seq: z.number().int(),
  sender: PersonRef.nullable(),
  snippet: z.string().describe('Plain text around the match (never HTML)'),
  snippetHighlights: z.array(SnippetRange),
  createdAt: z.string(),
});
export type RoomSearchHit = z.infer<typeof RoomSearchHit>;

/** POST /api/uploads reply. */
export const UploadReply = Attachment;

/** GET /api/search: one search box over AI chats and people chat. */
export const SearchQuery = z.object({
  q: z
    .string()
    .trim()
    .max(500)
    .default('')
    .describe('Plain words; each must match (as a prefix), accents ignored. No words: no results'),
  limit: z.coerce.number().int().min(1).max(50).default(20).describe('Most results of each kind'),
});
export type SearchQuery = z.infer<typeof SearchQuery>;

export const SearchReply = z.object({
  conversations: z
    .array(Conversation)
    .describe('The caller’s AI conversations, best first (as `GET /api/conversations?q=`; page further there)'),
  roomMessages: z
    .array(RoomSearchHit)
    .describe('Messages of rooms the caller is a member of, best first (empty when people chat is off)'),
});
export type SearchReply = z.infer<typeof SearchReply>;
