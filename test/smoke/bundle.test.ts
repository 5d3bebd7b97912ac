/**
 * The built server, started as `npm start` starts it (node bin/hearth.js serve, from dist/):
 * the other tests run the sources, so only this one notices a bundle that cannot find its own
 * files (the common-password list, the web app) or its worker. `npm install` builds dist/.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const startCommand =
  (JSON.parse(fs.readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts.start ?? '';
let server: ChildProcess;
let dataDir: string;
let url: string;
let output = '';

beforeAll(async () => {
  if (!fs.existsSync('dist/server/cli.js') || !fs.existsSync('dist/web/index.html')) {
    throw new Error('dist/ is not built: run `npm run build` (npm install does it) first');
  }
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-bundle-'));
  // `npm start` is "node <flags> bin/hearth.js serve": run that command line itself.
  const [node, ...args] = startCommand.split(' ');
  expect(node).toBe('node');
  server = spawn(process.execPath, args, {
    env: {
      ...process.env,
      HEARTH_HOST: '127.0.0.1',
      HEARTH_PORT: '0',
      HEARTH_DATA_DIR: dataDir,
      HEARTH_PROBE_DEFAULT_SERVERS: '0',
      HEARTH_MODEL_SERVERS: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start:\n${output}`)), 20_000);
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      if (match && output.includes('/setup?token=')) {
        clearTimeout(timer);
        resolve(match[0]);
      }
    };
    server.stdout!.on('data', read);
    server.stderr!.on('data', read);
    server.once('exit', (code) => reject(new Error(`the server exited (${code}):\n${output}`)));
  });
}, 30_000);

afterAll(async () => {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server.once('exit', resolve));
    server.kill('SIGTERM');
    await exited;
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

describe('the built server (npm start)', () => {
  it('starts, prints the one-time setup link, and serves the web app', async () => {
    expect(output).toMatch(/\/setup\?token=[\w-]+/);
    const page = await fetch(`${url}/`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<div id="root">');
    const deepLink = await fetch(`${url}/c/some-conversation`);
    expect(deepLink.headers.get('content-type')).toContain('text/html');
    expect((await fetch(`${url}/healthz`)).status).toBe(200);
  });

  it('refuses a common password when the first admin is made (its list ships with the bundle)', async () => {
    const token = output.match(/\/setup\?token=([\w-]+)/)![1]!;
    const res = await fetch(`${url}/api/setup`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ token, username: 'admin', displayName: 'Admin', password: 'password123' }),
    });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/common/i);
  });

  it('checkpoints a grown write-ahead log from its worker thread', async () => {
    // Another connection grows the log past the 4 MB threshold without checkpointing it.
    const file = path.join(dataDir, 'hearth.sqlite');
    const other = new SQLite(file);
    other.pragma('wal_autocheckpoint = 0');
    other.exec('create table bulk (v text)');
    const insert = other.prepare('insert into bulk values (?)');
    for (let i = 0; i < 1500; i++) insert.run('x'.repeat(4000));
    other.close();
    const before = fs.statSync(file).size;
    const deadline = Date.now() + 10_000;
    while (fs.statSync(file).size < before + 1500 * 4000 && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 100));
    expect(fs.statSync(file).size).toBeGreaterThan(before + 1500 * 4000);
  }, 20_000);
});
