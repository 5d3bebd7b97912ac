/**
 * A people-chat world for tests: a live app on a real port (real SQLite file, real `ws`), three
 * signed-in members, API calls as each of them and WebSocket clients that record what they get.
 */
import WebSocket from 'ws';
import { ServerEvent } from '#common/events';
import type { Room, RoomMessage } from '#common/messaging';
import { startLiveApp, type LiveApp } from '#server/generation/test-support';
import { asUser, signedInUser, type Session } from '#test/helpers';

export type EventOf<T extends ServerEvent['type']> = Extract<ServerEvent, { type: T }>;

/** A connected WebSocket client recording every event it receives. */
export type ChatClient = {
  ws: WebSocket;
  received: ServerEvent[];
  /** The first received event (from the start) matching, waiting up to `timeoutMs`. */
  waitFor<T extends ServerEvent['type']>(
    type: T,
    match?: (e: EventOf<T>) => boolean,
    timeoutMs?: number,
  ): Promise<EventOf<T>>;
  all<T extends ServerEvent['type']>(type: T): EventOf<T>[];
  send(frame: unknown): void;
  close(): void;
};

export type PeopleWorld = {
  t: LiveApp;
  anna: Session;
  ben: Session;
  cleo: Session;
  /** Calls the API as `who` (a browser session with its CSRF token). */
  call(who: Session | null, method: string, url: string, body?: unknown): Promise<{ status: number; json: any }>; // eslint-disable-line @typescript-eslint/no-explicit-any -- test replies
  /** Opens a WebSocket as `who` and waits for its hello. */
  connect(who: Session): Promise<ChatClient>;
  /** Makes a room owned by `owner` with `members`. */
  room(owner: Session, members: Session[], name?: string): Promise<Room>;
  /** Posts `text` as `who`; the stored message. */
  post(who: Session, roomId: string, text: string, extra?: Record<string, unknown>): Promise<RoomMessage>;
  close(): Promise<void>;
};

/** Starts the world (env: configuration overrides). */
export async function startPeopleWorld(env: Record<string, string> = {}): Promise<PeopleWorld> {
  const t = await startLiveApp(null, { HEARTH_RATE_LIMIT_API_PER_MINUTE: '0', ...env });
  const make = (name: string) =>
    signedInUser(t.app, { username: name, displayName: name[0]!.toUpperCase() + name.slice(1) });
  const anna = await make('anna');
  const ben = await make('ben');
  const cleo = await make('cleo');
  const sockets: WebSocket[] = [];

  const call: PeopleWorld['call'] = async (who, method, url, body) => {
    const res = await t.app.inject({
      method: method as 'GET',
      url,
      headers: who ? asUser(who) : {},
      ...(body !== undefined ? { payload: body as Record<string, unknown> } : {}),
    });
    let json: unknown;
    try {
      json = res.body ? JSON.parse(res.body) : null;
    } catch {
      json = res.body;
    }
    return { status: res.statusCode, json };
  };

  const connect = (who: Session) =>
    new Promise<ChatClient>((resolve, reject) => {
      const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/ws`, {
        headers: { cookie: who.cookie },
        origin: t.url,
      });
      sockets.push(ws);
      const received: ServerEvent[] = [];
      const waiters = new Set<() => void>();
      ws.on('message', (data: Buffer) => {
        received.push(ServerEvent.parse(JSON.parse(data.toString('utf8'))));
        for (const w of [...waiters]) w();
      });
      const client: ChatClient = {
        ws,
        received,
        all: (type) => received.filter((m): m is EventOf<typeof type> => m.type === type),
        waitFor: (type, match = () => true, timeoutMs = 10_000) =>
          new Promise((ok, fail) => {
            const find = () => received.find((m) => m.type === type && match(m as never)) as never;
            const check = () => {
              const hit = find();
              if (hit === undefined) return;
              waiters.delete(check);
              clearTimeout(timer);
              ok(hit);
            };
            const timer = setTimeout(() => {
              waiters.delete(check);
              fail(new Error(`no ${type} event within ${timeoutMs} ms`));
            }, timeoutMs);
            waiters.add(check);
            check();
          }),
        send: (frame) => ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame)),
        close: () => ws.close(),
      };
      ws.once('open', () => {
        client.waitFor('hello').then(() => resolve(client), reject);
      });
      ws.once('unexpected-response', (_req, res) => reject(new Error(`refused: ${res.statusCode}`)));
      ws.once('error', reject);
    });

  const room: PeopleWorld['room'] = async (owner, members, name = 'Family') => {
    const res = await call(owner, 'POST', '/api/rooms', { name, memberIds: members.map((m) => m.user.id) });
    if (res.status !== 201) throw new Error(`room: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json as Room;
  };
  const post: PeopleWorld['post'] = async (who, roomId, text, extra = {}) => {
    const res = await call(who, 'POST', `/api/rooms/${roomId}/messages`, { text, ...extra });
    if (res.status !== 201) throw new Error(`post: ${res.status} ${JSON.stringify(res.json)}`);
    return res.json as RoomMessage;
  };

  return {
    t,
    anna,
    ben,
    cleo,
    call,
    connect,
    room,
    post,
    close: async () => {
      for (const s of sockets) s.terminate();
      await t.close();
    },
  };
}

/** Waits until `check` holds (polling), failing after `timeoutMs`. */
export async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}
