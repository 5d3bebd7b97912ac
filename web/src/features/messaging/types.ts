/**
 * People chat's shapes as the web app reads them (API.md "People chat"). Parsed loosely
 * (`passthrough`-free but tolerant of extra fields) so a server that adds a field does not
 * break the app; the server's own schemas live in `common/messaging.ts`.
 */
import { z } from 'zod';
import { ToolCall } from '#common/conversations';

export const Presence = z.enum(['online', 'away', 'offline']);
export type Presence = z.infer<typeof Presence>;

export const Person = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  presence: Presence,
  lastSeenAt: z.string().nullish(),
});
export type Person = z.infer<typeof Person>;

export const RoomMember = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: z.enum(['owner', 'member']),
});
export type RoomMember = z.infer<typeof RoomMember>;

export const Sender = z.object({ id: z.string(), username: z.string(), displayName: z.string() });
export type Sender = z.infer<typeof Sender>;

export const Attachment = z.object({ id: z.string(), name: z.string(), type: z.string(), size: z.number() });
export type Attachment = z.infer<typeof Attachment>;

export const RoomMessage = z.object({
  id: z.string(),
  roomId: z.string(),
  seq: z.number(),
  updatedSeq: z.number(),
  kind: z.enum(['person', 'assistant']),
  sender: Sender.nullable(),
  text: z.string(),
  replyTo: z.object({ id: z.string(), sender: Sender.nullable(), text: z.string() }).nullish(),
  mentions: z.array(z.string()).default([]),
  reactions: z.array(z.object({ emoji: z.string(), userIds: z.array(z.string()) })).default([]),
  attachments: z.array(Attachment).default([]),
  status: z.enum(['streaming', 'complete', 'stopped', 'error', 'blocked']).nullish(),
  toolCalls: z.array(ToolCall).nullish(),
  askedBy: z.string().nullish(),
  clientId: z.string().nullish(),
  createdAt: z.string(),
  editedAt: z.string().nullish(),
  deletedAt: z.string().nullish(),
});
export type RoomMessage = z.infer<typeof RoomMessage>;

export const Room = z.object({
  id: z.string(),
  kind: z.enum(['room', 'direct']),
  name: z.string(),
  description: z.string().nullish(),
  members: z.array(RoomMember),
  unread: z.number(),
  mentions: z.number(),
  muted: z.boolean(),
  lastSeq: z.number(),
  lastMessage: RoomMessage.nullish(),
  /** Where the caller has read up to, when the server says (finds the "new messages" marker). */
  lastReadSeq: z.number().nullish(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type Room = z.infer<typeof Room>;

export const RoomList = z.object({ items: z.array(Room) });
export const PeopleList = z.object({ items: z.array(Person) });
export const MessagePage = z.object({ items: z.array(RoomMessage), nextCursor: z.string().nullish() });
export type MessagePage = z.infer<typeof MessagePage>;
export const Upload = Attachment;
export type Upload = Attachment;

export const AdminRoom = z.object({
  id: z.string(),
  name: z.string(),
  kind: z.enum(['room', 'direct']).optional(),
  memberCount: z.number().optional(),
  members: z.number().optional(),
  messageCount: z.number().optional(),
  messages: z.number().optional(),
  lastActivityAt: z.string().nullish(),
  updatedAt: z.string().nullish(),
});
export type AdminRoom = z.infer<typeof AdminRoom>;
export const AdminRoomList = z.object({ items: z.array(AdminRoom) });

/** The WebSocket events of people chat (server → client). */
export const PeopleEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('room.message'), roomId: z.string(), message: RoomMessage }),
  z.object({ type: z.literal('room.updated'), room: Room }),
  z.object({ type: z.literal('room.removed'), roomId: z.string() }),
  z.object({ type: z.literal('room.read'), roomId: z.string(), unread: z.number(), mentions: z.number() }),
  z.object({
    type: z.literal('room.delta'),
    roomId: z.string(),
    messageId: z.string(),
    offset: z.number(),
    text: z.string(),
  }),
  z.object({ type: z.literal('presence'), userId: z.string(), presence: Presence }),
  z.object({ type: z.literal('typing'), roomId: z.string(), userId: z.string() }),
]);
export type PeopleEvent = z.infer<typeof PeopleEvent>;
