/**
 * Everything pushed to clients: the SSE events of a generation, and the WebSocket protocol
 * (one map of server events, one of client messages, each checked as a discriminated union).
 */
import { z } from 'zod';
import { Message, MessageError, ToolCall } from './conversations';
import { Presence, Room, RoomMessage } from './messaging';
import { MusicScanProgress } from './music';
import { SafetyFlag } from './family';

/** SSE events of POST /api/conversations/:id/messages and GET /api/generations/:id/events. */
export const generationEventSchemas = {
  'user-message': z.object({ message: Message }),
  queued: z
    .object({
      position: z.number().int().nonnegative().describe('How many waiting sends are ahead of this one'),
      message: Message.describe('The assistant message that waits (status streaming, no text): Stop cancels it'),
    })
    .describe(
      'The reply waits for its turn (the member runs their limit already, or the model server is busy); sent again when the position changes, then `start` once it runs',
    ),
  start: z.object({ message: Message }),
  reasoning: z.object({ text: z.string() }),
  delta: z.object({ text: z.string() }),
  tool: z.object({
    call: ToolCall.describe('A tool call as it stands: sent when the model makes it, and again with its result'),
  }),
  done: z.object({ message: Message }),
  error: z.object({ error: MessageError, message: Message }),
} as const;
export type GenerationEventName = keyof typeof generationEventSchemas;
export type GenerationEvent = {
  [K in GenerationEventName]: { event: K; data: z.infer<(typeof generationEventSchemas)[K]> };
}[GenerationEventName];

/** People chat's server → client events (API.md "People chat"). */
function roomEvents() {
  return [
    z
      .object({ type: z.literal('room.message'), roomId: z.string(), message: RoomMessage })
      .describe('A message is new or changed (edit, deletion, reaction): keep the one with the higher `updatedSeq`'),
    z
      .object({ type: z.literal('room.updated'), room: Room })
      .describe('A room was made, renamed or its members changed'),
    z
      .object({ type: z.literal('room.removed'), roomId: z.string() })
      .describe('The room was deleted, or the caller left or was removed'),
    z
      .object({
        type: z.literal('room.read'),
        roomId: z.string(),
        unread: z.number().int().nonnegative(),
        mentions: z.number().int().nonnegative(),
      })
      .describe("The caller's read marker moved (on any of their tabs)"),
    z
      .object({
        type: z.literal('room.delta'),
        roomId: z.string(),
        messageId: z.string(),
        offset: z.number().int().nonnegative().describe('Where `text` starts in the reply so far: a gap means refetch'),
        text: z.string(),
      })
      .describe('An assistant reply in a room is streaming'),
    z.object({ type: z.literal('presence'), userId: z.string(), presence: Presence }),
    z
      .object({ type: z.literal('typing'), roomId: z.string(), userId: z.string() })
      .describe('Someone is typing; show it for a few seconds unless it is repeated'),
  ] as const;
}

/** Server → client WebSocket events. */
export const ServerEvent = z.discriminatedUnion('type', [
  z.object({ type: z.literal('hello'), userId: z.string() }),
  z.object({ type: z.literal('pong') }),
  z.object({ type: z.literal('generation.start'), conversationId: z.string(), message: Message }),
  z
    .object({
      type: z.literal('generation.queued'),
      conversationId: z.string().optional().describe('Set for a reply in an AI conversation'),
      roomId: z.string().optional().describe('Set for an `@assistant` reply in a room (sent to the asker only)'),
      messageId: z.string(),
      position: z.number().int().nonnegative().describe('How many waiting sends are ahead of it'),
    })
    .describe('A reply waits for its turn on the model server; `generation.start` follows once it runs'),
  z.object({
    type: z.literal('generation.delta'),
    conversationId: z.string(),
    messageId: z.string(),
    text: z.string().optional().describe('Answer text appended'),
    reasoning: z.string().optional().describe('Reasoning text appended'),
    offset: z
      .number()
      .int()
      .nonnegative()
      .optional()
      .describe(
        'Where the appended piece starts in the text so far (of `text` or of `reasoning`): a gap or a repeat shows',
      ),
  }),
  z.object({
    type: z.literal('generation.tool'),
    conversationId: z.string(),
    messageId: z.string(),
    call: ToolCall.describe('The call so far: without `result` while the tool runs, then with `result` or `refused`'),
  }),
  z.object({
    type: z.literal('generation.done'),
    conversationId: z.string(),
    message: Message.describe('Final state: complete, stopped, interrupted or error'),
    error: MessageError.optional(),
  }),
  z.object({ type: z.literal('conversation.updated'), conversationId: z.string() }),
  z.object({ type: z.literal('conversation.deleted'), conversationId: z.string() }),
  z
    .object({ type: z.literal('account.updated') })
    .describe(
      'What this account may use changed (role, allow-lists, supervision): refetch who you are and the models.',
    ),
  ...roomEvents(),
  MusicScanProgress.extend({ type: z.literal('music.scan') }).describe(
    'A music scan the admin started moved on (sent to that admin)',
  ),
  z
    .object({
      type: z.literal('family.flag'),
      childId: z.string(),
      flag: SafetyFlag,
      urgent: z.boolean().describe('A self-harm signal: tell the guardian at once'),
    })
    .describe('The content filter flagged something of a member this guardian looks after (sent to each guardian)'),
  z
    .object({ type: z.literal('family.updated'), childId: z.string() })
    .describe("A supervised member's controls, flags or use changed: refetch the Family page (sent to guardians)"),
  z
    .object({
      type: z.literal('supervision.changed'),
      fullTranscripts: z.boolean().describe('Whether guardians can now read whole AI conversations'),
    })
    .describe('What the guardians can see or what applies changed (sent to the supervised member): refetch and say so'),
]);
export type ServerEvent = z.infer<typeof ServerEvent>;

/** Client → server WebSocket messages. */
export const ClientMessage = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ping') }),
  z.object({ type: z.literal('typing'), roomId: z.string().min(1).max(64) }).describe('The member is typing in a room'),
  z
    .object({ type: z.literal('active') })
    .describe('Input seen in a visible tab: keeps the member online (away after 5 minutes without one)'),
]);
export type ClientMessage = z.infer<typeof ClientMessage>;
