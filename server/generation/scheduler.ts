/**
 * Fair use of the model servers: every generation a member starts (web and terminal sends,
 * regenerate, edit, `/v1`, `@assistant` in a room) asks this scheduler for a slot first. A
 * member runs at most their own limit at once (default one), a model server at most its
 * `maxConcurrent`; a request beyond either waits here — it is never refused — and is told how
 * many are ahead of it. Waiting requests are served round robin across members: each member's
 * first waiting request before anyone's second, the member served longest ago first, then the
 * oldest request; so a member who
 * sends ten at once does not keep the others waiting. Background work (titles) does not count
 * against the member and gets a slot only when its server has one free and no member waits for it.
 *
 * One scheduler per process (the generation manager's): with several processes, each enforces
 * the limits for the replies it runs.
 */

/** One request for a slot. */
export type SlotRequest = {
  /** Who asked (for background work: on whose behalf; not counted against them). */
  userId: string;
  /** The model server (connection id) the generation runs on. */
  serverId: string;
  /** Lowest priority, not counted against the member (generated titles). */
  background?: boolean;
  /** Aborting it while the request waits takes it out of the queue (acquire resolves null). */
  signal?: AbortSignal;
  /** Told how many waiting requests are ahead whenever that changes (not called when it runs at once). */
  onPosition?: (position: number) => void;
};

/** A granted slot: release it once the generation ends (idempotent). */
export type Slot = { release(): void };

/** Where the limits come from (read on every request, so an admin's change applies to the next one). */
export type SchedulerLimits = {
  /** How many generations the member may run at once (default one). */
  member(userId: string): Promise<number> | number;
  /** How many generations the server may run at once; null: no cap. */
  server(serverId: string): Promise<number | null> | number | null;
};

type Ticket = {
  seq: number;
  req: SlotRequest;
  resolve: (slot: Slot | null) => void;
  position: number | null;
  unlisten: () => void;
};

/** The member's limit when none is stored. */
export const DEFAULT_MEMBER_LIMIT = 1;

/** The connection id of a model id `<connectionId>/<model name>`. */
export const serverOf = (modelId: string | undefined): string => {
  if (!modelId) return '';
  const slash = modelId.indexOf('/');
  return slash > 0 ? modelId.slice(0, slash) : modelId;
};

/** The fair queue of one process. */
export class FairScheduler {
  private readonly waiting: Ticket[] = [];
  private readonly runningByUser = new Map<string, number>();
  private readonly runningByServer = new Map<string, number>();
  /** When each member was last given a slot (a counter, not a clock). */
  private readonly lastGrant = new Map<string, number>();
  private readonly memberLimits = new Map<string, number>();
  private readonly serverLimits = new Map<string, number | null>();
  private grants = 0;
  private seq = 0;
  private closed = false;

  constructor(private readonly limits: SchedulerLimits) {}

  /**
   * Resolves with a slot once the generation may run (at once when nothing is in the way), or
   * null when `signal` was aborted first (or the scheduler closed). Limits known from an earlier
   * request are used at once (no database round trip before the first token) and read again
   * behind it, so an admin's change applies from the next request on.
   */
  acquire(req: SlotRequest): Promise<Slot | null> {
    const known = (req.background || this.memberLimits.has(req.userId)) && this.serverLimits.has(req.serverId);
    const fresh = this.readLimits(req);
    if (!known) return fresh.then(() => this.enqueue(req));
    void fresh.then(() => this.pump());
    return this.enqueue(req);
  }

  private async readLimits(req: SlotRequest): Promise<void> {
    const [member, server] = await Promise.all([
      req.background ? undefined : this.read(() => this.limits.member(req.userId), DEFAULT_MEMBER_LIMIT),
      this.read(() => this.limits.server(req.serverId), null),
    ]);
    if (member !== undefined) this.memberLimits.set(req.userId, member);
    this.serverLimits.set(req.serverId, server);
  }

  private enqueue(req: SlotRequest): Promise<Slot | null> {
    if (req.signal?.aborted || this.closed) return Promise.resolve(null);
    return new Promise<Slot | null>((resolve) => {
      const ticket: Ticket = { seq: ++this.seq, req, resolve, position: null, unlisten: () => {} };
      const signal = req.signal;
      if (signal) {
        const onAbort = () => this.remove(ticket);
        signal.addEventListener('abort', onAbort, { once: true });
        ticket.unlisten = () => signal.removeEventListener('abort', onAbort);
      }
      this.waiting.push(ticket);
      this.pump();
    });
  }

  /** Reads the member's limit again (an admin changed it) and lets waiting requests through. */
  async refreshMember(userId: string): Promise<void> {
    if (!this.memberLimits.has(userId)) return;
    this.memberLimits.set(userId, await this.read(() => this.limits.member(userId), DEFAULT_MEMBER_LIMIT));
    this.pump();
  }

  /** How many requests wait (for /metrics and tests). */
  waitingCount(): number {
    return this.waiting.length;
  }

  /** How many slots are held. */
  runningCount(): number {
    let n = 0;
    for (const count of this.runningByServer.values()) n += count;
    return n;
  }

  /** Ends every wait with null (server shutdown). Held slots stay until released. */
  close(): void {
    this.closed = true;
    for (const ticket of this.waiting.splice(0)) {
      ticket.unlisten();
      ticket.resolve(null);
    }
  }

  private async read<T>(get: () => Promise<T> | T, fallback: T): Promise<T> {
    try {
      return await get();
    } catch {
      // A limit that cannot be read must not block chat: the default applies.
      return fallback;
    }
  }

  private remove(ticket: Ticket): void {
    const index = this.waiting.indexOf(ticket);
    if (index < 0) return;
    this.waiting.splice(index, 1);
    ticket.unlisten();
    ticket.resolve(null);
    this.pump();
  }

  private serverFree(serverId: string): boolean {
    const cap = this.serverLimits.get(serverId) ?? null;
    return cap === null || (this.runningByServer.get(serverId) ?? 0) < cap;
  }

  private fits(ticket: Ticket): boolean {
    const { userId, serverId } = ticket.req;
    const limit = this.memberLimits.get(userId) ?? DEFAULT_MEMBER_LIMIT;
    return (this.runningByUser.get(userId) ?? 0) < limit && this.serverFree(serverId);
  }

  /**
   * The members' waiting requests in the order they would be served: by round (how many of the
   * member's own wait before it), then by who was served longest ago, then by age. A grant or an
   * end never moves a waiting request back (only a newcomer's first send can go ahead of it).
   */
  private order(): Ticket[] {
    const seen = new Map<string, number>();
    const keyed = this.waiting
      .filter((t) => !t.req.background)
      .map((t) => {
        const { userId } = t.req;
        const before = seen.get(userId) ?? 0;
        seen.set(userId, before + 1);
        return { t, round: before, last: this.lastGrant.get(userId) ?? 0 };
      });
    keyed.sort((a, b) => a.round - b.round || a.last - b.last || a.t.seq - b.t.seq);
    return keyed.map((k) => k.t);
  }

  private pick(order: readonly Ticket[]): Ticket | undefined {
    const member = order.find((t) => this.fits(t));
    if (member) return member;
    // Background work: a free slot on its server, and no member waiting for that server.
    return this.waiting.find(
      (t) =>
        t.req.background && this.serverFree(t.req.serverId) && !order.some((m) => m.req.serverId === t.req.serverId),
    );
  }

  private pump(): void {
    for (let next = this.pick(this.order()); next; next = this.pick(this.order())) this.grant(next);
    this.announce();
  }

  private grant(ticket: Ticket): void {
    this.waiting.splice(this.waiting.indexOf(ticket), 1);
    ticket.unlisten();
    const { userId, serverId, background } = ticket.req;
    const counted = !background;
    if (counted) {
      this.runningByUser.set(userId, (this.runningByUser.get(userId) ?? 0) + 1);
      this.lastGrant.set(userId, ++this.grants);
    }
    this.runningByServer.set(serverId, (this.runningByServer.get(serverId) ?? 0) + 1);
    let held = true;
    ticket.resolve({
      release: () => {
        if (!held) return;
        held = false;
        if (counted) decrement(this.runningByUser, userId);
        decrement(this.runningByServer, serverId);
        this.pump();
      },
    });
  }

  /** Tells every waiting member request how many are ahead of it, when that changed. */
  private announce(): void {
    const order = this.order();
    order.forEach((ticket, index) => {
      const { userId, serverId } = ticket.req;
      // Ahead: requests served before it that compete with it (same server, or the same member).
      let ahead = 0;
      for (let i = 0; i < index; i++) {
        const other = order[i]!.req;
        if (other.serverId === serverId || other.userId === userId) ahead++;
      }
      if (ticket.position === ahead) return;
      ticket.position = ahead;
      ticket.req.onPosition?.(ahead);
    });
  }
}

function decrement(map: Map<string, number>, key: string): void {
  const n = (map.get(key) ?? 0) - 1;
  if (n <= 0) map.delete(key);
  else map.set(key, n);
}
