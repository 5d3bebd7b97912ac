/**
 * Domain events: a change that other parts of Hearth must react to, published on the bus by the
 * service that made it. The socket hub, the generation manager and the gateway subscribe, so no
 * service reaches into another feature to fan a change out. With the memory bus they stay in one
 * process; with a Redis bus the same events reach every process, so a payload is plain JSON.
 */

/** Every domain event: its name and its payload. */
export type DomainEvents = {
  /** An account was disabled: its sessions, sockets, replies and /v1 requests end everywhere. */
  'user.disabled': { userId: string };
  /** An account was deleted; what it had running ends everywhere. */
  'user.deleted': { userId: string };
  /**
   * Sessions of a user ended (sign-out, password change, `hearth sessions clear`). Without
   * `sessionIds`, every session of the user ended (except `keptSessionId`, when given).
   */
  'session.ended': { userId: string; sessionIds?: string[]; keptSessionId?: string };
  /** What a user may use changed (role, allow-lists, supervision, tasks, models). */
  'permissions.changed': { userId: string };
  /** Stop this reply, on whichever process runs it. */
  'generation.stop': { messageId: string };
};

/** The name of a domain event. */
export type DomainEventName = keyof DomainEvents;

/** Hears one kind of domain event. */
export type DomainEventHandler<K extends DomainEventName> = (payload: DomainEvents[K]) => void;
