/**
 * Presence: who is online, away or offline. The socket hub reports each socket's life (open,
 * heartbeat, input seen, closed); the store turns that into one state per person, whatever the
 * number of their tabs and devices:
 * - online: a live socket with input seen in the last AWAY_AFTER_MS;
 * - away: live sockets, but no input for that long (or the tabs are hidden: they send no input);
 * - offline: no socket, or none heard from in OFFLINE_AFTER_MS (a process that died cannot say
 *   its sockets closed).
 * Behind an interface: the memory store serves one process; a Redis store (keys with expiry per
 * socket) will serve several with the same contract. `lastSeenAt` is saved in the database by
 * whoever hears `onChange` going offline (messaging).
 */
import type { Presence } from '#common/messaging';

/** No input for this long: away. */
export const AWAY_AFTER_MS = 5 * 60_000;
/** No heartbeat for this long: the socket counts as gone. */
export const OFFLINE_AFTER_MS = 75_000;

/** A person's presence changed: `at` is when (for `lastSeenAt`). */
export type PresenceChange = { userId: string; presence: Presence; at: number };

export type PresenceStore = {
  /** A socket of `userId` opened. */
  connect(socketId: string, userId: string): Promise<void>;
  /** The socket is alive (a ping or pong). */
  heartbeat(socketId: string): Promise<void>;
  /** The member did something in that tab. */
  active(socketId: string): Promise<void>;
  /** The socket closed. */
  disconnect(socketId: string): Promise<void>;
  /** The presence of each of these people. */
  presenceOf(userIds: readonly string[]): Promise<Map<string, Presence>>;
  /** Re-evaluates every person now (time passing makes people away or offline). */
  sweep(): Promise<void>;
  /** Hears every change of a person's presence; returns the function that stops hearing. */
  onChange(handler: (change: PresenceChange) => void): () => void;
  close(): void;
};

type Socket = { userId: string; heardAt: number; activeAt: number };

/** How often the memory store looks for people who went away or offline. */
const SWEEP_MS = 15_000;

/**
 * One process's presence, in memory. `now` is the clock (tests pass a fake one); `sweepEveryMs`
 * 0 turns the timer off (then call `sweep`).
 */
export class MemoryPresenceStore implements PresenceStore {
  private readonly sockets = new Map<string, Socket>();
  private readonly byUser = new Map<string, Set<string>>();
  private readonly last = new Map<string, Presence>();
  private readonly handlers = new Set<(change: PresenceChange) => void>();
  private readonly timer: NodeJS.Timeout | null;

  constructor(
    private readonly now: () => number = Date.now,
    sweepEveryMs = SWEEP_MS,
  ) {
    this.timer = sweepEveryMs > 0 ? setInterval(() => void this.sweep(), sweepEveryMs) : null;
    this.timer?.unref();
  }

  async connect(socketId: string, userId: string): Promise<void> {
    const t = this.now();
    this.sockets.set(socketId, { userId, heardAt: t, activeAt: t });
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(socketId);
    this.evaluate(userId);
  }

  async heartbeat(socketId: string): Promise<void> {
    const s = this.sockets.get(socketId);
    if (s) s.heardAt = this.now();
  }

  async active(socketId: string): Promise<void> {
    const s = this.sockets.get(socketId);
    if (!s) return;
    s.heardAt = s.activeAt = this.now();
    this.evaluate(s.userId);
  }

  async disconnect(socketId: string): Promise<void> {
    const s = this.sockets.get(socketId);
    if (!s) return;
    this.forget(socketId, s.userId);
    this.evaluate(s.userId);
  }

  async presenceOf(userIds: readonly string[]): Promise<Map<string, Presence>> {
    return new Map(userIds.map((id) => [id, this.compute(id)]));
  }

  async sweep(): Promise<void> {
    const t = this.now();
    for (const [id, s] of this.sockets) if (t - s.heardAt > OFFLINE_AFTER_MS) this.forget(id, s.userId);
    for (const userId of [...this.last.keys()]) this.evaluate(userId);
  }

  onChange(handler: (change: PresenceChange) => void): () => void {
    this.handlers.add(handler);
    return () => this.handlers.delete(handler);
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.handlers.clear();
  }

  private forget(socketId: string, userId: string): void {
    this.sockets.delete(socketId);
    const set = this.byUser.get(userId);
    set?.delete(socketId);
    if (set?.size === 0) this.byUser.delete(userId);
  }

  private compute(userId: string): Presence {
    const t = this.now();
    let newest = -Infinity;
    for (const id of this.byUser.get(userId) ?? []) {
      const s = this.sockets.get(id)!;
      if (t - s.heardAt <= OFFLINE_AFTER_MS) newest = Math.max(newest, s.activeAt);
    }
    if (newest === -Infinity) return 'offline';
    return t - newest < AWAY_AFTER_MS ? 'online' : 'away';
  }

  private evaluate(userId: string): void {
    const presence = this.compute(userId);
    const before = this.last.get(userId) ?? 'offline';
    if (presence === 'offline') this.last.delete(userId);
    else this.last.set(userId, presence);
    if (presence === before) return;
    const change = { userId, presence, at: this.now() };
    for (const handler of this.handlers) handler(change);
  }
}
