/**
 * `hearth music scan|import`, with a real server running on the data dir (the import goes
 * through its admin socket) and with none (straight on the data dir); the scan's plain-line
 * progress when its output is not a terminal.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadConfig } from '#server/config';
import { startServer, type RunningServer } from '#server/main';
import { CHINOOK_FILE } from '#server/tasks/music/test-support';
import { runWith } from './test-support';

const FIXTURE = path.join(import.meta.dirname, '../test/fixtures/music/library');

describe.each([
  { mode: 'through the running server', running: true },
  { mode: 'with no server running', running: false },
])('hearth music $mode', ({ running }) => {
  let dataDir: string;
  let server: RunningServer | null = null;
  beforeEach(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-music-cli-'));
    if (running) {
      const env = {
        HEARTH_DATA_DIR: dataDir,
        HEARTH_HOST: '127.0.0.1',
        HEARTH_PORT: '0',
        HEARTH_PROBE_DEFAULT_SERVERS: '0',
        HEARTH_MODEL_SERVERS: '',
        HEARTH_LOG_LEVEL: 'silent',
      };
      server = await startServer(loadConfig(env), { quiet: true });
    }
  });
  afterEach(async () => {
    await server?.close();
    server = null;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  const run = (argv: string[], env: Record<string, string> = {}) =>
    runWith({ HEARTH_DATA_DIR: dataDir, ...env }, argv, '');
  const tracks = () => {
    const db = new Database(path.join(dataDir, 'music.sqlite'), { readonly: true });
    try {
      return (db.prepare('SELECT count(*) AS n FROM tracks').get() as { n: number }).n;
    } finally {
      db.close();
    }
  };

  it('imports a Chinook file', async () => {
    const res = await run(['music', 'import', CHINOOK_FILE], { HEARTH_LOG_LEVEL: 'debug' });
    expect(res.stdout).toBe('Imported 275 artists, 347 albums, 3503 tracks, 25 genres and 18 playlists.\n');
    expect(res.stderr).toMatch(running ? /music\.import: done by the running server/ : /no server is running/);
    expect(tracks()).toBe(3503);
  });

  it('refuses a file that is not a Chinook catalogue, and one that does not exist', async () => {
    const bad = await run(['music', 'import', path.join(FIXTURE, 'README.md')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toBe('hearth: The file is not an SQLite database.\n');
    const missing = await run(['music', 'import', path.join(dataDir, 'nothing.sqlite')]);
    expect(missing.stderr).toMatch(/^hearth: There is no file .*nothing\.sqlite\.\n$/);
  });

  it('scans a folder, with a line of progress and the unreadable file named', async () => {
    const res = await run(['music', 'scan', FIXTURE]);
    expect(res.code, res.stderr).toBe(0);
    expect(res.stdout).toContain('Found 15 audio files.\nScanned 15 of 15 files.\n');
    expect(res.stdout).toContain('Done: 14 new tracks, 0 changed, 0 removed, 1 unreadable.');
    expect(res.stdout).toMatch(/skipped .*broken\.mp3: /);
    expect(tracks()).toBe(14);
    const again = await run(['music', 'scan', FIXTURE]);
    expect(again.stdout).toContain('Done: 0 new tracks, 0 changed, 0 removed, 1 unreadable.');
    expect((await run(['music', 'scan', path.join(dataDir, 'nowhere')])).stderr).toMatch(/There is no folder/);
  });
});
