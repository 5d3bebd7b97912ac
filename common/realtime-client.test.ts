import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer, type WebSocket as ServerSocket } from 'ws';
import type { ServerEvent } from './events';
import { createRealtimeClient, type RealtimeClient, type WebSocketConstructor } from './realtime-client';

/** A real `ws` server on a free port, recording what each connection received. */
async function startServer(onConnection: (socket: ServerSocket, index: number) => void) {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise<void>((resolve) => wss.once('listening', resolve));
  const received: string[][] = [];
  wss.on('connection', (socket) => {
    const index = received.length;
    received.push([]);
    socket.on('message', (data: Buffer) => received[index]!.push(data.toString('utf8')));
    onConnection(socket, index);
  });
  const address = wss.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `ws://127.0.0.1:${port}/api/ws`,
    received,
    sockets: () => [...wss.clients],
    close: () =>
      new Promise<void>((resolve) => {
        for (const c of wss.clients) c.terminate();
        wss.close(() => resolve());
      }),
  };
}

const hello = (socket: ServerSocket) => socket.send(JSON.stringify({ type: 'hello', userId: 'u1' }));

/** Waits for a condition driven by real sockets (no assertion on how long it takes). */
async function until(condition: () => boolean, what: string) {
  for (let i = 0; i < 2000 && !condition(); i++) await new Promise((r) => setTimeout(r, 5));
  if (!condition()) throw new Error(`never happened: ${what}`);
}

let cleanup: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.reverse()) await fn();
  cleanup = [];
});

/** A client on `url` whose reconnect waits are recorded (and cut short). */
function client(url: string, extra: Partial<Parameters<typeof createRealtimeClient>[0]> = {}) {
  const waits: number[] = [];
  const events: ServerEvent[] = [];
  const counts = { reconnects: 0, signedOut: 0 };
  const c: RealtimeClient = createRealtimeClient({
    url,
    WebSocket: WebSocket satisfies WebSocketConstructor,
    onEvent: (e) => events.push(e),
    onReconnect: () => counts.reconnects++,
    onSignedOut: () => counts.signedOut++,
    random: () => 0.5, // jitter ×1: the waits are the back-off itself
    setTimer: (fn, ms) => {
      waits.push(ms);
      return setTimeout(fn, 1);
    },
    ...extra,
  });
  cleanup.push(() => c.close());
  return { c, waits, events, counts };
}

describe('realtime client', () => {
  it('reconnects with exponential back-off while the server drops it, and starts over after a hello', async () => {
    // Connection 0 is greeted; 1–3 are dropped before any hello; 4 is greeted; 5 again.
    const server = await startServer((socket, i) => (i === 0 || i >= 4 ? hello(socket) : socket.close(1011)));
    cleanup.push(server.close);
    const { waits, counts } = client(server.url);
    await until(() => server.received.length === 1 && server.sockets().length === 1, 'first connection');
    expect(counts.reconnects).toBe(0);

    server.sockets()[0]!.terminate(); // the server goes away
    await until(() => counts.reconnects === 1, 'a greeted reconnect');
    expect(server.received.length).toBe(5);
    expect(waits).toEqual([1000, 2000, 4000, 8000]);

    // Greeted again: the next drop waits the first step again.
    for (const s of server.sockets()) s.terminate();
    await until(() => counts.reconnects === 2, 'second reconnect');
    expect(waits).toEqual([1000, 2000, 4000, 8000, 1000]);
  });

  it('caps the back-off and jitters it', async () => {
    const server = await startServer((socket) => socket.close(1011));
    cleanup.push(server.close);
    const { waits } = client(server.url, { random: () => 0, backoff: { firstMs: 1000, maxMs: 4000 } });
    await until(() => waits.length >= 5, 'five attempts');
    expect(waits.slice(0, 5)).toEqual([750, 1500, 3000, 3000, 3000]);
  });

  it('passes server events on, parsed, and ignores what the protocol does not know', async () => {
    const event = { type: 'conversation.updated', conversationId: 'c1' };
    const server = await startServer((socket) => {
      hello(socket);
      socket.send('not json');
      socket.send(JSON.stringify({ type: 'launch-missiles' }));
      socket.send(JSON.stringify({ type: 'conversation.deleted' })); // missing its id
      socket.send(Buffer.from(JSON.stringify(event)), { binary: true });
      socket.send(JSON.stringify({ type: 'pong' }));
      socket.send(JSON.stringify(event));
      socket.send(JSON.stringify({ type: 'conversation.deleted', conversationId: 'c2' }));
    });
    cleanup.push(server.close);
    const { events } = client(server.url);
    await until(() => events.length === 2, 'two events');
    expect(events).toEqual([event, { type: 'conversation.deleted', conversationId: 'c2' }]);
  });

  it('pings to keep the connection awake, and sends only while open', async () => {
    const server = await startServer((socket) => {
      hello(socket);
      socket.on('message', () => socket.send(JSON.stringify({ type: 'pong' })));
    });
    cleanup.push(server.close);
    const { c } = client(server.url, { pingEveryMs: 10 });
    expect(c.send({ type: 'ping' })).toBe(false); // still connecting
    await until(() => (server.received[0]?.length ?? 0) >= 2, 'two pings');
    expect(server.received[0]!.slice(0, 2)).toEqual(['{"type":"ping"}', '{"type":"ping"}']);
    expect(c.send({ type: 'ping' })).toBe(true);
  });

  it('stops without reconnecting when the server ends the session (4001), until woken', async () => {
    const server = await startServer((socket, i) => {
      hello(socket);
      if (i === 0) socket.close(4001, 'Signed out');
    });
    cleanup.push(server.close);
    const { c, waits, counts } = client(server.url);
    await until(() => counts.signedOut === 1, 'signed out');
    // Give a wrongly scheduled retry the chance to show (its wait is cut to 1 ms).
    await new Promise((r) => setTimeout(r, 50));
    expect(waits).toEqual([]);
    expect(server.received.length).toBe(1);

    c.wake(); // signed in again
    await until(() => counts.reconnects === 1, 'reconnect after wake');
    expect(server.received.length).toBe(2);
  });

  it('closes for good on close()', async () => {
    const server = await startServer(hello);
    cleanup.push(server.close);
    const { c, waits } = client(server.url);
    await until(() => server.sockets().length === 1, 'connected');
    const gone = new Promise((resolve) => server.sockets()[0]!.once('close', resolve));
    c.close();
    await gone;
    c.wake();
    await new Promise((r) => setTimeout(r, 50));
    expect(waits).toEqual([]);
    expect(server.received.length).toBe(1);
  });
});
