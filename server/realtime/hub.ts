/**
 * The WebSocket hub: every open socket of this process, by user. Each socket is subscribed to its
 * user's bus channel; events are serialised once and the same text goes to every socket.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { ClientMessage, type ServerEvent } from '#common/events';
import { randomBytes } from 'node:crypto';
import { everyoneChannel, userChannel, type EventBus } from './bus';
import type { DomainEvents } from './domain-events';
import type { PresenceStore } from './presence';

/** Dead sockets (no pong since the last ping) are dropped after this long. */
export const HEARTBEAT_MS = 30_000;
/** A client that cannot keep up is cut off rather than buffering without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Close code for sockets ended by the server because the user's access ended. */
export const CLOSE_SIGNED_OUT = 4001;
/** Close code for a socket over the per-user cap (a runaway script, or far too many tabs). */
export const CLOSE_TOO_MANY_SOCKETS = 4008;
/** Sockets one user may hold open on one process (config HEARTH_MAX_SOCKETS_PER_USER). */
export const DEFAULT_MAX_SOCKETS_PER_USER = 20;

/** A client message a feature handles (people chat: `typing`), with who sent it. */
export type ClientMessageHandler = (userId: string, message: ClientMessage) => void;

type Connection = {
  /** Unique across processes (presence keys on it). */
  id: string;
  socket: WebSocket;
  userId: string;
  /** The browser session it was opened with (null for any other kind of sign-in). */
  sessionId: string | null;
  alive: boolean;
  unsubscribe: () => void;
};

/** A text frame's content (ws hands over a Buffer, or fragments). */
function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

/** A client message checked against the protocol, or null (not JSON, unknown, malformed). */
function parseClientMessage(text: string | null): ClientMessage | null {
  if (text === null) return null;
  try {
    const parsed = ClientMessage.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * The sockets of one process. Created once per process (services.ts), it hears the domain events
 * that end a user's access — on whichever process they happened — and closes the sockets they
 * concern: every socket of a disabled or deleted user, the sockets of ended sessions.
 */
export class SocketHub {
  private readonly byUser = new Map<string, Set<Connection>>();
  private heartbeat: NodeJS.Timeout | null = null;
  private total = 0;
  private readonly unhear: Array<() => void>;
  // One JSON text per event object, whatever the number of sockets it goes to.
  private readonly serialised = new WeakMap<ServerEvent, string>();
  private readonly handlers = new Map<ClientMessage['type'], Set<ClientMessageHandler>>();
  private readonly idPrefix = randomBytes(6).toString('hex');
  private nextId = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly log: FastifyBaseLogger,
    private readonly maxPerUser = DEFAULT_MAX_SOCKETS_PER_USER,
    /** Told of every socket's life; none: presence is not tracked. */
    private readonly presence?: PresenceStore,
  ) {
    this.unhear = [
      bus.on('user.disabled', ({ userId }) => this.closeUser(userId)),
      bus.on('user.deleted', ({ userId }) => this.closeUser(userId)),
      bus.on('session.ended', (ended) => this.closeSessions(ended)),
      // Every process tells its own sockets; re-publishing on the user's channel would reach
      // each socket once per process.
      bus.on('permissions.changed', ({ userId }) => this.sendToUser(userId, { type: 'account.updated' })),
    ];
  }

  /** Takes over a freshly opened socket of a signed-in user (`sessionId`: the session it came with). */
  add(socket: WebSocket, userId: string, sessionId: string | null = null): void {
    if ((this.byUser.get(userId)?.size ?? 0) >= this.maxPerUser) {
      // Each socket costs memory and a bus subscription: one account cannot open without bound.
      socket.close(CLOSE_TOO_MANY_SOCKETS, `Too many Hearth tabs open (at most ${this.maxPerUser}). Close some.`);
      return;
    }
    const id = `${this.idPrefix}:${++this.nextId}`;
    const connection: Connection = { id, socket, userId, sessionId, alive: true, unsubscribe: () => {} };
    const own = this.bus.subscribe(userChannel(userId), (event) => this.send(connection, event));
    const everyone = this.bus.subscribe(everyoneChannel, (event) => this.send(connection, event));
    connection.unsubscribe = () => {
      own();
      everyone();
    };
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(connection);
    this.total += 1;
    this.startHeartbeat();

    socket.on('pong', () => {
      connection.alive = true;
      this.tellPresence((p) => p.heartbeat(connection.id));
    });
    socket.on('message', (data, isBinary) => this.receive(connection, isBinary ? null : textOf(data)));
    socket.on('close', () => this.remove(connection));
    socket.on('error', (err) => this.log.debug({ err }, 'websocket error'));
    this.send(connection, { type: 'hello', userId });
    // After the hello: a client's first event is always hello, then presence news.
    this.tellPresence((p) => p.connect(id, userId));
  }

  /** Hands client messages of `type` to `handler` (after the protocol check); returns the undo. */
  onClientMessage(type: ClientMessage['type'], handler: ClientMessageHandler): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  private tellPresence(call: (presence: PresenceStore) => Promise<void>): void {
    if (this.presence) void call(this.presence).catch((err: unknown) => this.log.warn({ err }, 'presence failed'));
  }

  /** Sends an event to every socket of a user on this process. */
  private sendToUser(userId: string, event: ServerEvent): void {
    for (const connection of this.byUser.get(userId) ?? []) this.send(connection, event);
  }

  /** Closes every socket of a user (disabled, deleted, signed out everywhere); returns how many. */
  closeUser(userId: string, reason = 'Signed out'): number {
    const set = this.byUser.get(userId);
    if (!set) return 0;
    const connections = [...set];
    for (const c of connections) {
      c.socket.close(CLOSE_SIGNED_OUT, reason);
      this.remove(c);
    }
    return connections.length;
  }

  /**
   * Closes the sockets of ended sessions: those named, or (without `sessionIds`) every session
   * of the user but `keptSessionId`. Returns how many.
   */
  closeSessions(ended: DomainEvents['session.ended']): number {
    const set = this.byUser.get(ended.userId);
    if (!set) return 0;
    const named = ended.sessionIds ? new Set(ended.sessionIds) : null;
    const gone = [...set].filter((c) =>
      named
        ? c.sessionId !== null && named.has(c.sessionId)
        : ended.keptSessionId === undefined || c.sessionId !== ended.keptSessionId,
    );
    for (const c of gone) {
      c.socket.close(CLOSE_SIGNED_OUT, 'Signed out');
      this.remove(c);
    }
    return gone.length;
  }

  /** Open sockets (for /metrics). */
  count(): number {
    return this.total;
  }

  /** Closes everything and stops hearing the bus (server shutdown). */
  close(): void {
    for (const stop of this.unhear.splice(0)) stop();
    for (const userId of [...this.byUser.keys()]) this.closeUser(userId, 'Server shutting down');
    this.stopHeartbeat();
  }

  private send(connection: Connection, event: ServerEvent): void {
    const { socket } = connection;
    if (socket.readyState !== socket.OPEN) return;
    if (socket.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.log.warn({ userId: connection.userId }, 'websocket client too slow; closing it');
      socket.terminate();
      return;
    }
    socket.send(this.frameOf(event));
  }

  private frameOf(event: ServerEvent): string {
    let text = this.serialised.get(event);
    if (text === undefined) this.serialised.set(event, (text = JSON.stringify(event)));
    return text;
  }

  private receive(connection: Connection, text: string | null): void {
    const message = parseClientMessage(text);
    if (!message) return; // bad input is ignored: a client bug must not cost the socket
    switch (message.type) {
      case 'ping':
        this.send(connection, { type: 'pong' });
        this.tellPresence((p) => p.heartbeat(connection.id));
        break;
      case 'active':
        this.tellPresence((p) => p.active(connection.id));
        break;
      case 'typing':
        break;
    }
    for (const handler of this.handlers.get(message.type) ?? []) {
      try {
        handler(connection.userId, message);
      } catch (err) {
        this.log.warn({ err }, 'websocket message handler failed');
      }
    }
  }

  private remove(connection: Connection): void {
    const set = this.byUser.get(connection.userId);
    if (!set?.delete(connection)) return;
    connection.unsubscribe();
    this.tellPresence((p) => p.disconnect(connection.id));
    this.total -= 1;
    if (set.size === 0) this.byUser.delete(connection.userId);
    if (this.total === 0) this.stopHeartbeat();
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
  }

  private stopHeartbeat(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** Pings every socket; one that did not answer the previous ping is dead. */
  private beat(): void {
    for (const set of this.byUser.values()) {
      for (const c of [...set]) {
        if (!c.alive) {
          c.socket.terminate();
          this.remove(c);
          continue;
        }
        c.alive = false;
        c.socket.ping();
      }
    }
  }
}
