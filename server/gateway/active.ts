/**
 * The /v1 completions running in this process, per user, so they can be cut off: when the user
 * is disabled or deleted (on whichever process that happened: the registry hears the domain
 * events; their token is dead from then on, and what it started must stop too) and when the
 * server shuts down. One per process, built in services.ts and reached as `ctx.apiRequests`.
 */
import type { EventBus } from '#server/realtime/bus';

/** Why a completion was cut off by the server (not by its client). */
export class ApiRequestStopped extends Error {
  override readonly name = 'ApiRequestStopped';
}

/** The running /v1 completions of one process. */
export class ActiveApiRequests {
  private readonly byUser = new Map<string, Set<AbortController>>();
  private readonly unhear: Array<() => void>;

  constructor(bus: EventBus) {
    this.unhear = [
      bus.on('user.disabled', ({ userId }) => this.stopUser(userId)),
      bus.on('user.deleted', ({ userId }) => this.stopUser(userId)),
      bus.on('user.password_reset', ({ userId }) => this.stopUser(userId)),
    ];
  }

  /** Tracks one running completion; call the returned function when it ends. */
  track(userId: string, controller: AbortController): () => void {
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(controller);
    return () => {
      set.delete(controller);
      if (set.size === 0 && this.byUser.get(userId) === set) this.byUser.delete(userId);
    };
  }

  /**
   * Stops every /v1 completion `userId` has running here (closing their upstream connections);
   * returns how many. Their streams end with an error event at once.
   */
  stopUser(userId: string): number {
    const set = this.byUser.get(userId);
    if (!set) return 0;
    const controllers = [...set];
    for (const c of controllers) c.abort(new ApiRequestStopped('This account was disabled.'));
    return controllers.length;
  }

  /** Stops every /v1 completion and stops hearing the bus (server shutdown). */
  stopAll(): void {
    for (const stop of this.unhear.splice(0)) stop();
    for (const set of this.byUser.values()) {
      for (const c of [...set]) c.abort(new ApiRequestStopped('The Hearth server is shutting down.'));
    }
  }

  /** How many /v1 completions are running (for /metrics). */
  count(): number {
    let n = 0;
    for (const set of this.byUser.values()) n += set.size;
    return n;
  }
}
