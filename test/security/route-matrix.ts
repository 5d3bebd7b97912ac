/**
 * The authorization matrix: every route of the app ("METHOD /url" exactly as registered) with
 * the status each caller must get — no session, "member" (who owns every resource the route
 * names), "other" (another member) and "admin". A route missing here fails
 * authorization.test.ts: whoever adds a route adds its line, and thinks about who may call it.
 *
 * `path`/`body` build the request from a fresh Scope (test/security/matrix-support.ts); ids are
 * always member's. `prepare` makes member's resources first, so that a list route proves it
 * does not show them to anyone else. Besides the status, every reply to anyone but member must
 * not contain member's data (the MARKER written into it, or its ids) — except where `mayReveal`
 * names a caller whose job is to see it (the admin console).
 * `tokens` lists the API token scopes the route accepts (none when absent): the test checks the
 * route declares exactly these, and calls it with a token of each scope — an accepted one
 * answers as the token's owner would in the browser (or `tokenStatus`), any other 403
 * `token_scope`.
 * The web app's built files (one GET route each) are covered by a rule in the test: public.
 */
import type { TokenScope } from '#common/auth';
import { MARKER, MODEL, MUSIC_DIR, ORIGIN, PASSWORD, type Caller, type Scope } from './matrix-support';
import { memberRoom, UPLOAD_HEADERS, uploadBody } from './matrix-rooms';
import { memberChild } from './matrix-family';

export type Expect = Record<Caller, number>;

export type MatrixEntry = {
  /** The URL to call; default: the route's own (no params). */
  path?: (s: Scope) => Promise<string> | string;
  /** The JSON body; default: none. */
  body?: (s: Scope) => unknown;
  /** Makes member's resources before the call (their absence from the reply is checked). */
  prepare?: (s: Scope) => Promise<unknown>;
  /** Extra request headers. */
  headers?: Record<string, string>;
  /** How signed-in callers authenticate: the browser session (default) or an API token (/v1). */
  via?: 'session' | 'token';
  expect: Expect;
  /** Callers allowed to see member's data in the reply. */
  mayReveal?: Caller[];
  /** The API token scopes the route accepts; default none. */
  tokens?: readonly TokenScope[];
  /** What an accepted token gets, when it is not what its owner's session gets. */
  tokenStatus?: number;
};

const CHAT: readonly TokenScope[] = ['chat'];
const ADMIN: readonly TokenScope[] = ['admin'];
const GATEWAY: readonly TokenScope[] = ['models', 'chat'];
const ANY: readonly TokenScope[] = ['models', 'chat', 'admin'];

/** Member's own thing: strangers (and admins, in the member's private space) see nothing. */
const owned = (ok: number): Expect => ({ anon: 401, member: ok, other: 404, admin: 404 });
/** Anyone signed in, each for themself. */
const signedIn = (ok: number): Expect => ({ anon: 401, member: ok, other: ok, admin: ok });
/** The admin console. */
const adminOnly = (ok: number): Expect => ({ anon: 401, member: 403, other: 403, admin: ok });
/** Public. */
const open = (status: number): Expect => ({ anon: status, member: status, other: status, admin: status });

const rand = () => Math.random().toString(36).slice(2, 10);
const conversation = async (s: Scope) => (await s.conversation()).id;
const assistantMessage = async (s: Scope) => (await s.conversation()).assistantMessageId;
const userMessage = async (s: Scope) => (await s.conversation()).userMessageId;
const target = (s: Scope) => s.targetUserId();
const NEW_PASSWORD = 'kitchen table 42';
/** A small Hearth export to import (no MARKER: each caller imports it as their own). */
const importFile = () => ({
  format: 'hearth.conversation',
  version: 1,
  exportedAt: '2024-05-01T10:00:00.000Z',
  conversation: {
    title: 'Imported',
    pinned: false,
    archived: false,
    activeLeafId: 'b',
    createdAt: '2024-05-01T09:00:00.000Z',
    updatedAt: '2024-05-01T09:01:00.000Z',
  },
  messages: [
    {
      id: 'a',
      parentId: null,
      role: 'user',
      content: 'Hello',
      status: 'complete',
      createdAt: '2024-05-01T09:00:00.000Z',
    },
    {
      id: 'b',
      parentId: 'a',
      role: 'assistant',
      content: 'Hi there',
      status: 'complete',
      createdAt: '2024-05-01T09:01:00.000Z',
    },
  ],
});

export const routeMatrix: Record<string, MatrixEntry> = {
  // ── sign-in and the caller's own account ──
  'POST /api/auth/login': {
    // A fresh account's credentials: a standing user's password may change in another check.
    body: async (s) => {
      const id = await target(s);
      const row = await s.t.app.ctx.db
        .selectFrom('users')
        .select('username')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return { username: row.username, password: PASSWORD };
    },
    expect: open(200),
  },
  'POST /api/auth/logout': { expect: open(204) },
  'GET /api/auth/me': { tokens: ['chat', 'admin'], expect: signedIn(200) },
  'POST /api/auth/password': {
    body: () => ({ currentPassword: PASSWORD, newPassword: PASSWORD }),
    expect: signedIn(204),
  },
  'PATCH /api/me/settings': { body: () => ({ theme: 'dark' }), expect: signedIn(200) },
  'GET /api/auth/tokens': { prepare: (s) => s.memberTokenId(), expect: signedIn(200) },
  'POST /api/auth/tokens': { body: () => ({ name: 'laptop' }), expect: signedIn(201) },
  // Any token revokes itself (204); a browser session is told to sign out instead.
  'DELETE /api/auth/tokens/current': {
    tokens: ANY,
    tokenStatus: 204,
    expect: { anon: 401, member: 400, other: 400, admin: 400 },
  },
  'DELETE /api/auth/tokens/:id': {
    path: async (s) => `/api/auth/tokens/${await s.memberTokenId()}`,
    expect: owned(204),
  },
  'GET /api/setup': { expect: open(200) },
  // Users exist, so setup is closed for everyone.
  'POST /api/setup': {
    body: () => ({ token: 'x'.repeat(43), username: `admin-${rand()}`, password: NEW_PASSWORD }),
    expect: open(409),
  },
  'GET /api/auth/sessions': { prepare: (s) => s.memberOtherSessionId(), expect: signedIn(200) },
  'DELETE /api/auth/sessions/:id': {
    path: async (s) => `/api/auth/sessions/${await s.memberOtherSessionId()}`,
    expect: owned(204),
  },
  'POST /api/auth/sessions/revoke-others': { prepare: (s) => s.memberOtherSessionId(), expect: signedIn(200) },
  'GET /api/me/usage': { tokens: CHAT, expect: signedIn(200) },
  'GET /api/me/limits': { tokens: CHAT, expect: signedIn(200) },

  // ── passkeys ──
  'GET /api/auth/passkeys': { prepare: (s) => s.passkey(), expect: signedIn(200) },
  'POST /api/auth/passkeys/register/options': { expect: signedIn(200) },
  // The response answers member's challenge: nobody else can use it.
  'POST /api/auth/passkeys/register/verify': {
    body: (s) => s.passkeyRegistration(),
    expect: { anon: 401, member: 201, other: 400, admin: 400 },
  },
  'PATCH /api/auth/passkeys/:id': {
    path: async (s) => `/api/auth/passkeys/${(await s.passkey()).id}`,
    body: () => ({ name: 'Renamed' }),
    expect: owned(200),
  },
  'DELETE /api/auth/passkeys/:id': {
    path: async (s) => `/api/auth/passkeys/${(await s.passkey()).id}`,
    expect: owned(204),
  },
  'POST /api/auth/passkeys/login/options': { expect: open(200) },
  // A valid assertion signs in as member whoever sends it (like a password): public by design.
  'POST /api/auth/passkeys/login/verify': {
    body: (s) => s.passkeyAssertion(),
    expect: open(200),
    mayReveal: ['anon', 'other', 'admin'],
  },

  // ── sign-up with an invite ──
  'GET /api/invites/:token': { path: async (s) => `/api/invites/${(await s.invite()).token}`, expect: open(200) },
  'POST /api/auth/signup': {
    body: async (s) => ({ token: (await s.invite()).token, username: `new-${rand()}`, password: NEW_PASSWORD }),
    expect: open(200),
  },

  // ── models and tasks ──
  'GET /api/models': { tokens: CHAT, expect: signedIn(200) },
  'GET /api/tasks': { tokens: CHAT, expect: signedIn(200) },
  // The catalogue is the household's: every member granted the music task reads its counts.
  'GET /api/music/stats': { tokens: CHAT, expect: signedIn(200) },

  // ── conversations ──
  'GET /api/conversations': {
    tokens: CHAT,
    prepare: (s) => s.conversation(),
    path: () => `/api/conversations?q=${MARKER}`,
    expect: signedIn(200),
  },
  'POST /api/conversations': { tokens: CHAT, body: () => ({ title: 'New' }), expect: signedIn(201) },
  'GET /api/conversations/:id': {
    tokens: CHAT,
    path: async (s) => `/api/conversations/${await conversation(s)}`,
    expect: owned(200),
  },
  'PATCH /api/conversations/:id': {
    tokens: CHAT,
    path: async (s) => `/api/conversations/${await conversation(s)}`,
    body: () => ({ pinned: true }),
    expect: owned(200),
  },
  'DELETE /api/conversations/:id': {
    path: async (s) => `/api/conversations/${await conversation(s)}`,
    expect: owned(204),
  },
  'POST /api/conversations/:id/messages': {
    tokens: CHAT,
    path: async (s) => `/api/conversations/${await conversation(s)}/messages`,
    body: () => ({ content: 'Another question', stream: false }),
    expect: owned(200),
  },
  'POST /api/messages/:id/regenerate': {
    tokens: CHAT,
    path: async (s) => `/api/messages/${await assistantMessage(s)}/regenerate`,
    body: () => ({ stream: false }),
    expect: owned(200),
  },
  'POST /api/messages/:id/edit': {
    tokens: CHAT,
    path: async (s) => `/api/messages/${await userMessage(s)}/edit`,
    body: () => ({ content: 'Edited question', stream: false }),
    expect: owned(200),
  },
  'GET /api/conversations/:id/export': {
    tokens: CHAT,
    path: async (s) => `/api/conversations/${await conversation(s)}/export?format=json`,
    expect: owned(200),
  },
  // Everyone gets their own archive; member's conversation must not be in anyone else's.
  'GET /api/me/export': { prepare: (s) => s.conversation(), expect: signedIn(200) },
  'POST /api/conversations/import': { body: importFile, expect: signedIn(201) },
  'POST /api/generations/:messageId/stop': {
    tokens: CHAT,
    path: async (s) => `/api/generations/${await assistantMessage(s)}/stop`,
    expect: owned(200),
  },
  'GET /api/generations/:messageId/events': {
    tokens: CHAT,
    path: async (s) => `/api/generations/${await assistantMessage(s)}/events`,
    expect: owned(200),
  },
  // From the app's own page but a plain GET, not an upgrade: signed-in callers pass the checks and
  // are then told to upgrade (426). (A foreign Origin is refused: realtime tests.)
  'GET /api/ws': { headers: { origin: ORIGIN }, expect: { anon: 401, member: 426, other: 426, admin: 426 } },

  // ── people chat (member's room: member owns it, target is in it; others and admins: 404) ──
  'GET /api/people': { tokens: CHAT, expect: signedIn(200) },
  'GET /api/rooms': { tokens: CHAT, prepare: memberRoom, expect: signedIn(200) },
  'POST /api/rooms': { tokens: CHAT, body: () => ({ name: 'Weekend trip' }), expect: signedIn(201) },
  'POST /api/rooms/direct': { tokens: CHAT, body: async (s) => ({ userId: await target(s) }), expect: signedIn(201) },
  'GET /api/rooms/:id': {
    tokens: CHAT,
    path: async (s) => `/api/rooms/${(await memberRoom(s)).id}`,
    expect: owned(200),
  },
  'PATCH /api/rooms/:id': {
    tokens: CHAT,
    path: async (s) => `/api/rooms/${(await memberRoom(s)).id}`,
    body: () => ({ muted: true }),
    expect: owned(200),
  },
  'DELETE /api/rooms/:id': {
    tokens: CHAT,
    path: async (s) => `/api/rooms/${(await memberRoom(s)).id}`,
    expect: owned(204),
  },
  'POST /api/rooms/:id/members': {
    tokens: CHAT,
    path: async (s) => `/api/rooms/${(await memberRoom(s)).id}/members`,
    body: async (s) => ({ userId: await target(s) }),
    expect: owned(204),
  },
  'DELETE /api/rooms/:id/members/:userId': {
    tokens: CHAT,
    path: async (s) => {
      const room = await memberRoom(s);
      return `/api/rooms/${room.id}/members/${room.otherId}`;
    },
    expect: owned(204),
  },
  'GET /api/rooms/:id/messages': {
    tokens: CHAT,
    path: async (s) => `/api/rooms/${(await memberRoom(s)).id}/messages?since=0`,
    expect: owned(200),
  },
  'POST /api/rooms/:id/messages': {
    tokens: CHAT,
    path: async (s) => `/api/rooms/${(await memberRoom(s)).id}/messages`,
    body: () => ({ text: 'Dinner is ready' }),
    expect: owned(201),
  },
  'PATCH /api/rooms/:id/messages/:messageId': {
    tokens: CHAT,
    path: async (s) => {
      const room = await memberRoom(s);
      return `/api/rooms/${room.id}/messages/${room.messageId}`;
    },
    body: () => ({ text: 'Edited' }),
    expect: owned(200),
  },
  'DELETE /api/rooms/:id/messages/:messageId': {
    tokens: CHAT,
    path: async (s) => {
      const room = await memberRoom(s);
      return `/api/rooms/${room.id}/messages/${room.messageId}`;
    },
    expect: owned(204),
  },
  'PUT /api/rooms/:id/messages/:messageId/reactions/:emoji': {
    tokens: CHAT,
    path: async (s) => {
      const room = await memberRoom(s);
      return `/api/rooms/${room.id}/messages/${room.messageId}/reactions/${encodeURIComponent('👍')}`;
    },
    expect: owned(204),
  },
  'DELETE /api/rooms/:id/messages/:messageId/reactions/:emoji': {
    tokens: CHAT,
    path: async (s) => {
      const room = await memberRoom(s);
      return `/api/rooms/${room.id}/messages/${room.messageId}/reactions/${encodeURIComponent('👍')}`;
    },
    expect: owned(204),
  },
  'POST /api/rooms/:id/read': {
    tokens: CHAT,
    path: async (s) => `/api/rooms/${(await memberRoom(s)).id}/read`,
    body: async (s) => ({ lastReadId: (await memberRoom(s)).messageId }),
    expect: owned(204),
  },
  'POST /api/uploads': { tokens: CHAT, body: uploadBody, headers: UPLOAD_HEADERS, expect: signedIn(201) },
  'GET /api/uploads/:id': {
    tokens: CHAT,
    path: async (s) => `/api/uploads/${(await memberRoom(s)).uploadId}`,
    expect: owned(200),
  },
  // The search box: member's room messages never reach anyone else.
  'GET /api/search': {
    tokens: CHAT,
    prepare: memberRoom,
    path: () => `/api/search?q=${MARKER}`,
    expect: signedIn(200),
  },
  // Room names and counts are the admin console's job; never message content.
  'GET /api/admin/rooms': { tokens: ADMIN, prepare: memberRoom, expect: adminOnly(200), mayReveal: ['admin'] },
  'DELETE /api/admin/rooms/:id': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/rooms/${(await memberRoom(s)).id}`,
    expect: adminOnly(204),
    mayReveal: ['admin'],
  },
  'GET /api/admin/users/:id/people-chat': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/users/${await target(s)}/people-chat`,
    expect: adminOnly(200),
  },
  'PUT /api/admin/users/:id/people-chat': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/users/${await target(s)}/people-chat`,
    body: () => ({ enabled: true }),
    expect: adminOnly(200),
  },

  // ── the admin console ──
  'GET /api/admin/users': { tokens: ADMIN, expect: adminOnly(200), mayReveal: ['admin'] },
  'POST /api/admin/users': {
    tokens: ADMIN,
    body: () => ({ username: `made-${rand()}`, password: NEW_PASSWORD }),
    expect: adminOnly(201),
  },
  'GET /api/admin/users/:id': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/users/${await target(s)}`,
    expect: adminOnly(200),
  },
  'GET /api/admin/users/:id/summary': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/users/${await target(s)}/summary`,
    expect: adminOnly(200),
  },
  'PATCH /api/admin/users/:id': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/users/${await target(s)}`,
    body: () => ({ displayName: 'Renamed' }),
    expect: adminOnly(200),
  },
  'DELETE /api/admin/users/:id': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/users/${await target(s)}`,
    expect: adminOnly(204),
  },
  'GET /api/admin/connections': { tokens: ADMIN, expect: adminOnly(200) },
  'POST /api/admin/connections': {
    tokens: ADMIN,
    body: () => ({ name: 'Kitchen PC', provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1', enabled: false }),
    expect: adminOnly(201),
  },
  'POST /api/admin/connections/test': {
    tokens: ADMIN,
    body: () => ({ provider: 'openai', baseUrl: 'http://127.0.0.1:9/v1' }),
    expect: adminOnly(200),
  },
  'PATCH /api/admin/connections/:id': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/connections/${await s.connectionId()}`,
    body: () => ({ name: 'Renamed' }),
    expect: adminOnly(200),
  },
  'DELETE /api/admin/connections/:id': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/connections/${await s.connectionId()}`,
    expect: adminOnly(204),
  },
  'POST /api/admin/connections/:id/test': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/connections/${await s.connectionId()}/test`,
    expect: adminOnly(200),
  },
  'PATCH /api/admin/connections/:id/models': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/connections/${await s.connectionId()}/models`,
    body: () => ({ model: 'some-model', name: 'Helper', hidden: true }),
    expect: adminOnly(200),
  },
  'GET /api/admin/tasks': { tokens: ADMIN, expect: adminOnly(200) },
  'GET /api/admin/tasks/:id': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/tasks/${await s.taskId()}`,
    expect: adminOnly(200),
  },
  'POST /api/admin/tasks': { tokens: ADMIN, body: () => ({ name: `Homework ${rand()}` }), expect: adminOnly(201) },
  'PATCH /api/admin/tasks/:id': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/tasks/${await s.taskId()}`,
    body: () => ({ description: 'Changed' }),
    expect: adminOnly(200),
  },
  'DELETE /api/admin/tasks/:id': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/tasks/${await s.taskId()}`,
    expect: adminOnly(204),
  },
  // ── music library (the world's app allows scans of MUSIC_DIR, an empty folder) ──
  'GET /api/admin/music/folders': { tokens: ADMIN, expect: adminOnly(200) },
  'POST /api/admin/music/scan': { tokens: ADMIN, body: () => ({ path: MUSIC_DIR }), expect: adminOnly(202) },
  'GET /api/admin/music/scans/:id': {
    tokens: ADMIN,
    path: () => '/api/admin/music/scans/no-such-scan',
    expect: adminOnly(404),
  },
  // A JSON body is not an SQLite file: refused before anything is replaced.
  'POST /api/admin/music/import': { tokens: ADMIN, body: () => ({ not: 'sqlite' }), expect: adminOnly(400) },
  // The audit log names what members did (e.g. a token's name): that is its job.
  'GET /api/admin/audit': { tokens: ADMIN, expect: adminOnly(200), mayReveal: ['admin'] },
  'GET /api/admin/settings': { tokens: ADMIN, expect: adminOnly(200) },
  'GET /api/admin/warnings': { tokens: ADMIN, expect: adminOnly(200) },
  'PATCH /api/admin/settings': { tokens: ADMIN, body: () => ({ signupMode: 'off' }), expect: adminOnly(200) },
  'GET /api/admin/invites': { tokens: ADMIN, expect: adminOnly(200) },
  'POST /api/admin/invites': { tokens: ADMIN, body: () => ({ expiresInHours: 24 }), expect: adminOnly(201) },
  'DELETE /api/admin/invites/:id': {
    tokens: ADMIN,
    path: async (s) => `/api/admin/invites/${(await s.invite()).id}`,
    expect: adminOnly(204),
  },
  'GET /api/admin/usage': { tokens: ADMIN, expect: adminOnly(200), mayReveal: ['admin'] },
  'GET /api/admin/first-run': { tokens: ADMIN, expect: adminOnly(200) },
  'PATCH /api/admin/first-run': { tokens: ADMIN, body: () => ({ dismissed: false }), expect: adminOnly(200) },

  // ── family safety: member guards a supervised child; controls and counts are also the admin's,
  // the child's words (flags, transcripts) only the guardian's; a browser session only ──
  'GET /api/family': { prepare: memberChild, expect: signedIn(200) },
  'PATCH /api/family/:userId': {
    path: async (s) => `/api/family/${(await memberChild(s)).id}`,
    body: () => ({ dailyMessages: 5 }),
    expect: { anon: 401, member: 200, other: 404, admin: 200 },
  },
  'POST /api/family/:userId/extra': {
    path: async (s) => `/api/family/${(await memberChild(s)).id}/extra`,
    body: () => ({ messages: 1 }),
    expect: { anon: 401, member: 200, other: 404, admin: 200 },
  },
  'GET /api/family/:userId/flags': {
    path: async (s) => `/api/family/${(await memberChild(s)).id}/flags`,
    expect: owned(200),
  },
  'POST /api/family/:userId/flags/:id/review': {
    path: async (s) => {
      const child = await memberChild(s);
      return `/api/family/${child.id}/flags/${child.flagId}/review`;
    },
    expect: owned(204),
  },
  'GET /api/family/:userId/usage': {
    path: async (s) => `/api/family/${(await memberChild(s)).id}/usage`,
    expect: { anon: 401, member: 200, other: 404, admin: 200 },
  },
  'GET /api/family/:userId/conversations': {
    path: async (s) => `/api/family/${(await memberChild(s)).id}/conversations`,
    expect: owned(200),
  },
  'GET /api/family/:userId/conversations/:id': {
    path: async (s) => {
      const child = await memberChild(s);
      return `/api/family/${child.id}/conversations/${child.conversationId}`;
    },
    expect: owned(200),
  },
  'GET /api/me/supervision': { tokens: CHAT, expect: signedIn(200) },

  // ── the OpenAI-compatible gateway: API tokens only ──
  'GET /v1/models': { tokens: GATEWAY, via: 'token', expect: signedIn(200) },
  'GET /v1/models/*': { tokens: GATEWAY, via: 'token', path: () => `/v1/models/${MODEL}`, expect: signedIn(200) },
  'POST /v1/chat/completions': {
    tokens: GATEWAY,
    via: 'token',
    body: () => ({ model: MODEL, messages: [{ role: 'user', content: 'hi' }] }),
    expect: signedIn(200),
  },
  // Unknown /v1 URLs: 401 without a token (as OpenAI), 404 with one.
  'GET /v1/*': {
    tokens: GATEWAY,
    via: 'token',
    path: () => '/v1/embeddings',
    expect: { anon: 401, member: 404, other: 404, admin: 404 },
  },
  'POST /v1/*': {
    tokens: GATEWAY,
    via: 'token',
    path: () => '/v1/embeddings',
    body: () => ({}),
    expect: { anon: 401, member: 404, other: 404, admin: 404 },
  },
  'PUT /v1/*': {
    tokens: GATEWAY,
    via: 'token',
    path: () => '/v1/files',
    body: () => ({}),
    expect: { anon: 401, member: 404, other: 404, admin: 404 },
  },
  'PATCH /v1/*': {
    tokens: GATEWAY,
    via: 'token',
    path: () => '/v1/files',
    body: () => ({}),
    expect: { anon: 401, member: 404, other: 404, admin: 404 },
  },
  'DELETE /v1/*': {
    tokens: GATEWAY,
    via: 'token',
    path: () => '/v1/files/1',
    expect: { anon: 401, member: 404, other: 404, admin: 404 },
  },
  'OPTIONS /v1/*': {
    tokens: GATEWAY,
    via: 'token',
    path: () => '/v1/models',
    expect: { anon: 401, member: 404, other: 404, admin: 404 },
  },
  'TRACE /v1/*': {
    tokens: GATEWAY,
    via: 'token',
    path: () => '/v1/models',
    expect: { anon: 401, member: 404, other: 404, admin: 404 },
  },
  'QUERY /v1/*': {
    tokens: GATEWAY,
    via: 'token',
    path: () => '/v1/models',
    body: () => ({}),
    expect: { anon: 401, member: 404, other: 404, admin: 404 },
  },

  // ── operations and the web app ──
  'GET /healthz': { tokens: ANY, expect: open(200) },
  'GET /readyz': { tokens: ANY, expect: open(200) },
  // From this machine (inject's address is 127.0.0.1) metrics are open; from elsewhere admin only (ops tests).
  'GET /metrics': { tokens: ADMIN, expect: open(200) },
  'GET /': { tokens: ANY, expect: open(200) },
  // Deep links get the web app's page.
  'GET /*': { tokens: ANY, path: () => '/c/some-conversation', expect: open(200) },
};
