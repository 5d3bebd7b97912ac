/**
 * The assistant's rows in `room_messages` (migration 0009): a reply is inserted like any message
 * (message-store.ts `insertMessage`, which takes its `seq`), its text is saved while it streams
 * without a seq (`saveAssistantProgress`), and it ends here under the room's next seq. These run
 * inside the generation write queue's slice, which is already a transaction: nothing here opens
 * one of its own.
 */
import type { ToolCall } from '#common/conversations';
import type { Db } from '#server/db/database';
import { findMessage, type RoomMessageRow } from './message-store';
import { findRoom, nextSeq } from './store';

/** The final state of a reply. */
export type FinalReply = {
  text: string;
  status: NonNullable<RoomMessageRow['status']>;
  toolCalls: readonly ToolCall[] | null;
};

/**
 * Ends an assistant reply: final text, status and tool calls, `updatedSeq` moved to the room's
 * next seq (the one seq change after the start). Returns the row as saved (none when the room
 * was deleted meanwhile).
 */
export async function finishReply(
  trx: Db,
  roomId: string,
  messageId: string,
  final: FinalReply,
  now: string,
): Promise<RoomMessageRow | undefined> {
  // The room was deleted while the reply ran: its messages went with it, nothing to save.
  if (!(await findRoom(trx, roomId))) return undefined;
  const seq = await nextSeq(trx, roomId, now);
  await trx
    .updateTable('roomMessages')
    .set({
      text: final.text,
      status: final.status,
      toolCalls: final.toolCalls?.length ? JSON.stringify(final.toolCalls) : null,
      updatedSeq: seq,
    })
    .where('id', '=', messageId)
    .where('roomId', '=', roomId)
    .execute();
  return findMessage(trx, roomId, messageId);
}

/** An assistant reply by id, in whichever room (the stop route finds it by message id alone). */
export async function findAssistantReply(db: Db, messageId: string): Promise<RoomMessageRow | undefined> {
  return db
    .selectFrom('roomMessages')
    .selectAll()
    .where('id', '=', messageId)
    .where('kind', '=', 'assistant')
    .executeTakeFirst();
}

/**
 * At start: the room replies a previous process left `streaming` (except those in `running`)
 * end as `stopped` with the text they had, each under its room's next seq so members catching
 * up see the change. Returns how many.
 */
export async function stopLeftoverReplies(db: Db, running: readonly string[], now: string): Promise<number> {
  let q = db.selectFrom('roomMessages').select(['id', 'roomId']).where('status', '=', 'streaming');
  if (running.length) q = q.where('id', 'not in', [...running]);
  const left = await q.execute();
  for (const row of left) {
    await db.transaction().execute(async (trx) => {
      const seq = await nextSeq(trx, row.roomId, now);
      await trx
        .updateTable('roomMessages')
        .set({ status: 'stopped', updatedSeq: seq })
        .where('id', '=', row.id)
        .execute();
    });
  }
  return left.length;
}
