/**
 * The WebSocket hub: every open socket of this process, by user. Each socket is subscribed to its
 * user's bus channel; events are serialised once and the same text goes to every socket.
 */
import type { FastifyBaseLogger } from 'fastify';
import type { RawData, WebSocket } from 'ws';
import { ClientMessage, type ServerEvent } from '#common/events';
import type { AppContext } from '#server/context';
import { userChannel, type EventBus } from './bus';

/** Dead sockets (no pong since the last ping) are dropped after this long. */
export const HEARTBEAT_MS = 30_000;
/** A client that cannot keep up is cut off rather than buffering without bound. */
const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** Close code for sockets ended by the server because the user's access ended. */
export const CLOSE_SIGNED_OUT = 4001;

type Connection = { socket: WebSocket; userId: string; alive: boolean; unsubscribe: () => void };

// One JSON text per event object, whatever the number of sockets it goes to.
const serialised = new WeakMap<ServerEvent, string>();
function frameOf(event: ServerEvent): string {
  let text = serialised.get(event);
  if (text === undefined) serialised.set(event, (text = JSON.stringify(event)));
  return text;
}

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

/** The sockets of one process. */
export class SocketHub {
  private readonly byUser = new Map<string, Set<Connection>>();
  private heartbeat: NodeJS.Timeout | null = null;
  private total = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly log: FastifyBaseLogger,
  ) {}

  /** Takes over a freshly opened socket of a signed-in user. */
  add(socket: WebSocket, userId: string): void {
    const connection: Connection = { socket, userId, alive: true, unsubscribe: () => {} };
    connection.unsubscribe = this.bus.subscribe(userChannel(userId), (event) => this.send(connection, event));
    let set = this.byUser.get(userId);
    if (!set) this.byUser.set(userId, (set = new Set()));
    set.add(connection);
    this.total += 1;
    this.startHeartbeat();

    socket.on('pong', () => (connection.alive = true));
    socket.on('message', (data, isBinary) => this.receive(connection, isBinary ? null : textOf(data)));
    socket.on('close', () => this.remove(connection));
    socket.on('error', (err) => this.log.debug({ err }, 'websocket error'));
    this.send(connection, { type: 'hello', userId });
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

  /** Open sockets (for /metrics). */
  count(): number {
    return this.total;
  }

  /** Closes everything (server shutdown). */
  close(): void {
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
    socket.send(frameOf(event));
  }

  private receive(connection: Connection, text: string | null): void {
    const message = parseClientMessage(text);
    if (!message) return; // bad input is ignored: a client bug must not cost the socket
    switch (message.type) {
      case 'ping':
        this.send(connection, { type: 'pong' });
        break;
      case 'typing':
        // People chat (rooms) handles typing once it exists; nothing to do before that.
        break;
    }
  }

  private remove(connection: Connection): void {
    const set = this.byUser.get(connection.userId);
    if (!set?.delete(connection)) return;
    connection.unsubscribe();
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

const hubs = new WeakMap<AppContext, SocketHub>();

/** The hub of an app (one per AppContext, so several apps in one test process stay apart). */
export function hubFor(ctx: AppContext): SocketHub {
  let hub = hubs.get(ctx);
  if (!hub) hubs.set(ctx, (hub = new SocketHub(ctx.bus, ctx.log)));
  return hub;
}

/** Closes every WebSocket of a user on this process; returns how many were open. */
export function closeUserSockets(ctx: AppContext, userId: string): number {
  return hubFor(ctx).closeUser(userId);
}

/** Open WebSockets on this process. */
export function socketCount(ctx: AppContext): number {
  return hubFor(ctx).count();
}
