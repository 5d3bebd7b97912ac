/**
 * The privacy matrix of family safety: adults stay private. An admin and a guardian try every
 * route that returns content — the family routes and the existing conversation, message,
 * export, search and room routes — with an adult's ids: 404 (or, for lists and searches, 200
 * without a trace of it), and every refusal on a family route is audited. A guardian of another
 * child, and transcripts while full transcripts are off, are 404 too; an API token never
 * reaches a family route; and a flag never carries another member's people-chat text.
 * Flags are inserted through the store here: the filter lane raises them for real.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { FlagPage } from '#common/family';
import { call } from '#server/admin/test-support';
import { createApiToken } from '#server/auth/api-tokens';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { createTestApp, signedInUser, type Session, type TestApp } from '#test/helpers';
import * as store from './store';

const ADULT_SECRET = 'ADULTS-OWN-WORDS-4K9P';
const ROOM_SECRET = 'UNCLES-ROOM-TEXT-8M3Z';
/** The adult's words in a room the kid shares: the kid may read them, the kid's guardian never. */
const SHARED_SECRET = 'UNCLE-TO-KID-2R7W';
const MODEL = 'env-1/fake-model';

let fake: FakeModelServer;
let t: TestApp;
let admin: Session, mum: Session, dad: Session, adult: Session, aunt: Session, kid: Session, kid2: Session;
/** The adult's things: a conversation and its messages, a room (with the aunt), its message, a flag row. */
let ids: { conversation: string; userMessage: string; assistantMessage: string; room: string; roomMessage: string };
/** The kid's conversation and a room the kid shares with the adult. */
let kidConversation: string;
let sharedRoom: string;

beforeAll(async () => {
  fake = await startFakeModelServer();
  t = await createTestApp({ HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl}` });
  admin = await signedInUser(t.app, { username: 'admin', role: 'admin', displayName: 'Admin' });
  mum = await signedInUser(t.app, { username: 'mum', displayName: 'Mum' });
  dad = await signedInUser(t.app, { username: 'dad', displayName: 'Dad' });
  adult = await signedInUser(t.app, { username: 'uncle', displayName: 'Uncle' });
  aunt = await signedInUser(t.app, { username: 'aunt', displayName: 'Aunt' });
  kid = await signedInUser(t.app, { username: 'kid', supervised: true, displayName: 'Kid' });
  kid2 = await signedInUser(t.app, { username: 'kid2', supervised: true, displayName: 'Kid Two' });
  const ok = async (res: Promise<LightMyRequestResponse>, status = 200) => {
    const r = await res;
    if (r.statusCode !== status) throw new Error(`fixture: ${r.statusCode} ${r.body}`);
    return r.body ? r.json<Record<string, unknown>>() : {};
  };
  await ok(call(t.app, admin, 'PATCH', `/api/admin/users/${kid.user.id}`, { guardianIds: [mum.user.id] }));
  await ok(call(t.app, admin, 'PATCH', `/api/admin/users/${kid2.user.id}`, { guardianIds: [dad.user.id] }));
  await ok(call(t.app, mum, 'PATCH', `/api/family/${kid.user.id}`, { fullTranscripts: true }));
  await ok(call(t.app, dad, 'PATCH', `/api/family/${kid2.user.id}`, { fullTranscripts: true }));

  const conv = await ok(
    call(t.app, adult, 'POST', '/api/conversations', { title: `Chat ${ADULT_SECRET}`, model: MODEL }),
    201,
  );
  const sent = await ok(
    call(t.app, adult, 'POST', `/api/conversations/${conv.id as string}/messages`, {
      content: `Question ${ADULT_SECRET}`,
      stream: false,
    }),
  );
  const room = await ok(
    call(t.app, adult, 'POST', '/api/rooms', { name: `Room ${ADULT_SECRET}`, memberIds: [aunt.user.id] }),
    201,
  );
  const roomMessage = await ok(
    call(t.app, adult, 'POST', `/api/rooms/${room.id as string}/messages`, { text: `Hello ${ROOM_SECRET}` }),
    201,
  );
  ids = {
    conversation: conv.id as string,
    userMessage: (sent.userMessage as { id: string }).id,
    assistantMessage: (sent.assistantMessage as { id: string }).id,
    room: room.id as string,
    roomMessage: roomMessage.id as string,
  };
  const kidConv = await ok(call(t.app, kid, 'POST', '/api/conversations', { title: 'Homework', model: MODEL }), 201);
  kidConversation = kidConv.id as string;
  await ok(
    call(t.app, kid, 'POST', `/api/conversations/${kidConversation}/messages`, { content: 'Hi', stream: false }),
  );
  // A room the kid shares with the adult, with the adult's words in it.
  const shared = await ok(call(t.app, adult, 'POST', '/api/rooms', { name: 'Family', memberIds: [kid.user.id] }), 201);
  sharedRoom = shared.id as string;
  await ok(call(t.app, adult, 'POST', `/api/rooms/${sharedRoom}/messages`, { text: `Psst ${SHARED_SECRET}` }), 201);
  await ok(call(t.app, kid, 'POST', `/api/rooms/${sharedRoom}/messages`, { text: 'my own message' }), 201);
  // Flags: one for the kid from that shared room (the kid's own words), and one row made for the adult.
  const flag = (id: string, userId: string, excerpt: string, roomId: string | null): store.FlagRow => ({
    id,
    userId,
    at: new Date().toISOString(),
    direction: 'input',
    category: 'profanity',
    excerpt,
    conversationId: null,
    roomId,
    reviewedAt: null,
    reviewedBy: null,
  });
  await store.insertFlag(t.app.ctx.db, flag('kidflag', kid.user.id, 'my own message', sharedRoom));
  await store.insertFlag(t.app.ctx.db, flag('adultflag', adult.user.id, `Question ${ADULT_SECRET}`, null));
});
afterAll(async () => {
  await t.close();
  await fake.close();
});

type Route = { method: 'GET' | 'POST' | 'PATCH' | 'DELETE'; url: string; body?: unknown };

/** Every family route on `childId` (with `conversationId` and `flagId` where a route names them). */
const familyRoutes = (childId: string, conversationId: string, flagId: string): Route[] => [
  { method: 'PATCH', url: `/api/family/${childId}`, body: { dailyMessages: 1 } },
  { method: 'POST', url: `/api/family/${childId}/extra`, body: { messages: 1 } },
  { method: 'GET', url: `/api/family/${childId}/flags` },
  { method: 'POST', url: `/api/family/${childId}/flags/${flagId}/review` },
  { method: 'GET', url: `/api/family/${childId}/usage` },
  { method: 'GET', url: `/api/family/${childId}/conversations` },
  { method: 'GET', url: `/api/family/${childId}/conversations/${conversationId}` },
];

/** The existing content routes with the adult's ids. */
const contentRoutes = (): Route[] => [
  { method: 'GET', url: `/api/conversations/${ids.conversation}` },
  { method: 'GET', url: `/api/conversations/${ids.conversation}?limit=10` },
  { method: 'GET', url: `/api/conversations/${ids.conversation}/export?format=json` },
  { method: 'GET', url: `/api/conversations/${ids.conversation}/export?format=markdown` },
  { method: 'PATCH', url: `/api/conversations/${ids.conversation}`, body: { pinned: true } },
  { method: 'POST', url: `/api/conversations/${ids.conversation}/messages`, body: { content: 'x', stream: false } },
  { method: 'POST', url: `/api/messages/${ids.assistantMessage}/regenerate`, body: { stream: false } },
  { method: 'POST', url: `/api/messages/${ids.userMessage}/edit`, body: { content: 'x', stream: false } },
  { method: 'GET', url: `/api/generations/${ids.assistantMessage}/events` },
  { method: 'POST', url: `/api/generations/${ids.assistantMessage}/stop` },
  { method: 'GET', url: `/api/rooms/${ids.room}` },
  { method: 'GET', url: `/api/rooms/${ids.room}/messages?since=0` },
  { method: 'PATCH', url: `/api/rooms/${ids.room}/messages/${ids.roomMessage}`, body: { text: 'x' } },
];

/** Lists and searches: 200 for anyone, without a trace of the adult's content. */
const searches = (): Route[] => [
  { method: 'GET', url: `/api/conversations?q=${ADULT_SECRET}` },
  { method: 'GET', url: '/api/conversations' },
  { method: 'GET', url: `/api/search?q=${ROOM_SECRET}` },
  { method: 'GET', url: '/api/rooms' },
  { method: 'GET', url: '/api/me/export' },
  { method: 'GET', url: '/api/family' },
];

const send = (who: Session, r: Route) => call(t.app, who, r.method, r.url, r.body);
/** Whether a reply shows the adult's words (`shared`: those in the kid's room too, for anyone but the kid). */
const leaks = (res: LightMyRequestResponse, shared = true) =>
  res.body.includes(ADULT_SECRET) || res.body.includes(ROOM_SECRET) || (shared && res.body.includes(SHARED_SECRET));

/** How many `family.denied` entries name this actor and target. */
async function deniedCount(actorId: string, target: string): Promise<number> {
  const rows = await t.app.ctx.db
    .selectFrom('auditLog')
    .select('id')
    .where('action', '=', 'family.denied')
    .where('actorId', '=', actorId)
    .where('target', '=', target)
    .execute();
  return rows.length;
}

describe('adults stay private', () => {
  it.each([
    ['admin', () => admin],
    ['guardian', () => mum],
  ])('the %s gets 404 on every family route with an adult’s id, each attempt audited', async (_name, who) => {
    const caller = who();
    for (const r of familyRoutes(adult.user.id, ids.conversation, 'adultflag')) {
      const before = await deniedCount(caller.user.id, adult.user.id);
      const res = await send(caller, r);
      expect([r.method, r.url, res.statusCode], res.body).toEqual([r.method, r.url, 404]);
      expect(leaks(res)).toBe(false);
      expect(await deniedCount(caller.user.id, adult.user.id), `${r.method} ${r.url} audited`).toBe(before + 1);
    }
    expect((await store.readControls(t.app.ctx.db, adult.user.id)).dailyMessages).toBeNull();
    expect((await store.findFlag(t.app.ctx.db, adult.user.id, 'adultflag'))?.reviewedAt).toBeNull();
  });

  it.each([
    ['admin', () => admin],
    ['guardian', () => mum],
    ['child', () => kid],
  ])('the %s gets 404 on the conversation, message, export and room routes with the adult’s ids', async (name, who) => {
    for (const r of contentRoutes()) {
      const res = await send(who(), r);
      expect([r.method, r.url, res.statusCode], res.body).toEqual([r.method, r.url, 404]);
      expect(leaks(res)).toBe(false);
    }
    for (const r of [...searches(), { method: 'GET' as const, url: `/api/search?q=${SHARED_SECRET}` }]) {
      const res = await send(who(), r);
      expect([r.url, res.statusCode]).toEqual([r.url, 200]);
      // The kid is in the shared room: its words are theirs to find; nobody else's.
      expect(leaks(res, name !== 'child'), `${r.url} leaks the adult's words`).toBe(false);
    }
  });

  it('the adult’s conversation id through a guarded child’s transcripts is 404', async () => {
    const res = await call(t.app, mum, 'GET', `/api/family/${kid.user.id}/conversations/${ids.conversation}`);
    expect(res.statusCode).toBe(404);
    expect(leaks(res)).toBe(false);
    // The same path with the child's own conversation works: the 404 above is about whose it is.
    expect(
      (await call(t.app, mum, 'GET', `/api/family/${kid.user.id}/conversations/${kidConversation}`)).statusCode,
    ).toBe(200);
  });

  it('an API token of any scope never reaches a family route', async () => {
    for (const [who, scope] of [
      [mum, 'models'],
      [mum, 'chat'],
      [admin, 'admin'],
    ] as const) {
      const { token } = await createApiToken(t.app.ctx, who.user, `script ${scope}`, scope);
      for (const r of familyRoutes(kid.user.id, kidConversation, 'kidflag')) {
        const res = await t.app.inject({
          method: r.method,
          url: r.url,
          headers: { authorization: `Bearer ${token}` },
          ...(r.body !== undefined ? { payload: r.body as object } : {}),
        });
        expect([scope, r.url, res.statusCode]).toEqual([scope, r.url, 403]);
        expect(res.json<{ error: { code: string } }>().error.code).toBe('token_scope');
      }
    }
  });
});

describe('guardians see only their own children, and transcripts only when turned on', () => {
  it('a guardian of another child gets 404 on every family route of this child (audited)', async () => {
    for (const r of familyRoutes(kid.user.id, kidConversation, 'kidflag')) {
      const before = await deniedCount(dad.user.id, kid.user.id);
      const res = await send(dad, r);
      expect([r.method, r.url, res.statusCode]).toEqual([r.method, r.url, 404]);
      expect(await deniedCount(dad.user.id, kid.user.id)).toBe(before + 1);
    }
    // And the other way round: mum on dad's child.
    for (const r of familyRoutes(kid2.user.id, kidConversation, 'kidflag'))
      expect((await send(mum, r)).statusCode).toBe(404);
  });

  it('with full transcripts off, the transcript routes are 404 for the guardian too', async () => {
    await call(t.app, dad, 'PATCH', `/api/family/${kid2.user.id}`, { fullTranscripts: false });
    const conv = await call(t.app, kid2, 'POST', '/api/conversations', { title: 'Secret diary', model: MODEL });
    const convId = conv.json<{ id: string }>().id;
    for (const url of [
      `/api/family/${kid2.user.id}/conversations`,
      `/api/family/${kid2.user.id}/conversations/${convId}`,
    ]) {
      const res = await call(t.app, dad, 'GET', url);
      expect([url, res.statusCode]).toEqual([url, 404]);
      expect(res.body).not.toContain('Secret diary');
    }
    // Usage counts and flags stay (the child is told so); the words need full transcripts.
    expect((await call(t.app, dad, 'GET', `/api/family/${kid2.user.id}/usage`)).statusCode).toBe(200);
    expect((await call(t.app, dad, 'GET', `/api/family/${kid2.user.id}/flags`)).statusCode).toBe(200);
  });

  it('the admin, not a guardian, never reads a child’s flags or transcripts', async () => {
    for (const url of [
      `/api/family/${kid.user.id}/flags`,
      `/api/family/${kid.user.id}/conversations`,
      `/api/family/${kid.user.id}/conversations/${kidConversation}`,
    ])
      expect([url, (await call(t.app, admin, 'GET', url)).statusCode]).toEqual([url, 404]);
  });
});

describe('flags', () => {
  it('never carry another member’s people-chat text, even from a room the child shares', async () => {
    const res = await call(t.app, mum, 'GET', `/api/family/${kid.user.id}/flags`);
    expect(res.statusCode).toBe(200);
    const page = FlagPage.parse(res.json());
    expect(page.items).toEqual([
      expect.objectContaining({ id: 'kidflag', excerpt: 'my own message', roomId: sharedRoom }),
    ]);
    expect(leaks(res)).toBe(false);
    // The room itself stays the kid's and the adult's: the guardian is not in it.
    expect((await call(t.app, mum, 'GET', `/api/rooms/${sharedRoom}/messages?since=0`)).statusCode).toBe(404);
    // Nor do full transcripts bring people chat along: only AI conversations.
    const transcripts = await call(t.app, mum, 'GET', `/api/family/${kid.user.id}/conversations`);
    expect(transcripts.statusCode).toBe(200);
    expect(transcripts.body).not.toContain(SHARED_SECRET);
    expect(transcripts.body).not.toContain('my own message');
  });
});
