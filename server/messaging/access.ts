/**
 * Who may use people chat and see a room. A room a caller is not a member of does not exist to
 * them (404), admins included; a member an admin switched people chat off for gets 403
 * `people_chat_off` on every people-chat route.
 */
import type { User } from '#common/auth';
import type { AppContext } from '#server/context';
import { HttpError, notFound } from '#server/errors';
import { chatEnabled, setChatEnabled } from './people-store';
import { findRoomOfMember, type RoomOfMember } from './store';

/** What the people-chat rules need from the AppContext. */
export type MessagingDeps = Pick<AppContext, 'db' | 'bus' | 'config' | 'log'>;

/** 403 for a member whose people chat is off. */
export const peopleChatOff = () =>
  new HttpError(403, 'people_chat_off', 'People chat is turned off for your account. Ask an admin to turn it on.');

/** Whether people chat is on for a member (the admin's or a guardian's switch). */
export async function peopleChatOn(deps: Pick<AppContext, 'db'>, userId: string): Promise<boolean> {
  return chatEnabled(deps.db, userId);
}

/**
 * Turns people chat on or off for a member (a guardian's Family page or the admin console).
 * The caller publishes `permissions.changed` so the member's tabs refetch.
 */
export async function setPeopleChat(deps: Pick<AppContext, 'db'>, userId: string, enabled: boolean): Promise<void> {
  await setChatEnabled(deps.db, userId, enabled);
}

/** Throws 403 `people_chat_off` unless people chat is on for `user`. */
export async function requirePeopleChat(deps: Pick<AppContext, 'db'>, user: User): Promise<void> {
  if (!(await chatEnabled(deps.db, user.id))) throw peopleChatOff();
}

/** The room as `userId` sees it, or 404 when they are not a member. */
export async function requireRoom(deps: Pick<AppContext, 'db'>, roomId: string, userId: string): Promise<RoomOfMember> {
  const room = await findRoomOfMember(deps.db, roomId, userId);
  if (!room) throw notFound('That room');
  return room;
}
