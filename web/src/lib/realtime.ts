/**
 * The one WebSocket per tab (`/api/ws`): parses server events with the shared schema,
 * reconnects with exponential back-off (1 s … 30 s, jittered) and pings to keep proxies awake.
 */
import { ServerEvent, type ClientMessage } from '#common/events';

export type RealtimeHandlers = {
  onEvent: (event: ServerEvent) => void;
  /** Called after a reconnect (not the first connect): events may have been missed. */
  onReconnect: () => void;
  /** Called when the server closed the socket because the session ended (disabled, signed out elsewhere). */
  onSignedOut?: () => void;
};

/** The close code the server uses when a user's sessions end (server/realtime/hub.ts). */
const CLOSE_SIGNED_OUT = 4001;

/** Opens the socket; returns a function that closes it for good. */
export function connectRealtime(handlers: RealtimeHandlers): () => void {
  let socket: WebSocket | null = null;
  let attempt = 0;
  let everOpened = false;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let pingTimer: ReturnType<typeof setInterval> | undefined;

  const send = (msg: ClientMessage) => {
    if (socket?.readyState === WebSocket.OPEN) socket.send(JSON.stringify(msg));
  };

  const schedule = () => {
    if (closed) return;
    clearTimeout(retryTimer);
    const delay = Math.min(30_000, 1000 * 2 ** attempt) * (0.75 + Math.random() * 0.5);
    attempt++;
    retryTimer = setTimeout(open, delay);
  };

  function open() {
    if (closed) return;
    const url = `${location.protocol === 'https:' ? 'wss:' : 'ws:'}//${location.host}/api/ws`;
    const ws = new WebSocket(url);
    socket = ws;
    ws.onopen = () => {
      attempt = 0;
      if (everOpened) handlers.onReconnect();
      everOpened = true;
      clearInterval(pingTimer);
      pingTimer = setInterval(() => send({ type: 'ping' }), 25_000);
    };
    ws.onmessage = (e: MessageEvent) => {
      if (typeof e.data !== 'string') return;
      let json: unknown;
      try {
        json = JSON.parse(e.data);
      } catch {
        return;
      }
      const parsed = ServerEvent.safeParse(json);
      if (parsed.success) handlers.onEvent(parsed.data);
    };
    ws.onclose = (e: CloseEvent) => {
      clearInterval(pingTimer);
      if (socket === ws) socket = null;
      if (e.code === CLOSE_SIGNED_OUT) handlers.onSignedOut?.();
      schedule();
    };
  }

  // Back online or back in view: try at once instead of waiting out the back-off.
  const wake = () => {
    if (!closed && !socket && document.visibilityState === 'visible') {
      clearTimeout(retryTimer);
      attempt = 0;
      open();
    }
  };
  window.addEventListener('online', wake);
  document.addEventListener('visibilitychange', wake);
  open();

  return () => {
    closed = true;
    clearTimeout(retryTimer);
    clearInterval(pingTimer);
    window.removeEventListener('online', wake);
    document.removeEventListener('visibilitychange', wake);
    socket?.close();
    socket = null;
  };
}
