/**
 * Who is typing where: ephemeral, from `typing` events only. Each entry fades after a few
 * seconds of silence (the sender repeats the event while it keeps typing).
 */
import { i18next } from '#web/lib/i18n';

/** How long a `typing` event counts. */
export const TYPING_SHOWN_MS = 5000;
/** How often this tab repeats its own `typing` while the member keeps typing. */
export const TYPING_SEND_EVERY_MS = 3000;

/** Creates the typing state of one app. */
export function createTyping(now = () => Date.now()) {
  const rooms = new Map<string, Map<string, number>>();
  const listeners = new Set<() => void>();
  const timers = new Map<string, ReturnType<typeof setTimeout>>();
  let snapshot = new Map<string, string[]>();

  const rebuild = () => {
    const t = now();
    snapshot = new Map();
    for (const [roomId, users] of rooms) {
      const live = [...users].filter(([, until]) => until > t).map(([u]) => u);
      if (live.length) snapshot.set(roomId, live);
    }
    listeners.forEach((fn) => fn());
  };

  return {
    /** Someone is typing in a room. */
    saw(roomId: string, userId: string) {
      let users = rooms.get(roomId);
      if (!users) rooms.set(roomId, (users = new Map<string, number>()));
      users.set(userId, now() + TYPING_SHOWN_MS);
      const key = `${roomId}/${userId}`;
      clearTimeout(timers.get(key));
      timers.set(
        key,
        setTimeout(() => {
          timers.delete(key);
          rebuild();
        }, TYPING_SHOWN_MS + 50),
      );
      rebuild();
    },
    /** Their message arrived: they are done typing it. */
    stopped(roomId: string, userId: string) {
      if (rooms.get(roomId)?.delete(userId)) rebuild();
    },
    /** User ids typing in a room now. */
    inRoom: (roomId: string): string[] => snapshot.get(roomId) ?? NONE,
    subscribe(fn: () => void) {
      listeners.add(fn);
      return () => void listeners.delete(fn);
    },
  };
}
const NONE: string[] = [];

export type Typing = ReturnType<typeof createTyping>;

/** "Alice is typing…", "Alice and Bob are typing…", "3 people are typing…". */
export function typingText(names: string[]): string {
  if (names.length === 0) return '';
  if (names.length === 1) return i18next.t('messaging:typing.one', { name: names[0] });
  if (names.length === 2) return i18next.t('messaging:typing.two', { first: names[0], second: names[1] });
  return i18next.t('messaging:typing.many', { count: names.length });
}
