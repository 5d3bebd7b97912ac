/**
 * The sink of an `@assistant` reply in a room (see server/generation/sink.ts): the reply is a
 * RoomMessage of kind `assistant`, saved through this folder's stores. It took its `seq` when it
 * was inserted (before the generation started); its text is flushed without a seq while it
 * streams; its end moves `updatedSeq` once more. Every member's channel hears `room.message`
 * at the start and the end and `room.delta` (`offset`, `text`) in between. Reasoning is not
 * shown in a room, and tool calls reach members with the final message (and any refetch).
 */
import type { Message, MessageStatus } from '#common/conversations';
import type { RoomMessage, RoomMessageStatus } from '#common/messaging';
import type { GenerationSink, RestartRecovery } from '#server/generation/sink';
import { userChannel } from '#server/realtime/bus';
import { finishReply, stopLeftoverReplies } from './assistant-store';
import { saveAssistantProgress, toRoomMessages } from './message-store';
import { memberIdsOf } from './store';

/** What a room's reply sink starts from. */
export type RoomSinkSpec = {
  /** The reply as inserted: status streaming, empty text, its `seq`. */
  initial: RoomMessage;
  /** Who asked. */
  askerId: string;
  /** The room's members when the reply started. */
  memberIds: readonly string[];
};

/** A room's reply sink, and the reply's final RoomMessage once it is saved. */
export type RoomSink = GenerationSink & { final(): RoomMessage | null };

/** A room has no `interrupted`: a reply cut by a restart or shutdown is `stopped`. */
const roomStatus = (status: MessageStatus): RoomMessageStatus => (status === 'interrupted' ? 'stopped' : status);

/** The text members read: a failed reply says why in plain words instead of staying empty. */
function finalText(message: Message): string {
  if (message.status !== 'error') return message.content;
  const why = message.error?.message ?? 'Something went wrong.';
  return message.content
    ? `${message.content}\n\n_(The reply was cut short: ${why})_`
    : `The assistant could not answer: ${why}`;
}

/** Where the reply `spec.initial` in its room goes. */
export function roomSink(spec: RoomSinkSpec): RoomSink {
  const { initial, askerId } = spec;
  const roomId = initial.roomId;
  let channels = spec.memberIds.map(userChannel);
  let final: RoomMessage | null = null;
  return {
    context: { kind: 'room', userId: askerId, roomId },
    // Read at each publish: a member removed meanwhile stops hearing the reply at the next
    // flush (the member list is read again with every progress save).
    get channels() {
      return channels;
    },
    events: {
      start: () => ({ type: 'room.message', roomId, message: initial }),
      delta: (messageId, kind, text, offset) =>
        kind === 'text' ? { type: 'room.delta', roomId, messageId, offset, text } : null,
      tool: () => null,
      done: () => ({ type: 'room.message', roomId, message: final ?? initial }),
    },
    async saveProgress(db, messageId, progress) {
      await saveAssistantProgress(db, messageId, progress.content, progress.toolCalls ?? null);
      channels = (await memberIdsOf(db, roomId)).map(userChannel);
    },
    async saveFinal(db, message) {
      const row = await finishReply(
        db,
        roomId,
        message.id,
        { text: finalText(message), status: roomStatus(message.status), toolCalls: message.toolCalls ?? null },
        message.updatedAt,
      );
      channels = (await memberIdsOf(db, roomId)).map(userChannel);
      if (row) final = (await toRoomMessages(db, [row]))[0] ?? null;
    },
    final: () => final,
  };
}

/** At start: the room replies a previous process left `streaming` end as `stopped`. */
export const stopLeftoverRoomReplies: RestartRecovery = (db, running, now) => stopLeftoverReplies(db, running, now);
