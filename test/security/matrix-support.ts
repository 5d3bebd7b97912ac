/**
 * The world the security matrices run in: one app (rate limits off: they are tested on their
 * own) pointed at the fake model server, three standing users — "member" (who owns every
 * resource the routes name), "other" (another member) and "admin" — and a Scope per check:
 * fresh sessions, tokens and resources made on demand, so one route's effects (a logout, a
 * deleted conversation, a used invite) never reach the next check.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { LightMyRequestResponse } from 'fastify';
import type { TokenScope, User } from '#common/auth';
import { createApiToken } from '#server/auth/api-tokens';
import { createSession } from '#server/auth/sessions';
import { sql } from 'kysely';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { createTestApp, createUser, type TestApp } from '#test/helpers';
import { SoftAuthenticator } from './soft-authenticator';

export type Caller = 'anon' | 'member' | 'other' | 'admin';
/** An empty folder the world's app allows music scans of (HEARTH_MUSIC_DIRS). */
export const MUSIC_DIR: string = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-matrix-music-'));

export const CALLERS: readonly Caller[] = ['anon', 'other', 'admin', 'member'];

/** How a signed-in caller authenticates: the browser session, or an API token of a scope. */
export type Via = 'session' | 'token' | { scope: TokenScope };

/**
 * The API-token callers every route is tried with: member's token of each scope a member may
 * hold, and admin's admin token (only admins can have one).
 */
export const TOKEN_CALLERS: ReadonlyArray<{ who: 'member' | 'admin'; scope: TokenScope }> = [
  { who: 'member', scope: 'models' },
  { who: 'member', scope: 'chat' },
  { who: 'admin', scope: 'admin' },
];

/** Written into everything "member" owns: no other caller may ever see it. */
export const MARKER = 'MEMBERS-PRIVATE-7Q2X';
export const PASSWORD = 'matrix password 2024';
/** The host the browser used; passkeys need a name, not an IP. */
export const HOST = 'localhost:8000';
export const ORIGIN = 'http://localhost:8000';
export const MODEL = 'env-1/fake-model';

const webRoot = fileURLToPath(new URL('../../dist/web/', import.meta.url));

/** Whether `url` is one of the web app's built files (served by @fastify/static, one route each). */
export function isStaticFileRoute(url: string): boolean {
  if (url.includes(':') || url.includes('*') || url === '/') return false;
  const file = path.join(webRoot, url);
  return file.startsWith(webRoot) && fs.existsSync(file) && fs.statSync(file).isFile();
}

export type World = {
  t: TestApp;
  fake: FakeModelServer;
  users: Record<Exclude<Caller, 'anon'>, User>;
  newScope: () => Scope;
  /** Row counts of every table (audit log and migrations aside), to prove nothing was written. */
  rowCounts: () => Promise<Record<string, number>>;
  close: () => Promise<void>;
};

/** Starts the world: call once per test file. */
export async function startWorld(): Promise<World> {
  const fake = await startFakeModelServer();
  const t = await createTestApp({
    HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl}`,
    HEARTH_RATE_LIMIT_API_PER_MINUTE: '0',
    HEARTH_RATE_LIMIT_CHAT_PER_MINUTE: '0',
    HEARTH_RATE_LIMIT_SIGNIN_PER_MINUTE: '0',
    HEARTH_RATE_LIMIT_DATA_PER_MINUTE: '0',
    HEARTH_MUSIC_DIRS: MUSIC_DIR,
  });
  const make = async (username: string, role: 'admin' | 'member') =>
    (await createUser(t.app, { username, password: PASSWORD, role, displayName: username })).user;
  const users = {
    admin: await make('matrix-admin', 'admin'),
    member: await make('matrix-member', 'member'),
    other: await make('matrix-other', 'member'),
  };
  const rowCounts = async () => {
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(
      t.app.ctx.db,
    );
    const counts: Record<string, number> = {};
    for (const { name } of tables.rows) {
      if (name.startsWith('kysely_') || name === 'audit_log' || name.startsWith('sqlite_')) continue;
      const row = await sql<{ n: number }>`select count(*) as n from ${sql.table(name)}`.execute(t.app.ctx.db);
      counts[name] = Number(row.rows[0]?.n ?? 0);
    }
    return counts;
  };
  return {
    t,
    fake,
    users,
    newScope: () => new Scope(t, users),
    rowCounts,
    close: async () => {
      await t.close();
      await fake.close();
    },
  };
}

type Json = Record<string, unknown>;

/** Fresh credentials and resources for one check; each made once, on first use. */
export class Scope {
  readonly marker = MARKER;
  readonly password = PASSWORD;
  private readonly memo = new Map<string, Promise<unknown>>();

  constructor(
    readonly t: TestApp,
    readonly users: World['users'],
  ) {}

  private once<T>(key: string, make: () => Promise<T>): Promise<T> {
    let value = this.memo.get(key) as Promise<T> | undefined;
    if (!value) {
      value = make();
      this.memo.set(key, value);
    }
    return value;
  }

  /**
   * The ids of member's things made in this scope (conversations, messages, tokens, sessions,
   * passkeys): no other caller may ever see one. The callers' own credentials and the admin's
   * fixtures (target user, connection, task, invite) are not member's.
   */
  async memberIds(): Promise<string[]> {
    const ids: string[] = [];
    const collect = (v: unknown) => {
      if (typeof v === 'string' && /^[0-9A-Z]{26}$/.test(v)) ids.push(v);
      else if (v && typeof v === 'object') Object.values(v).forEach(collect);
    };
    for (const [key, value] of this.memo) {
      if (
        key.startsWith('session:') ||
        key.startsWith('bearer:') ||
        ['target', 'connection', 'task', 'invite'].includes(key)
      )
        continue;
      collect(await value);
    }
    return ids;
  }

  /** A fresh browser session of `who`: cookie and CSRF token. */
  session(who: Exclude<Caller, 'anon'>): Promise<{ cookie: string; csrfToken: string; id: string }> {
    return this.once(`session:${who}`, async () => {
      const { token, session } = await createSession(this.t.app.ctx, this.users[who].id, {
        ip: '127.0.0.1',
        userAgent: `${who} browser`,
      });
      return { cookie: `hearth_session=${token}`, csrfToken: session.csrfToken, id: session.id };
    });
  }

  /** A fresh personal API token of `who` (`models` unless asked: the /v1 token). */
  bearer(who: Exclude<Caller, 'anon'>, scope: TokenScope = 'models'): Promise<string> {
    return this.once(
      `bearer:${who}:${scope}`,
      async () => (await createApiToken(this.t.app.ctx, this.users[who], `${who} ${scope} script`, scope)).token,
    );
  }

  /** Request headers for `who`: a session with its CSRF token, or a bearer token. */
  async headers(who: Caller, via: Via = 'session'): Promise<Record<string, string>> {
    const base = { host: HOST };
    if (who === 'anon') return base;
    if (via === 'token') return { ...base, authorization: `Bearer ${await this.bearer(who)}` };
    if (typeof via === 'object') return { ...base, authorization: `Bearer ${await this.bearer(who, via.scope)}` };
    const s = await this.session(who);
    return { ...base, cookie: s.cookie, 'x-csrf-token': s.csrfToken };
  }

  /** Sends as `who` and returns the reply. */
  async call(
    who: Caller,
    method: string,
    url: string,
    payload?: unknown,
    via: Via = 'session',
    extra: Record<string, string> = {},
  ) {
    const headers = { ...(await this.headers(who, via)), ...extra };
    return this.t.app.inject({
      method: method as 'GET',
      url,
      headers,
      ...(payload !== undefined ? { payload: payload as Json } : {}),
    });
  }

  /** As `who`, expecting `status`; the JSON reply. */
  async ok(who: Caller, method: string, url: string, status: number, payload?: unknown): Promise<Json> {
    const res = await this.call(who, method, url, payload);
    if (res.statusCode !== status) throw new Error(`fixture ${method} ${url} as ${who}: ${res.statusCode} ${res.body}`);
    return res.body ? res.json<Json>() : {};
  }

  /** Member's conversation with one exchange: ids of it, its question and its (finished) reply. */
  conversation(): Promise<{ id: string; userMessageId: string; assistantMessageId: string }> {
    return this.once('conversation', async () => {
      const c = await this.ok('member', 'POST', '/api/conversations', 201, { title: `Chat ${MARKER}`, model: MODEL });
      const id = c.id as string;
      const sent = await this.ok('member', 'POST', `/api/conversations/${id}/messages`, 200, {
        content: `Question ${MARKER}`,
        stream: false,
      });
      const user = sent.userMessage as Json;
      const assistant = sent.assistantMessage as Json;
      return { id, userMessageId: user.id as string, assistantMessageId: assistant.id as string };
    });
  }

  /** Member's API token id (named with the marker). */
  memberTokenId(): Promise<string> {
    return this.once(
      'memberToken',
      async () => (await this.ok('member', 'POST', '/api/auth/tokens', 201, { name: `Token ${MARKER}` })).id as string,
    );
  }

  /** Id of another of member's sessions (not the one making requests). */
  memberOtherSessionId(): Promise<string> {
    return this.once(
      'memberOtherSession',
      async () =>
        (await createSession(this.t.app.ctx, this.users.member.id, { userAgent: `Phone ${MARKER}` })).session.id,
    );
  }

  /** Member's device with a registered passkey, and the passkey's id. */
  passkey(): Promise<{ id: string; device: SoftAuthenticator }> {
    return this.once('passkey', async () => {
      const device = new SoftAuthenticator(ORIGIN);
      const options = (await this.ok('member', 'POST', '/api/auth/passkeys/register/options', 200)).options as never;
      const verified = await this.ok('member', 'POST', '/api/auth/passkeys/register/verify', 201, {
        response: device.create(options),
        name: `Key ${MARKER}`,
      });
      return { id: (verified.passkey as Json).id as string, device };
    });
  }

  /** A registration response made for member's fresh options (body of register/verify). */
  passkeyRegistration(): Promise<Json> {
    return this.once('passkeyRegistration', async () => {
      const options = (await this.ok('member', 'POST', '/api/auth/passkeys/register/options', 200)).options as never;
      return { response: new SoftAuthenticator(ORIGIN).create(options), name: `Key ${MARKER}` };
    });
  }

  /** A valid sign-in assertion with member's passkey for a fresh challenge (body of login/verify). */
  passkeyAssertion(): Promise<Json> {
    return this.once('passkeyAssertion', async () => {
      const { device } = await this.passkey();
      const options = (await this.ok('anon', 'POST', '/api/auth/passkeys/login/options', 200)).options as never;
      return { response: device.get(options) };
    });
  }

  /** A fresh user for admin routes to act on (never one of the three standing users). */
  targetUserId(): Promise<string> {
    return this.once('target', async () => {
      const n = Math.random().toString(36).slice(2, 10);
      return (await createUser(this.t.app, { username: `target-${n}`, password: PASSWORD })).user.id;
    });
  }

  /** A model-server connection made in the admin console. */
  connectionId(): Promise<string> {
    return this.once(
      'connection',
      async () =>
        (
          await this.ok('admin', 'POST', '/api/admin/connections', 201, {
            name: 'Matrix server',
            provider: 'openai',
            baseUrl: 'http://127.0.0.1:9/v1',
            enabled: false,
          })
        ).id as string,
    );
  }

  /** A task made in the admin console. */
  taskId(): Promise<string> {
    return this.once(
      'task',
      async () =>
        (
          await this.ok('admin', 'POST', '/api/admin/tasks', 201, {
            name: `Task ${Math.random().toString(36).slice(2, 8)}`,
          })
        ).id as string,
    );
  }

  /** An invite made in the admin console (sign-up switched on): its id and secret token. */
  invite(): Promise<{ id: string; token: string }> {
    return this.once('invite', async () => {
      await this.ok('admin', 'PATCH', '/api/admin/settings', 200, { signupMode: 'invite' });
      const created = await this.ok('admin', 'POST', '/api/admin/invites', 201, { expiresInHours: 24 });
      return { id: created.id as string, token: created.token as string };
    });
  }
}

/** The error code of a reply in Hearth's envelope or OpenAI's (/v1). */
export function errorCode(res: LightMyRequestResponse): string | null {
  try {
    const body = res.json<{ error?: { code?: unknown; type?: unknown } }>();
    const code = body.error?.code ?? body.error?.type;
    return typeof code === 'string' && code.length > 0 ? code : null;
  } catch {
    return null;
  }
}
