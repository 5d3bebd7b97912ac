/**
 * The live side of people chat: typing (bus only, never stored), presence changes told to
 * everyone and `lastSeenAt` saved, and the people list with their presence.
 */
import type { Person } from '#common/messaging';
import type { AppContext } from '#server/context';
import type { User } from '#common/auth';
import { directListOf } from '#server/safety/family/gate';
import { everyoneChannel } from '#server/realtime/bus';
import { publishToRoom } from './fanout';
import { chatEnabled, listPeople, saveLastSeen } from './people-store';
import { findRoomOfMember } from './store';

/** A member's typing is passed on at most this often per room (the client repeats it while typing). */
export const TYPING_THROTTLE_MS = 2_000;
/** Entries kept by the typing throttle before old ones are dropped. */
const THROTTLE_ENTRIES = 5_000;

type LiveDeps = Pick<AppContext, 'db' | 'bus' | 'log' | 'sockets' | 'presence'>;

/** Wires typing and presence for one process; returns the undo (at shutdown). */
export function startLive(deps: LiveDeps, now: () => number = Date.now): () => void {
  const lastTyping = new Map<string, number>();
  const typing = async (userId: string, roomId: string) => {
    const key = `${userId}:${roomId}`;
    const t = now();
    if (t - (lastTyping.get(key) ?? -Infinity) < TYPING_THROTTLE_MS) return;
    if (lastTyping.size >= THROTTLE_ENTRIES) lastTyping.clear();
    lastTyping.set(key, t);
    // Checked in the database now: a typing frame for a room one is not in goes nowhere.
    if (!(await findRoomOfMember(deps.db, roomId, userId)) || !(await chatEnabled(deps.db, userId))) return;
    await publishToRoom(deps, roomId, { type: 'typing', roomId, userId }, userId);
  };
  const stops = [
    deps.sockets.onClientMessage('typing', (userId, message) => {
      if (message.type !== 'typing') return;
      typing(userId, message.roomId).catch((err: unknown) => deps.log.warn({ err }, 'typing failed'));
    }),
    deps.presence.onChange(({ userId, presence, at }) => {
      deps.bus.publish(everyoneChannel, { type: 'presence', userId, presence });
      if (presence === 'away') return;
      saveLastSeen(deps.db, userId, new Date(at).toISOString()).catch((err: unknown) =>
        deps.log.warn({ err }, 'saving last seen failed'),
      );
    }),
  ];
  return () => stops.forEach((stop) => stop());
}

/**
 * Everyone the caller may message (people chat on, account active), with presence; for a
 * supervised member whose guardians made a list, only the people on it.
 */
export async function peopleFor(
  deps: Pick<AppContext, 'db' | 'presence' | 'config'>,
  user: Pick<User, 'id' | 'supervised'>,
): Promise<Person[]> {
  const list = await directListOf(deps, user);
  const rows = (await listPeople(deps.db)).filter((r) => r.id !== user.id && (!list || list.has(r.id)));
  const presence = await deps.presence.presenceOf(rows.map((r) => r.id));
  return rows.map((r) => {
    const person: Person = {
      id: r.id,
      username: r.username,
      displayName: r.displayName,
      presence: presence.get(r.id) ?? 'offline',
    };
    if (r.lastSeenAt) person.lastSeenAt = r.lastSeenAt;
    return person;
  });
}
