/**
 * The admin socket of a real server (startServer, as `hearth serve` runs it) on a temporary data
 * dir: its file's mode and owner, a stale file left by a crashed server, a second server on the
 * same data dir, and what a client that speaks the protocol badly gets back.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runWith } from '#cli/test-support';
import { loadConfig } from '#server/config';
import { startServer, type RunningServer } from '#server/main';

let dataDir: string;
let socketPath: string;
const servers: RunningServer[] = [];
beforeEach(() => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-sock-'));
  socketPath = path.join(dataDir, 'admin.sock');
});
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const env = () => ({
  HEARTH_DATA_DIR: dataDir,
  HEARTH_HOST: '127.0.0.1',
  HEARTH_PORT: '0',
  HEARTH_PROBE_DEFAULT_SERVERS: '0',
  HEARTH_MODEL_SERVERS: '',
});
async function start(): Promise<RunningServer> {
  const server = await startServer(loadConfig(env()), { quiet: true });
  servers.push(server);
  return server;
}

/** Which way `hearth user list` went, from its debug line. */
async function route(): Promise<'server' | 'database'> {
  const res = await runWith({ HEARTH_DATA_DIR: dataDir, HEARTH_LOG_LEVEL: 'debug' }, ['user', 'list']);
  expect(res.code).toBe(0);
  if (res.stderr.includes('done by the running server')) return 'server';
  expect(res.stderr).toContain('no server is running');
  return 'database';
}

/** Sends raw bytes and returns everything the server answers before it hangs up. */
function exchange(bytes: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(socketPath, () => socket.write(bytes));
    let text = '';
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (text += chunk));
    socket.on('close', () => resolve(text));
    socket.on('error', reject);
  });
}

/** A socket file as a server killed mid-run leaves it: nothing listens on it any more. */
async function leaveStaleSocket(): Promise<void> {
  const script = `require('node:net').createServer().listen(${JSON.stringify(socketPath)}, () => process.kill(process.pid, 'SIGKILL'))`;
  const child = spawn(process.execPath, ['-e', script], { stdio: 'ignore' });
  await new Promise((resolve) => child.once('exit', resolve));
  expect(fs.lstatSync(socketPath).isSocket()).toBe(true);
}

describe('the admin socket', () => {
  it('is a socket only the server user may open, made at start and removed at shutdown', async () => {
    expect(await route()).toBe('database');
    const server = await start();
    const stat = fs.lstatSync(socketPath);
    expect(stat.isSocket()).toBe(true);
    expect(stat.mode & 0o777).toBe(0o600);
    expect(stat.uid).toBe(process.getuid!());
    expect(await route()).toBe('server');
    await server.close();
    expect(fs.existsSync(socketPath)).toBe(false);
    expect(await route()).toBe('database');
  });

  it('treats a stale socket file as no server, and a new server replaces it', async () => {
    await leaveStaleSocket();
    expect(await route()).toBe('database');
    await start();
    expect(fs.lstatSync(socketPath).mode & 0o777).toBe(0o600);
    expect(await route()).toBe('server');
  });

  it('refuses a second server on the same data dir, leaving the first one serving', async () => {
    await start();
    await expect(startServer(loadConfig(env()), { quiet: true })).rejects.toThrow(
      `Another Hearth server is already running on this data dir (it answers on ${socketPath}). Stop it first.`,
    );
    expect(await route()).toBe('server');
  });

  it('refuses to start when something that is not a socket is in the way', async () => {
    fs.writeFileSync(socketPath, 'notes');
    await expect(startServer(loadConfig(env()), { quiet: true })).rejects.toThrow(
      /admin\.sock is in the way of Hearth's admin socket and is not a socket/,
    );
    expect(fs.readFileSync(socketPath, 'utf8')).toBe('notes');
  });

  it('sends nothing to a socket that is open to other users: it may not be the server', async () => {
    let received = '';
    const impostor = net.createServer((socket) => socket.on('data', (chunk) => (received += chunk.toString())));
    await new Promise<void>((resolve) => impostor.listen(socketPath, resolve));
    try {
      fs.chmodSync(socketPath, 0o666);
      const res = await runWith(
        { HEARTH_DATA_DIR: dataDir },
        ['user', 'add', 'mum', '--password-stdin'],
        'kitchen table 42',
      );
      expect(res.code).toBe(1);
      expect(res.stderr).toBe(
        `hearth: ${socketPath} is open to other users or not the data dir owner's, so it may not be Hearth's: nothing was sent to it.\n`,
      );
      expect(received).toBe('');
    } finally {
      await new Promise((resolve) => impostor.close(resolve));
    }
  });

  it('answers a bad request with a sentence, and hangs up on an endless one', async () => {
    await start();
    const answer = async (line: string) => JSON.parse(await exchange(`${line}\n`)) as unknown;
    expect(await answer('not json')).toEqual({ ok: false, error: 'The request was not understood.' });
    expect(await answer('{"args":{}}')).toEqual({ ok: false, error: 'The request was not understood.' });
    expect(await answer('{"command":"user.frobnicate","args":{}}')).toEqual({
      ok: false,
      error: 'This Hearth server does not know "user.frobnicate": it is older than the hearth command. Restart it.',
    });
    expect(await answer('{"command":"user.disable","args":{}}')).toEqual({
      ok: false,
      error:
        'The request for "user.disable" was malformed (username: Invalid input: expected string, received undefined).',
    });
    expect(await answer('{"command":"user.list","args":{}}')).toEqual({ ok: true, result: { users: [] } });
    expect(await exchange('x'.repeat(70 * 1024))).toBe('');
  });
});
