/**
 * Domain events: a change that other parts of Hearth must react to, published on the bus by the
 * service that made it. The socket hub, the generation manager and the gateway subscribe, so no
 * service reaches into another feature to fan a change out. With the memory bus they stay in one
 * process; with a Redis bus the same events reach every process, so a payload is plain JSON.
 */
import type { Message, ToolCall } from '#common/conversations';

/** Every domain event: its name and its payload. */
export type DomainEvents = {
  /** An account was disabled: its sessions, sockets, replies and /v1 requests end everywhere. */
  'user.disabled': { userId: string };
  /** An account was deleted; what it had running ends everywhere. */
  'user.deleted': { userId: string };
  /**
   * An admin set a new password for the account (admin console, `hearth user set-password`):
   * someone else may have had it, so, as when disabling, what the user has running stops too
   * (their sessions end through `session.ended`). Not published when a user changes their own.
   */
  'user.password_reset': { userId: string };
  /**
   * Sessions of a user ended (sign-out, password change, `hearth sessions clear`). Without
   * `sessionIds`, every session of the user ended (except `keptSessionId`, when given).
   */
  'session.ended': { userId: string; sessionIds?: string[]; keptSessionId?: string };
  /** A conversation and its messages were deleted: its replies stop on every process. */
  'conversation.deleted': { userId: string; conversationId: string };
  /** What a user may use changed (role, allow-lists, supervision, tasks, models). */
  'permissions.changed': { userId: string };
  /**
   * Stop this reply, on whichever process runs it. The owner saves it as `stopped`; the asker
   * hears the end as `generation.done` on the user's channel, as every client of the user does.
   */
  'generation.stop': { messageId: string };
  /**
   * A process that does not run this reply wants to follow it (an SSE re-attach that landed
   * there): the owner answers with `generation.snapshot` carrying the same `requestId`.
   */
  'generation.attach': { messageId: string; requestId: string };
  /**
   * The owner's answer to `generation.attach`: the reply's text and tool calls so far. Later
   * pieces arrive as `generation.delta` on the user's channel, their `offset` counted in the
   * same texts, and tool calls as they change as `generation.tool`.
   */
  'generation.snapshot': {
    messageId: string;
    requestId: string;
    message: Message;
    content: string;
    reasoning: string;
    toolCalls: ToolCall[];
    /** The reply still waits for its turn (then `position` is how many are ahead, when known). */
    waiting?: boolean;
    position?: number | null;
  };
};

/** The name of a domain event. */
export type DomainEventName = keyof DomainEvents;

/** Hears one kind of domain event. */
export type DomainEventHandler<K extends DomainEventName> = (payload: DomainEvents[K]) => void;
