/**
 * Telling a room's members: events go on each member's bus channel (`user:<id>`), so every socket
 * of theirs, on any process, gets them. Who the members are is read from the database at publish
 * time, never from memory: a member removed a moment ago gets nothing more, on every process.
 */
import type { ServerEvent } from '#common/events';
import { userChannel } from '#server/realtime/bus';
import type { MessagingDeps } from './access';
import { memberIdsOf } from './store';

/** Publishes one event (serialised once by the hub) to every member of a room but `except`. */
export async function publishToRoom(
  deps: Pick<MessagingDeps, 'db' | 'bus'>,
  roomId: string,
  event: ServerEvent,
  except?: string,
): Promise<void> {
  for (const userId of await memberIdsOf(deps.db, roomId))
    if (userId !== except) deps.bus.publish(userChannel(userId), event);
}

/** Publishes to one user's channel (their own tabs). */
export function publishToUser(deps: Pick<MessagingDeps, 'bus'>, userId: string, event: ServerEvent): void {
  deps.bus.publish(userChannel(userId), event);
}
