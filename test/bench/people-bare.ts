/**
 * Bench child for `npm run bench:people`: the least a people-chat server can do, as the
 * baseline Hearth's room fan-out is printed beside. A bare `ws` server: each client connects to
 * `/ws?user=<n>`, a post is `POST /post` `{room, text}` over HTTP (as in Hearth), and the
 * message is serialised once and sent to every socket of the room's members. No database, no
 * authentication, no bus: what is left is the socket work every server must do.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { failToParent, serveParent } from './child';

/** What people.ts passes in argv[2]: each room's member indices. */
export type BareOptions = { rooms: number[][] };
/** What this child reports when it is listening. */
export type BareInfo = { url: string; wsUrl: string };

async function main(): Promise<void> {
  const { rooms } = JSON.parse(process.argv[2] ?? '{}') as BareOptions;
  const sockets = new Map<number, Set<WebSocket>>();
  let seq = 0;
  const wss = new WebSocketServer({ noServer: true });
  const server = http.createServer((request, response) => {
    if (request.method !== 'POST' || request.url !== '/post') {
      response.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { room, text } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { room: number; text: string };
      const message = { id: String(++seq), roomId: String(room), seq, text, createdAt: new Date().toISOString() };
      const frame = JSON.stringify({ type: 'room.message', roomId: String(room), message });
      for (const member of rooms[room] ?? []) for (const socket of sockets.get(member) ?? []) socket.send(frame);
      response.writeHead(201, { 'content-type': 'application/json' }).end(JSON.stringify(message));
    });
  });
  server.on('upgrade', (request, socket, head) => {
    const user = Number(new URL(request.url ?? '/', 'http://x').searchParams.get('user'));
    wss.handleUpgrade(request, socket, head, (ws) => {
      let set = sockets.get(user);
      if (!set) sockets.set(user, (set = new Set()));
      set.add(ws);
      ws.on('close', () => set.delete(ws));
      ws.send(JSON.stringify({ type: 'hello', userId: String(user) }));
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  serveParent<BareInfo>({ url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/ws` }, async () => {
    for (const client of wss.clients) client.terminate();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
}

main().catch(failToParent);
