/**
 * `hearth user disable bob` run as its own process (the built `hearth` command, as an operator
 * types it) while a real server runs on the data dir: bob's live WebSocket closes and his
 * streaming reply stops at once, because the change runs inside the server through its admin
 * socket. Real port, real `ws` client, real HTTP stream from the fake model server.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { loadConfig } from '#server/config';
import { startServer, type RunningServer } from '#server/main';
import { browserHeaders, MODELS, sendStreaming, type LiveApp } from '#server/generation/test-support';
import { startFakeModelServer, type FakeModelServer } from '#test/fakes/fake-model-server';
import { createUser, login, type Session } from '#test/helpers';

let fake: FakeModelServer;
let server: RunningServer;
let t: LiveApp;
let dataDir: string;

beforeAll(async () => {
  if (!fs.existsSync('dist/server/cli.js'))
    throw new Error('dist/ is not built: run `npm run build` (npm install does it) first');
  fake = await startFakeModelServer();
});
afterAll(async () => {
  await fake.close();
});
beforeEach(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-opcmd-'));
  const config = loadConfig({
    HEARTH_DATA_DIR: dataDir,
    HEARTH_HOST: '127.0.0.1',
    HEARTH_PORT: '0',
    HEARTH_PROBE_DEFAULT_SERVERS: '0',
    HEARTH_GENERATED_TITLES: '0',
    HEARTH_MODEL_SERVERS: `openai=${fake.openaiBaseUrl}`,
  });
  server = await startServer(config, { quiet: true });
  t = { app: server.app, url: server.url, config, dataDir, close: server.close };
});
afterEach(async () => {
  await server.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Runs `hearth …` as a child process; resolves when it exits, with when that was. */
function hearth(
  args: string[],
  input?: string,
): Promise<{ code: number | null; stdout: string; stderr: string; exitedAt: number }> {
  const child = spawn(process.execPath, ['bin/hearth.js', ...args], {
    env: { PATH: process.env.PATH, HEARTH_DATA_DIR: dataDir },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'],
  });
  if (input !== undefined) child.stdin?.end(input);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) =>
    child.once('close', (code) => resolve({ code, stdout, stderr, exitedAt: Date.now() })),
  );
}

/** `promise`'s value, or a failure naming `what` if it has not come `ms` after `since`. */
function by<T>(promise: Promise<T>, since: number, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`${what} had not happened ${ms} ms after the command returned`)),
      Math.max(0, since + ms - Date.now()),
    );
    promise.then(resolve, reject).finally(() => clearTimeout(timer));
  });
}

/** Bob, signed in, with a conversation, a live WebSocket and a reply streaming slowly. */
async function bobMidReply() {
  await createUser(t.app, { username: 'mum', role: 'admin' });
  const { password } = await createUser(t.app, { username: 'bob' });
  const bob: Session = await login(t.app, 'bob', password);
  const created = await t.app.inject({
    method: 'POST',
    url: '/api/conversations',
    headers: browserHeaders(bob),
    payload: { model: MODELS.openai },
  });
  const conversationId = created.json<{ id: string }>().id;

  const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/ws`, { headers: { cookie: bob.cookie }, origin: t.url });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const wsClosed = new Promise<{ code: number }>((resolve) => ws.once('close', (code) => resolve({ code })));

  // 400 words at 50 ms each would take 20 s: it ends early only if something stops it.
  fake.enqueue({ reply: Array.from({ length: 400 }, (_, i) => `word${i}`).join(' '), tokenIntervalMs: 50 });
  const stream = await sendStreaming(t, bob, conversationId, { content: 'Tell me a long story' });
  await stream.waitFor((e) => e.event === 'delta');
  const upstream = fake.chatRequests().at(-1)!;
  expect(upstream.closedAt).toBeNull();
  return { bob, ws, wsClosed, stream, upstream };
}

describe('operator commands against a running server', () => {
  it('`hearth user disable bob` closes his socket and stops his reply within 1 s', async () => {
    const { bob, wsClosed, stream, upstream } = await bobMidReply();

    const res = await hearth(['user', 'disable', 'bob']);
    expect(res).toMatchObject({ code: 0, stdout: 'bob is disabled; they were signed out everywhere.\n', stderr: '' });

    const { code } = await by(wsClosed, res.exitedAt, 1000, "closing bob's socket");
    expect(code).toBe(4001);
    const events = await by(stream.ended, res.exitedAt, 1000, "ending bob's reply");
    expect(events.find((e) => e.event === 'done')?.data.message.status).toBe('stopped');
    const closed = await fake.waitForClose(upstream.index, 1000);
    expect(closed.closedByClient).toBe(true);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: bob.cookie } })).statusCode,
    ).toBe(401);
  });

  it('`hearth user set-password bob` closes his socket and stops his reply within 1 s', async () => {
    const { bob, wsClosed, stream, upstream } = await bobMidReply();

    const res = await hearth(['user', 'set-password', 'bob', '--password-stdin'], 'a password only mum knows 9\n');
    expect(res).toMatchObject({ code: 0, stderr: '' });

    const { code } = await by(wsClosed, res.exitedAt, 1000, "closing bob's socket");
    expect(code).toBe(4001);
    const events = await by(stream.ended, res.exitedAt, 1000, "ending bob's reply");
    expect(events.find((e) => e.event === 'done')?.data.message.status).toBe('stopped');
    const closed = await fake.waitForClose(upstream.index, 1000);
    expect(closed.closedByClient).toBe(true);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: bob.cookie } })).statusCode,
    ).toBe(401);
  });

  it('`hearth sessions clear --user bob` closes his socket; his reply runs on', async () => {
    const { bob, wsClosed, stream } = await bobMidReply();

    const res = await hearth(['sessions', 'clear', '--user', 'bob']);
    expect(res).toMatchObject({ code: 0, stdout: 'bob is signed out everywhere (1 session ended).\n' });
    const { code } = await by(wsClosed, res.exitedAt, 1000, "closing bob's socket");
    expect(code).toBe(4001);
    expect(
      (await t.app.inject({ method: 'GET', url: '/api/auth/me', headers: { cookie: bob.cookie } })).statusCode,
    ).toBe(401);
    // Signing out ends no reply: it goes on until the server shuts down after the test.
    expect(stream.events.some((e) => e.event === 'done')).toBe(false);
  });

  it('`hearth messages clear --user bob --yes` stops the reply of a deleted conversation and tells his tabs', async () => {
    const { ws, stream, upstream } = await bobMidReply();
    const told = new Promise<unknown>((resolve) =>
      ws.on('message', (data: Buffer) => {
        const event = JSON.parse(data.toString()) as { type?: string };
        if (event.type === 'conversation.deleted') resolve(event);
      }),
    );

    const res = await hearth(['messages', 'clear', '--user', 'bob', '--yes']);
    expect(res).toMatchObject({ code: 0, stdout: "Deleted bob's 1 conversation (2 messages).\n", stderr: '' });
    const events = await by(stream.ended, res.exitedAt, 1000, "ending bob's reply");
    expect(events.some((e) => e.event === 'done' || e.event === 'error')).toBe(true);
    const closed = await fake.waitForClose(upstream.index, 1000);
    expect(closed.closedByClient).toBe(true);
    await by(told, res.exitedAt, 1000, "telling bob's tab");
    ws.close();
  });

  it('says what was wrong and exits 1: unknown user, last admin', async () => {
    await createUser(t.app, { username: 'mum', role: 'admin' });
    expect(await hearth(['user', 'disable', 'ghost'])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'hearth: There is no user called ghost.\n',
    });
    expect(await hearth(['user', 'demote', 'mum'])).toMatchObject({
      code: 1,
      stdout: '',
      stderr: 'hearth: This is the last admin: make another admin first.\n',
    });
  });
});
