/**
 * Every operator command, twice: with a real server running on the data dir (the command goes
 * through its admin socket) and with none (the command runs the same code on the database).
 * The outcome a user or operator sees must be the same either way.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { App } from '#server/app';
import { loadConfig } from '#server/config';
import { startServer, type RunningServer } from '#server/main';
import { createTestApp, login } from '#test/helpers';
import type { CliInput } from './io';
import { fakeTty, runWith } from './test-support';

const modes = [
  {
    mode: 'through the running server',
    running: true,
    route: /user\.list: done by the running server \(.*admin\.sock\)/,
  },
  {
    mode: 'straight to the database',
    running: false,
    route: /user\.list: no server is running; done on the database in /,
  },
];

describe.each(modes)('operator commands $mode', ({ running, route }) => {
  let dataDir: string;
  let server: RunningServer | null = null;
  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-op-'));
    if (running) {
      const env = {
        HEARTH_DATA_DIR: dataDir,
        HEARTH_HOST: '127.0.0.1',
        HEARTH_PORT: '0',
        HEARTH_PROBE_DEFAULT_SERVERS: '0',
        HEARTH_MODEL_SERVERS: '',
      };
      server = await startServer(loadConfig(env), { quiet: true });
    }
  });
  afterEach(async () => {
    await server?.close();
    server = null;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const run = (argv: string[], stdin: CliInput | string = '', env: Record<string, string> = {}) =>
    runWith({ HEARTH_DATA_DIR: dataDir, ...env }, argv, stdin);
  const add = async (username: string, ...flags: string[]) => {
    const res = await run(['user', 'add', username, ...flags, '--password-stdin'], `${username} has a long password`);
    expect(res.stderr).toBe('');
  };
  /** The running server's app, or (with none) a test app on the same data dir for `fn`'s time. */
  const withApp = async <T>(fn: (app: App) => Promise<T>): Promise<T> => {
    if (server) return fn(server.app);
    const t = await createTestApp({ HEARTH_DATA_DIR: dataDir });
    try {
      return await fn(t.app);
    } finally {
      await t.close();
    }
  };
  const signIn = (username: string) => withApp((app) => login(app, username, `${username} has a long password`));
  const isSignedIn = (cookie: string) =>
    withApp(
      async (app) => (await app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie } })).statusCode === 200,
    );
  const auditRows = () => {
    const db = new SQLite(path.join(dataDir, 'hearth.sqlite'), { readonly: true });
    try {
      return db.prepare('SELECT actor_id AS actorId, action, ip FROM audit_log ORDER BY id').all() as {
        actorId: string;
        action: string;
        ip: string;
      }[];
    } finally {
      db.close();
    }
  };

  /** A conversation of `userId` with `messages` messages saying `word`, last active at `updatedAt`. */
  const seedConversation = (userId: string, updatedAt: string, messages: number, word: string) => {
    const db = new SQLite(path.join(dataDir, 'hearth.sqlite'));
    try {
      const id = `c-${word}-${updatedAt}`;
      db.prepare(
        `INSERT INTO conversations (id, user_id, title, title_by_user, task_id, model, pinned, archived, active_leaf_id, created_at, updated_at)
         VALUES (?, ?, 'Chat', 0, 'general', NULL, 0, 0, NULL, ?, ?)`,
      ).run(id, userId, updatedAt, updatedAt);
      let parent: string | null = null;
      for (let i = 0; i < messages; i++) {
        const mid = `${id}-m${i}`;
        db.prepare(
          `INSERT INTO messages (id, conversation_id, parent_id, role, content, reasoning, status, model, error, tool_calls, created_at, updated_at)
           VALUES (?, ?, ?, ?, ?, NULL, 'complete', NULL, NULL, NULL, ?, ?)`,
        ).run(mid, id, parent, i % 2 ? 'assistant' : 'user', `${word} number ${i}`, updatedAt, updatedAt);
        parent = mid;
      }
      return id;
    } finally {
      db.close();
    }
  };
  const userId = async (username: string) => {
    const list = JSON.parse((await run(['user', 'list', '--json'])).stdout) as {
      users: { id: string; username: string }[];
    };
    return list.users.find((u) => u.username === username)!.id;
  };
  const searchHits = (cookie: string, q: string) =>
    withApp(async (app) => {
      const res = await app.inject({ method: 'GET', url: `/api/conversations?q=${q}`, headers: { cookie } });
      return res.json<{ items: { id: string }[] }>().items.map((c) => c.id);
    });

  it('says which way it went only at debug level', async () => {
    const quiet = await run(['user', 'list']);
    expect(quiet).toMatchObject({ code: 0, stderr: '' });
    const debug = await run(['user', 'list'], '', { HEARTH_LOG_LEVEL: 'debug' });
    expect(debug.code).toBe(0);
    expect(debug.stderr).toMatch(route);
  });

  it('disables, enables, promotes and demotes, saying when there was nothing to do', async () => {
    await add('mum', '--admin');
    await add('bob');
    const bob = await signIn('bob');
    const steps: [string, string][] = [
      ['disable', 'bob is disabled; they were signed out everywhere.'],
      ['disable', 'bob was already disabled.'],
      ['enable', 'bob is enabled again; they can sign in.'],
      ['enable', 'bob was not disabled.'],
      ['promote', 'bob is now an admin.'],
      ['promote', 'bob is already an admin.'],
      ['demote', 'bob is now a member, no longer an admin.'],
      ['demote', 'bob is not an admin.'],
    ];
    for (const [command, said] of steps) {
      expect(await run(['user', command, 'BOB'])).toEqual({ code: 0, stdout: `${said}\n`, stderr: '' });
      if (command === 'disable') expect(await isSignedIn(bob.cookie)).toBe(false);
    }
    await signIn('bob');
    // Each change once in the audit log, by the command line rather than by an account.
    const entries = auditRows().filter((r) => r.action !== 'auth.login');
    expect(entries.map((r) => r.action)).toEqual([
      'user.created',
      'user.created',
      'user.disabled',
      'user.enabled',
      'user.role_changed',
      'user.role_changed',
    ]);
    expect(new Set(entries.map((r) => `${r.actorId} ${r.ip}`))).toEqual(new Set(['command-line local']));
  });

  it('sets a password, ending the sessions', async () => {
    await add('bob');
    const bob = await signIn('bob');
    const res = await run(['user', 'set-password', 'bob', '--password-stdin'], 'a brand new password\n');
    expect(res).toEqual({ code: 0, stdout: 'Password changed for "bob"; 1 session(s) signed out.\n', stderr: '' });
    expect(await isSignedIn(bob.cookie)).toBe(false);
    await withApp((app) => login(app, 'bob', 'a brand new password'));
    expect(auditRows().at(-2)).toMatchObject({ actorId: 'command-line', action: 'user.password_reset' });
  });

  it('refuses with one plain sentence and exit code 1', async () => {
    await add('mum', '--admin');
    const refusals: [string[], string][] = [
      [['user', 'disable', 'ghost'], 'There is no user called ghost.'],
      [['user', 'delete', 'ghost', '--yes'], 'There is no user called ghost.'],
      [['sessions', 'clear', '--user', 'ghost'], 'There is no user called ghost.'],
      [['user', 'set-password', 'ghost', '--password-stdin'], 'There is no user called ghost.'],
      [['user', 'demote', 'mum'], 'This is the last admin: make another admin first.'],
      [['user', 'disable', 'mum'], 'This is the last admin: make another admin first.'],
      [['user', 'delete', 'mum', '--yes'], 'This is the last admin: make another admin first.'],
    ];
    for (const [argv, sentence] of refusals) {
      expect(await run(argv, 'long enough password')).toEqual({ code: 1, stdout: '', stderr: `hearth: ${sentence}\n` });
    }
    const common = await run(['user', 'set-password', 'mum', '--password-stdin'], 'password123');
    expect(common).toEqual({
      code: 1,
      stdout: '',
      stderr: 'hearth: The password is one of the 10,000 most common passwords; choose another.\n',
    });
    const badName = await run(['user', 'add', 'bad name!', '--password-stdin'], 'long enough password');
    expect(badName.stderr).toBe('hearth: The username may use letters, digits, dot, dash and underscore.\n');
    // Nothing of that was written: mum is still the one enabled admin, with her password.
    expect((await run(['user', 'list'])).stdout).toMatch(/\nmum\s+mum\s+admin\s+no\s+no\n$/);
    await signIn('mum');
  });

  it('deletes only after a yes at the terminal, or with --yes', async () => {
    await add('bob');
    await add('kid');
    await signIn('bob');
    const piped = await run(['user', 'delete', 'bob']);
    expect(piped).toMatchObject({
      code: 1,
      stderr: 'hearth: There is no terminal to ask for confirmation. Add --yes to delete bob without being asked.\n',
    });
    const declined = await run(['user', 'delete', 'bob'], fakeTty('n\r').tty);
    expect(declined.code).toBe(1);
    expect(declined.stderr).toContain(
      'Delete bob and everything they own: 0 conversations (0 messages), 0 API tokens, 1 session? This cannot be undone. [y/N] ',
    );
    expect(declined.stderr).toContain('hearth: Nothing was changed.');
    expect((await run(['user', 'list'])).stdout).toContain('\nbob ');

    const confirmed = await run(['user', 'delete', 'bob'], fakeTty('yes\r').tty);
    expect(confirmed).toMatchObject({ code: 0, stdout: 'bob is deleted, with everything they owned.\n' });
    expect(await run(['user', 'delete', 'kid', '--yes'])).toMatchObject({
      code: 0,
      stdout: 'kid is deleted, with everything they owned.\n',
    });
    expect((await run(['user', 'list'])).stdout).not.toMatch(/\n(bob|kid) /);
    expect(auditRows().filter((r) => r.action === 'user.deleted')).toHaveLength(2);
  });

  it('prints JSON with --json for scripts', async () => {
    const added = await run(['user', 'add', 'mum', '--admin', '--json', '--password-stdin'], 'mum has a long password');
    expect(added.code).toBe(0);
    const { user } = JSON.parse(added.stdout) as { user: { id: string } };
    expect(JSON.parse(added.stdout)).toEqual({
      user: { id: user.id, username: 'mum', displayName: 'mum', role: 'admin', supervised: false, disabled: false },
    });
    await add('bob');
    const listed = JSON.parse((await run(['user', 'list', '--json'])).stdout) as { users: { username: string }[] };
    expect(listed.users.map((u) => u.username)).toEqual(['mum', 'bob']);
    const jsonOf = async (argv: string[], stdin = '') => {
      const res = await run([...argv, '--json'], stdin);
      expect(res.stderr).toBe('');
      expect(res.code).toBe(0);
      return JSON.parse(res.stdout) as Record<string, unknown>;
    };
    expect(await jsonOf(['user', 'promote', 'bob'])).toMatchObject({ changed: true, user: { role: 'admin' } });
    expect(await jsonOf(['user', 'demote', 'bob'])).toMatchObject({ changed: true, user: { role: 'member' } });
    expect(await jsonOf(['user', 'disable', 'bob'])).toMatchObject({ changed: true, user: { disabled: true } });
    expect(await jsonOf(['user', 'enable', 'bob'])).toMatchObject({ changed: true, user: { disabled: false } });
    expect(await jsonOf(['user', 'enable', 'bob'])).toMatchObject({ changed: false });
    expect(await jsonOf(['user', 'set-password', 'bob', '--password-stdin'], 'another long password')).toMatchObject({
      sessionsEnded: 0,
      user: { username: 'bob' },
    });
    await signIn('mum');
    expect(await jsonOf(['sessions', 'clear'])).toEqual({ sessionsEnded: 1, users: 1 });
    expect(await jsonOf(['messages', 'clear', '--user', 'bob', '--yes'])).toEqual({
      username: 'bob',
      conversations: 0,
      messages: 0,
    });
    expect(await jsonOf(['user', 'delete', 'bob', '--yes'])).toMatchObject({
      username: 'bob',
      deleted: true,
      conversations: 0,
    });
  });

  it("clears a member's conversations after saying how many, and search forgets them", async () => {
    await add('mum', '--admin');
    await add('bob');
    const bob = await signIn('bob');
    const bobId = await userId('bob');
    const mumId = await userId('mum');
    const old = seedConversation(bobId, '2025-01-10T12:00:00.000Z', 4, 'aardvark');
    const older = seedConversation(bobId, '2024-06-01T12:00:00.000Z', 2, 'aardvark');
    const recent = seedConversation(bobId, '2026-02-01T12:00:00.000Z', 3, 'aardvark');
    const mums = seedConversation(mumId, '2024-01-01T12:00:00.000Z', 2, 'aardvark');
    expect((await searchHits(bob.cookie, 'aardvark')).sort()).toEqual([old, older, recent].sort());

    // Piped, without --yes: refused, nothing gone.
    const piped = await run(['messages', 'clear', '--user', 'bob', '--before', '2026-01-01']);
    expect(piped.code).toBe(1);
    expect(piped.stderr).toContain('There is no terminal to ask for confirmation. Add --yes');
    const declined = await run(['messages', 'clear', '--user', 'bob', '--before', '2026-01-01'], fakeTty('n\r').tty);
    expect(declined.code).toBe(1);
    expect(declined.stderr).toMatch(
      /Delete bob's 2 conversations \(6 messages\) last active before .*\? This cannot be undone\. \[y\/N\] /,
    );
    expect(declined.stderr).toContain('hearth: Nothing was changed.');
    expect(await searchHits(bob.cookie, 'aardvark')).toHaveLength(3);

    const confirmed = await run(['messages', 'clear', '--user', 'BOB', '--before', '2026-01-01'], fakeTty('y\r').tty);
    expect(confirmed.code).toBe(0);
    expect(confirmed.stdout).toMatch(/^Deleted bob's 2 conversations \(6 messages\) last active before .*\.\n$/);
    expect(await searchHits(bob.cookie, 'aardvark')).toEqual([recent]);

    const again = await run(['messages', 'clear', '--user', 'bob', '--before', '2026-01-01']);
    expect(again).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('bob has no conversations last active before'),
    });

    const all = await run(['messages', 'clear', '--user', 'bob', '--yes']);
    expect(all).toEqual({ code: 0, stdout: "Deleted bob's 1 conversation (3 messages).\n", stderr: '' });
    expect(await searchHits(bob.cookie, 'aardvark')).toEqual([]);
    // Mum's are hers: untouched, still found.
    expect(await searchHits(await signIn('mum').then((s) => s.cookie), 'aardvark')).toEqual([mums]);
    const cleared = auditRows().filter((r) => r.action === 'user.messages_cleared');
    expect(cleared).toHaveLength(2);
    expect(new Set(cleared.map((r) => r.actorId))).toEqual(new Set(['command-line']));
  });

  it('refuses a bad date, an unknown user and a missing --user', async () => {
    await add('bob');
    expect(await run(['messages', 'clear', '--user', 'bob', '--before', 'last tuesday', '--yes'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'hearth: "last tuesday" is not a date. Write it as YYYY-MM-DD, for example 2026-01-31.\n',
    });
    expect((await run(['messages', 'clear', '--user', 'bob', '--before', '2026-02-30', '--yes'])).code).toBe(2);
    expect(await run(['messages', 'clear', '--user', 'ghost', '--yes'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'hearth: There is no user called ghost.\n',
    });
    const missing = await run(['messages', 'clear', '--yes']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("required option '--user <username>' not specified");
  });

  it('clears the sessions of one account, then of everyone', async () => {
    await add('mum', '--admin');
    await add('bob');
    const [mum, bob, bobPhone] = [await signIn('mum'), await signIn('bob'), await signIn('bob')];
    const one = await run(['sessions', 'clear', '--user', 'Bob']);
    expect(one).toEqual({ code: 0, stdout: 'bob is signed out everywhere (2 sessions ended).\n', stderr: '' });
    expect([await isSignedIn(mum.cookie), await isSignedIn(bob.cookie), await isSignedIn(bobPhone.cookie)]).toEqual([
      true,
      false,
      false,
    ]);

    await signIn('bob');
    const all = await run(['sessions', 'clear']);
    expect(all).toEqual({ code: 0, stdout: 'Everyone is signed out (2 sessions of 2 accounts ended).\n', stderr: '' });
    expect(await isSignedIn(mum.cookie)).toBe(false);
    expect(auditRows().filter((r) => r.action === 'user.signed_out')).toHaveLength(3);
  });
});
