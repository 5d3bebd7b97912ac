/**
 * Stopping an `@assistant` reply in a room: only the member who asked may, and only while they
 * are still in the room; for anyone else the reply does not exist (404, like a missing one).
 * The text so far stays, with status `stopped`. A reply another process runs is reached through
 * the bus (`generation.stop`), as AI chat's are; after REMOTE_WAIT_MS the saved state answers.
 */
import type { User } from '#common/auth';
import type { RoomMessage } from '#common/messaging';
import type { AppContext } from '#server/context';
import { userChannel } from '#server/realtime/bus';
import { findAssistantReply } from './assistant-store';
import { loadRoomMessage } from './message-store';
import { findRoomOfMember } from './store';

/** How long a stop waits for another process to save the stopped reply. */
const REMOTE_WAIT_MS = 5_000;

/** The room reply `messageId` if `user` asked for it and is still a member of its room. */
async function askersReply(ctx: AppContext, user: Pick<User, 'id'>, messageId: string) {
  const row = await findAssistantReply(ctx.db, messageId);
  if (!row || row.askedBy !== user.id) return null;
  return (await findRoomOfMember(ctx.db, row.roomId, user.id)) ? row : null;
}

/** Waits until the reply is saved as ended on another process (its final `room.message`) or the time is up. */
function remoteStop(ctx: AppContext, askerId: string, messageId: string): Promise<void> {
  return new Promise((resolve) => {
    const unsubscribe = ctx.bus.subscribe(userChannel(askerId), (event) => {
      if (event.type === 'room.message' && event.message.id === messageId && event.message.status !== 'streaming')
        done();
    });
    const timer = setTimeout(() => done(), REMOTE_WAIT_MS);
    function done() {
      clearTimeout(timer);
      unsubscribe();
      resolve();
    }
    ctx.bus.emit('generation.stop', { messageId });
  });
}

/**
 * Stops the asker's reply and returns it as saved (status `stopped`, or its final state when it
 * had ended already); null when `user` may not stop it (the route answers 404).
 */
export async function stopRoomReply(
  ctx: AppContext,
  user: Pick<User, 'id'>,
  messageId: string,
): Promise<RoomMessage | null> {
  const row = await askersReply(ctx, user, messageId);
  if (!row) return null;
  const running = ctx.generations.get(messageId);
  if (running) await running.stop('stopped');
  else if (row.status === 'streaming') await remoteStop(ctx, user.id, messageId);
  return (await loadRoomMessage(ctx.db, row.roomId, messageId)) ?? null;
}
