/**
 * The reconnecting client of the WebSocket protocol (`/api/ws`), for the web app and any other
 * client (a terminal client, tests). The `WebSocket` constructor is injected: the browser's, or
 * the `ws` package's in Node. It parses server events with the shared schema, reconnects with
 * exponential back-off (jittered), pings to keep proxies awake, and stops for good when the
 * server ends the session (close code 4001).
 */
import { ServerEvent, type ClientMessage } from './events';

/** The close code the server uses when a user's sessions end (server/realtime/hub.ts). */
export const CLOSE_SIGNED_OUT = 4001;

/** A handler property, checked bivariantly (as DOM handler types are) so the DOM's and `ws`'s sockets both fit. */
type Handler<E> = { bivariant(ev: E): void }['bivariant'];

/** What the client needs of a WebSocket: the WHATWG interface, which `ws` implements too. */
export type WebSocketLike = {
  readonly readyState: number;
  send(data: string): void;
  close(code?: number, reason?: string): void;
  onopen: Handler<unknown> | null;
  onmessage: Handler<{ data: unknown }> | null;
  onclose: Handler<{ code: number }> | null;
  onerror: Handler<unknown> | null;
};
export type WebSocketConstructor = new (url: string) => WebSocketLike;

const OPEN = 1;

export type RealtimeClientOptions = {
  /** The socket's URL (a function: worked out again on each attempt). */
  url: string | (() => string);
  WebSocket: WebSocketConstructor;
  /** Every server event except `hello` and `pong`, parsed. */
  onEvent: (event: ServerEvent) => void;
  /** After a reconnect (not the first connect), once the server said hello: events may have been missed. */
  onReconnect?: () => void;
  /** The server closed the socket because the session ended; the client does not reconnect (see `wake`). */
  onSignedOut?: () => void;
  /** Interval of the keep-alive ping. Default 25 s. */
  pingEveryMs?: number;
  /** Back-off: the first wait and the longest one. Default 1 s … 30 s. */
  backoff?: { firstMs: number; maxMs: number };
  /** 0 ≤ r < 1 for the jitter (×0.75…1.25). Default Math.random. */
  random?: () => number;
  /** Schedules a reconnect (tests record the waits). Default setTimeout. */
  setTimer?: (fn: () => void, ms: number) => ReturnType<typeof setTimeout>;
};

export type RealtimeClient = {
  /** Sends a message if the socket is open; false when it is not. */
  send(message: ClientMessage): boolean;
  /** Connects now instead of waiting out the back-off (back online, tab visible, signed in again). */
  wake(): void;
  /** Closes the socket for good. */
  close(): void;
};

/** Opens the socket and keeps it open until `close()`. */
export function createRealtimeClient(options: RealtimeClientOptions): RealtimeClient {
  const { firstMs, maxMs } = options.backoff ?? { firstMs: 1000, maxMs: 30_000 };
  const random = options.random ?? Math.random;
  const setTimer = options.setTimer ?? setTimeout;
  const pingEveryMs = options.pingEveryMs ?? 25_000;
  let socket: WebSocketLike | null = null;
  let attempt = 0;
  let everGreeted = false;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;

  const send = (message: ClientMessage) => {
    if (socket?.readyState !== OPEN) return false;
    socket.send(JSON.stringify(message));
    return true;
  };

  const schedule = () => {
    clearTimeout(retryTimer);
    const delay = Math.min(maxMs, firstMs * 2 ** attempt) * (0.75 + random() * 0.5);
    attempt++;
    retryTimer = setTimer(open, delay);
  };

  const receive = (data: unknown) => {
    if (typeof data !== 'string') return;
    let json: unknown;
    try {
      json = JSON.parse(data);
    } catch {
      return;
    }
    const parsed = ServerEvent.safeParse(json);
    if (!parsed.success) return;
    const event = parsed.data;
    if (event.type === 'pong') return;
    if (event.type === 'hello') {
      // The server has subscribed this socket: from here on nothing is missed. Only now does the
      // back-off start over (a server that accepts and drops at once is still backed off from).
      attempt = 0;
      if (everGreeted) options.onReconnect?.();
      everGreeted = true;
      return;
    }
    options.onEvent(event);
  };

  function open() {
    if (closed) return;
    const url = typeof options.url === 'function' ? options.url() : options.url;
    const ws = new options.WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      clearInterval(pingTimer);
      pingTimer = setInterval(() => send({ type: 'ping' }), pingEveryMs);
    };
    ws.onmessage = (e) => receive(e.data);
    ws.onerror = () => undefined; // a close follows; reconnecting is decided there
    ws.onclose = (e) => {
      if (socket !== ws) return;
      clearInterval(pingTimer);
      socket = null;
      if (closed) return;
      if (e.code === CLOSE_SIGNED_OUT) options.onSignedOut?.();
      else schedule();
    };
  }

  open();
  return {
    send,
    wake() {
      if (closed || socket) return;
      clearTimeout(retryTimer);
      attempt = 0;
      open();
    },
    close() {
      closed = true;
      clearTimeout(retryTimer);
      clearInterval(pingTimer);
      const ws = socket;
      socket = null;
      ws?.close();
    },
  };
}
