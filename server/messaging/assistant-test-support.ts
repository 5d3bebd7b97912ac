/**
 * Test support (imported by tests only) for people chat over real sockets: members signed in on
 * a live app, a room made over HTTP, and a `ws` client that records every event it gets and
 * waits for the one a test needs (with a generous timeout, never a fixed sleep).
 */
import WebSocket from 'ws';
import { ServerEvent } from '#common/events';
import type { Room, RoomMessage } from '#common/messaging';
import type { LiveApp } from '#server/generation/test-support';
import { asUser, type Session } from '#test/helpers';

type EventOf<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;

/** A connected member's socket and everything it received. */
export type RoomClient = {
  ws: WebSocket;
  received: ServerEvent[];
  /** Resolves with the first event (already received or to come) that matches. */
  waitFor<T extends ServerEvent['type']>(
    type: T,
    match?: (event: EventOf<T>) => boolean,
    timeoutMs?: number,
  ): Promise<EventOf<T>>;
  all<T extends ServerEvent['type']>(type: T): EventOf<T>[];
};

/** Opens `s`'s socket on `t` and waits for its hello. */
export function connectMember(t: LiveApp, s: Session): Promise<RoomClient> {
  const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/ws`, { headers: { cookie: s.cookie }, origin: t.url });
  const received: ServerEvent[] = [];
  const waiters = new Set<() => void>();
  ws.on('message', (data: Buffer) => {
    received.push(ServerEvent.parse(JSON.parse(data.toString('utf8'))));
    for (const check of [...waiters]) check();
  });
  const client: RoomClient = {
    ws,
    received,
    waitFor: (type, match = () => true, timeoutMs = 20_000) =>
      new Promise((resolve, reject) => {
        const find = () =>
          received.find((e): e is EventOf<typeof type> => e.type === type && match(e as EventOf<typeof type>));
        const check = () => {
          const found = find();
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`no ${type} event within ${timeoutMs} ms`));
        }, timeoutMs);
        waiters.add(check);
        check();
      }),
    all: (type) => received.filter((e): e is EventOf<typeof type> => e.type === type),
  };
  return new Promise((resolve, reject) => {
    ws.once('unexpected-response', (_req, res) => reject(new Error(`socket refused: ${res.statusCode}`)));
    ws.once('error', reject);
    void client.waitFor('hello').then(() => resolve(client), reject);
  });
}

/** `owner` makes a room with `others` in it over HTTP. */
export async function makeRoom(t: LiveApp, owner: Session, others: readonly Session[], name = 'Family'): Promise<Room> {
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/rooms',
    headers: asUser(owner),
    payload: { name, memberIds: others.map((o) => o.user.id) },
  });
  if (res.statusCode !== 201) throw new Error(`making a room: ${res.statusCode} ${res.body}`);
  return res.json<Room>();
}

/** Posts `text` to a room as `s` over a real HTTP request; returns the reply's status and message. */
export async function post(
  t: LiveApp,
  s: Session,
  roomId: string,
  text: string,
  clientId?: string,
): Promise<{ status: number; message: RoomMessage }> {
  const res = await fetch(`${t.url}/api/rooms/${roomId}/messages`, {
    method: 'POST',
    headers: { ...asUser(s), 'content-type': 'application/json' },
    body: JSON.stringify(clientId ? { text, clientId } : { text }),
  });
  return { status: res.status, message: (await res.json()) as RoomMessage };
}

/** Every message of a room changed after `since`, following `nextCursor` to the end. */
export async function catchUp(t: LiveApp, s: Session, roomId: string, since: number): Promise<RoomMessage[]> {
  const out: RoomMessage[] = [];
  type Page = { items: RoomMessage[]; nextCursor: string | null };
  for (let cursor: string | null = String(since); cursor !== null;) {
    const res: Awaited<ReturnType<LiveApp['app']['inject']>> = await t.app.inject({
      method: 'GET',
      url: `/api/rooms/${roomId}/messages?since=${cursor}&limit=200`,
      headers: { cookie: s.cookie },
    });
    if (res.statusCode !== 200) throw new Error(`catch-up: ${res.statusCode} ${res.body}`);
    const page: Page = res.json<Page>();
    out.push(...page.items);
    cursor = page.nextCursor;
  }
  return out;
}
