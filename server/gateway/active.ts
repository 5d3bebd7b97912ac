/**
 * The /v1 completions running in this process, per user, so they can be cut off: when an admin
 * disables the user (their token is dead from then on, and what it started must stop too) and
 * when the server shuts down. Keyed by the AppContext, so several apps in one process (tests)
 * never see each other's requests.
 */
import type { AppContext } from '#server/context';

type Registry = Map<string, Set<AbortController>>;
const registries = new WeakMap<AppContext, Registry>();

function registryOf(ctx: AppContext): Registry {
  let registry = registries.get(ctx);
  if (!registry) {
    registry = new Map();
    registries.set(ctx, registry);
  }
  return registry;
}

/** Tracks one running completion; call the returned function when it ends. */
export function trackApiRequest(ctx: AppContext, userId: string, controller: AbortController): () => void {
  const registry = registryOf(ctx);
  let set = registry.get(userId);
  if (!set) {
    set = new Set();
    registry.set(userId, set);
  }
  set.add(controller);
  return () => {
    set.delete(controller);
    if (set.size === 0 && registry.get(userId) === set) registry.delete(userId);
  };
}

/** Why a completion was cut off by the server (not by its client). */
export class ApiRequestStopped extends Error {
  override readonly name = 'ApiRequestStopped';
}

/**
 * Stops every /v1 completion `userId` has running here (closing their upstream connections);
 * returns how many. For disabling a user: their streams end with an error event at once.
 */
export function stopUserApiRequests(ctx: AppContext, userId: string): number {
  const set = registryOf(ctx).get(userId);
  if (!set) return 0;
  const controllers = [...set];
  for (const c of controllers) c.abort(new ApiRequestStopped('This account was disabled.'));
  return controllers.length;
}

/** Stops every /v1 completion (server shutdown). */
export function stopAllApiRequests(ctx: AppContext): void {
  for (const set of registryOf(ctx).values()) {
    for (const c of [...set]) c.abort(new ApiRequestStopped('The Hearth server is shutting down.'));
  }
}

/** How many /v1 completions are running (for /metrics). */
export function runningApiRequests(ctx: AppContext): number {
  let n = 0;
  for (const set of registryOf(ctx).values()) n += set.size;
  return n;
}
