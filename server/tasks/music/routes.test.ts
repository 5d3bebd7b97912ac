/**
 * The Music library's routes on the real app: a scan of a folder inside HEARTH_MUSIC_DIRS with
 * its progress over a real WebSocket, folders outside it (`..`, a symlink, another path)
 * refused, the scan's status, the Chinook import checked before anything is replaced, stats.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { ServerEvent } from '#common/events';
import type { MusicScan, MusicStats } from '#common/music';
import { browserHeaders, startLiveApp, type LiveApp } from '#server/generation/test-support';
import { signedInUser, type Session } from '#test/helpers';
import { CHINOOK_FILE } from './test-support';

const FIXTURE = path.join(import.meta.dirname, '../../../test/fixtures/music/library');

let t: LiveApp;
let admin: Session;
let member: Session;
let root: string;
let music: string;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  root = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-music-dirs-')));
  music = path.join(root, 'music');
  fs.mkdirSync(path.join(root, 'private'), { recursive: true });
  fs.cpSync(FIXTURE, path.join(music, 'library'), { recursive: true });
  fs.symlinkSync(path.join(root, 'private'), path.join(music, 'escape'));
  t = await startLiveApp(null, { HEARTH_MUSIC_DIRS: music });
  admin = await signedInUser(t.app, { role: 'admin' });
  member = await signedInUser(t.app);
});
afterEach(async () => {
  for (const s of sockets.splice(0)) s.terminate();
  await t.close();
  fs.rmSync(root, { recursive: true, force: true });
});

const post = (s: Session, url: string, payload: unknown, headers: Record<string, string> = {}) =>
  t.app.inject({ method: 'POST', url, headers: { ...browserHeaders(s), ...headers }, payload: payload as string });
const get = (s: Session, url: string) => t.app.inject({ method: 'GET', url, headers: browserHeaders(s) });

/** The `music.scan` events a real WebSocket of `s` receives, once it is connected. */
async function scanEvents(s: Session) {
  const ws = new WebSocket(`${t.url.replace('http', 'ws')}/api/ws`, { headers: { cookie: s.cookie }, origin: t.url });
  sockets.push(ws);
  const events: Extract<ServerEvent, { type: 'music.scan' }>[] = [];
  const hello = new Promise<void>((resolve) =>
    ws.on('message', (data: Buffer) => {
      const event = ServerEvent.parse(JSON.parse(data.toString('utf8')));
      if (event.type === 'hello') resolve();
      if (event.type === 'music.scan') events.push(event);
    }),
  );
  await hello;
  return events;
}

async function until<T>(check: () => Promise<T | undefined> | T | undefined, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('POST /api/admin/music/scan', () => {
  it('scans a folder inside HEARTH_MUSIC_DIRS in the background, with progress on the WebSocket', async () => {
    const events = await scanEvents(admin);
    const res = await post(admin, '/api/admin/music/scan', { path: path.join(music, 'library') });
    expect(res.statusCode, res.body).toBe(202);
    const { scanId } = res.json<{ scanId: string }>();
    const done = await until(() => events.find((e) => e.done));
    expect(done).toMatchObject({ scanId, seen: 15, added: 14, updated: 0, removed: 0, failed: 1 });
    const scan = (await get(admin, `/api/admin/music/scans/${scanId}`)).json<MusicScan>();
    expect(scan).toMatchObject({ id: scanId, status: 'done', seen: 15, added: 14 });
    expect(scan.failed).toEqual([
      { path: path.join(music, 'library/untagged/broken.mp3'), reason: expect.any(String) },
    ]);
    expect(scan.finishedAt).toBeDefined();
    const stats = (await get(member, '/api/music/stats')).json<MusicStats>();
    expect(stats).toMatchObject({ tracks: 14, artists: 10, albums: 8, genres: 7, playlists: 0 });
    expect(stats.lastScanAt).toBeDefined();
  });

  it.each([
    ['a folder outside', () => path.join(root, 'private')],
    ['.. out of the folder', () => path.join(music, '..', 'private')],
    ['a symlink out of the folder', () => path.join(music, 'escape')],
    ['a system folder', () => '/etc'],
    ['a relative path', () => 'music/library'],
  ])('refuses %s with 403 path_not_allowed', async (_what, folder) => {
    const res = await post(admin, '/api/admin/music/scan', { path: folder() });
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({ error: { code: 'path_not_allowed', field: 'path' } });
  });

  it('answers 400 for bad input and for a folder that does not exist inside', async () => {
    expect((await post(admin, '/api/admin/music/scan', {})).statusCode).toBe(400);
    const missing = await post(admin, '/api/admin/music/scan', { path: path.join(music, 'nothing-here') });
    expect(missing.statusCode).toBe(400);
    const file = await post(admin, '/api/admin/music/scan', { path: path.join(music, 'library/README.md') });
    expect(file.statusCode).toBe(400);
    expect((await post(member, '/api/admin/music/scan', { path: music })).statusCode).toBe(403);
  });

  it('answers 404 for a scan id it does not know', async () => {
    const res = await get(admin, '/api/admin/music/scans/not-a-scan');
    expect(res.statusCode).toBe(404);
  });

  it('lists the folders the admin may scan', async () => {
    expect((await get(admin, '/api/admin/music/folders')).json()).toEqual({ folders: [music] });
  });
});

describe('POST /api/admin/music/import', () => {
  const sqlite = { 'content-type': 'application/octet-stream' };

  it('imports Chinook, and refuses a file that is not one without touching the catalogue', async () => {
    const res = await post(admin, '/api/admin/music/import', fs.readFileSync(CHINOOK_FILE), sqlite);
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toEqual({ artists: 275, albums: 347, tracks: 3503, genres: 25, playlists: 18 });

    const notSqlite = await post(admin, '/api/admin/music/import', Buffer.from('hello, not a database'), sqlite);
    expect(notSqlite.statusCode).toBe(400);
    expect(notSqlite.json()).toMatchObject({ error: { code: 'import_invalid' } });
    const empty = await post(admin, '/api/admin/music/import', Buffer.alloc(0), sqlite);
    expect(empty.statusCode).toBe(400);
    expect((await get(member, '/api/music/stats')).json()).toMatchObject({ tracks: 3503 });
    // No temporary copy is left behind.
    expect(fs.readdirSync(t.dataDir).filter((f) => f.startsWith('music-import-'))).toEqual([]);
  });

  it('refuses an SQLite file without the Chinook tables, naming what is missing', async () => {
    const file = path.join(root, 'other.sqlite');
    const { default: Database } = await import('better-sqlite3');
    new Database(file).exec('CREATE TABLE Artist (ArtistId INTEGER, Name TEXT); CREATE VIEW Album AS SELECT 1').close();
    const res = await post(admin, '/api/admin/music/import', fs.readFileSync(file), sqlite);
    expect(res.statusCode).toBe(400);
    expect(res.json<{ error: { message: string } }>().error.message).toBe(
      'The file has no Album table, so it is not a Chinook catalogue.',
    );
    expect((await post(member, '/api/admin/music/import', fs.readFileSync(CHINOOK_FILE), sqlite)).statusCode).toBe(403);
  });
});
