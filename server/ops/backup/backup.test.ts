/**
 * `hearth backup` and `hearth restore` on real data dirs: a backup taken while a real server
 * takes 100 concurrent writes restores to a sound database holding every row committed before
 * it started; uploads and the music catalogue travel with it, live files do not; a restore is
 * refused while the server runs, and for a damaged or changed archive, leaving the data dir as it was.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ZipFile } from 'yazl';
import { runWith } from '#cli/test-support';
import { loadConfig } from '#server/config';
import { startServer, type RunningServer } from '#server/main';
import { readZip } from '#server/conversations/export-test-support';
import { migrations } from '#server/db/migrations/index';
import { restoreBackup } from './restore';
import { createUser, login, asUser } from '#test/helpers';

let root: string;
let dataDir: string;
let server: RunningServer | null = null;

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'hearth-backup-'));
  dataDir = path.join(root, 'data');
});
afterEach(async () => {
  await server?.close();
  server = null;
  fs.rmSync(root, { recursive: true, force: true });
});

const env = (dir = dataDir) => ({
  HEARTH_DATA_DIR: dir,
  HEARTH_HOST: '127.0.0.1',
  HEARTH_PORT: '0',
  HEARTH_PROBE_DEFAULT_SERVERS: '0',
  HEARTH_MODEL_SERVERS: '',
});
const start = async () => (server = await startServer(loadConfig(env()), { quiet: true }));
const hearth = (argv: string[], dir = dataDir) => runWith({ HEARTH_DATA_DIR: dir }, argv);

/** Rows of a query on the SQLite file, read-only. */
function query<T>(file: string, sql: string): T[] {
  const db = new SQLite(file, { readonly: true });
  try {
    return db.prepare(sql).all() as T[];
  } finally {
    db.close();
  }
}

/** A data dir as a household has it: a user, uploads, a music catalogue, and live files beside. */
async function household() {
  const running = await start();
  const { password } = await createUser(running.app, { username: 'mum', role: 'admin' });
  fs.mkdirSync(path.join(dataDir, 'uploads', 'ab'), { recursive: true });
  fs.writeFileSync(path.join(dataDir, 'uploads', 'ab', 'photo.jpg'), Buffer.alloc(50_000, 7));
  fs.writeFileSync(path.join(dataDir, 'uploads', 'notes.txt'), 'shopping list');
  fs.writeFileSync(path.join(dataDir, 'uploads', 'half.tmp'), 'still uploading');
  const music = new SQLite(path.join(dataDir, 'music.sqlite'));
  music.pragma('journal_mode = WAL');
  music.exec("CREATE TABLE tracks (id INTEGER PRIMARY KEY, title TEXT); INSERT INTO tracks (title) VALUES ('Song')");
  music.close();
  return { running, password };
}

/** An archive rewritten with `change` applied to its entries (the manifest kept unless changed). */
async function rewrite(archive: string, out: string, change: (files: Map<string, Buffer>) => void) {
  const files = readZip(fs.readFileSync(archive));
  change(files);
  const zip = new ZipFile();
  for (const [name, data] of files) zip.addBuffer(data, name);
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  fs.writeFileSync(out, Buffer.concat(chunks));
}

describe('hearth backup', () => {
  it('takes a consistent backup during 100 concurrent writes; the restore holds every row committed before it', async () => {
    const { running, password } = await household();
    const mum = await login(running.app, 'mum', password);
    // Enough pages that the online backup takes several steps while the writes go on.
    const db = new SQLite(path.join(dataDir, 'hearth.sqlite'));
    const insert = db.prepare(
      `INSERT INTO conversations (id, user_id, title, title_by_user, task_id, model, pinned, archived, active_leaf_id, created_at, updated_at)
       VALUES (?, ?, ?, 1, 'general', NULL, 0, 0, NULL, ?, ?)`,
    );
    db.transaction(() => {
      for (let i = 0; i < 3000; i++) insert.run(`seed-${i}`, mum.user.id, `Seed ${i} ${'x'.repeat(900)}`, 't', 't');
    })();
    db.close();

    const committed: string[] = [];
    const archive = path.join(root, 'during.zip');
    // Started the moment the 20th write is committed; what was committed by then must be in it.
    let backup: ReturnType<typeof hearth> | null = null;
    let seenBefore: string[] = [];
    let landedDuring = 0;
    const write = async (i: number) => {
      // Spread over time, so writes go on landing while the backup runs.
      await new Promise((resolve) => setTimeout(resolve, i * 4));
      const res = await running.app.inject({
        method: 'POST',
        url: '/api/conversations',
        headers: asUser(mum),
        payload: { title: `Concurrent ${i}` },
      });
      expect(res.statusCode).toBe(201);
      committed.push(res.json<{ id: string }>().id);
      if (committed.length === 20) {
        seenBefore = [...committed];
        backup = hearth(['backup', archive]).then((res) => {
          landedDuring = committed.length - 20;
          return res;
        });
      }
    };
    await Promise.all(Array.from({ length: 100 }, (_, i) => write(i)));
    const backup2 = await backup!;
    expect(backup2.stderr).toBe('');
    expect(backup2.code).toBe(0);
    expect(backup2.stdout).toMatch(/^Backed up 4 file\(s\), .* to .*during\.zip/);
    expect(committed).toHaveLength(100);
    expect(seenBefore).toHaveLength(20);
    // The backup really ran while writes went on landing.
    expect(landedDuring).toBeGreaterThan(0);

    await running.close();
    server = null;
    const elsewhere = path.join(root, 'elsewhere');
    const restored = await hearth(['restore', archive], elsewhere);
    expect(restored.stderr).toBe('');
    expect(restored.code).toBe(0);
    const file = path.join(elsewhere, 'hearth.sqlite');
    expect(query<{ integrity_check: string }>(file, 'PRAGMA integrity_check')).toEqual([{ integrity_check: 'ok' }]);
    const ids = new Set(query<{ id: string }>(file, 'SELECT id FROM conversations').map((r) => r.id));
    for (const id of seenBefore) expect(ids.has(id)).toBe(true);
    expect(ids.size).toBeGreaterThanOrEqual(3000 + seenBefore.length);
    expect(ids.size).toBeLessThanOrEqual(3100);
    // Every concurrent conversation in it is whole: its row is there or not, never half.
    expect(
      query<{ n: number }>(file, "SELECT count(*) AS n FROM conversations WHERE title LIKE 'Concurrent %'")[0]!.n,
    ).toBe(ids.size - 3000);
  }, 60_000);

  it('archives uploads and the music catalogue with a manifest of hashes, and leaves live files out', async () => {
    await household();
    const archive = path.join(root, 'home.zip');
    const res = await hearth(['backup', archive, '--json']);
    expect(res.code).toBe(0);
    const result = JSON.parse(res.stdout) as {
      files: { path: string; kind: string; sha256: string }[];
      created: string;
    };
    expect(result.files.map((f) => `${f.path}:${f.kind}`)).toEqual([
      'hearth.sqlite:sqlite',
      'music.sqlite:sqlite',
      'uploads/ab/photo.jpg:file',
      'uploads/notes.txt:file',
    ]);
    const entries = readZip(fs.readFileSync(archive));
    expect([...entries.keys()].sort()).toEqual([...result.files.map((f) => f.path), 'manifest.json'].sort());
    const manifest = JSON.parse(entries.get('manifest.json')!.toString()) as { format: string; version: number };
    expect(manifest).toMatchObject({ format: 'hearth-backup', version: 1, created: result.created });
    expect(fs.statSync(archive).mode & 0o077).toBe(0);
    // A second one onto the same name is refused unless asked for.
    expect(await hearth(['backup', archive])).toMatchObject({ code: 1, stderr: expect.stringContaining('--force') });
  });

  it('says plainly that PostgreSQL is backed up with pg_dump', async () => {
    const res = await runWith({ HEARTH_DATA_DIR: dataDir, HEARTH_DATABASE_URL: 'postgres://db/hearth' }, [
      'backup',
      path.join(root, 'x.zip'),
    ]);
    expect(res.code).toBe(1);
    expect(res.stderr).toContain('Back PostgreSQL up with pg_dump');
  });
});

describe('hearth restore', () => {
  it('is refused while Hearth runs, and puts the archive back once it is stopped, keeping the old data dir', async () => {
    const { running, password } = await household();
    const archive = path.join(root, 'home.zip');
    expect((await hearth(['backup', archive])).code).toBe(0);
    await createUser(running.app, { username: 'latecomer' });

    const refused = await hearth(['restore', archive]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/^hearth: Hearth is running on .* Stop it first/);
    expect((await hearth(['restore', archive, '--check'])).code).toBe(0);

    await running.close();
    server = null;
    const restored = await hearth(['restore', archive]);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/The data dir as it was is kept in .*data\.before-restore-/);
    const kept = fs.readdirSync(root).find((n) => n.startsWith('data.before-restore-'))!;
    expect(fs.existsSync(path.join(root, kept, 'uploads', 'half.tmp'))).toBe(true);
    expect(fs.existsSync(path.join(dataDir, 'uploads', 'half.tmp'))).toBe(false);
    expect(fs.readFileSync(path.join(dataDir, 'uploads', 'notes.txt'), 'utf8')).toBe('shopping list');
    expect(fs.readdirSync(root).filter((n) => n.includes('restoring'))).toEqual([]);
    expect(query<{ title: string }>(path.join(dataDir, 'music.sqlite'), 'SELECT title FROM tracks')).toEqual([
      { title: 'Song' },
    ]);
    const again = await start();
    await login(again.app, 'mum', password);
    expect((await hearth(['user', 'list'])).stdout).not.toContain('latecomer');
  });

  it('swaps inside the data dir where it cannot be renamed (a mount point, a parent it may not write)', async () => {
    const { running } = await household();
    const archive = path.join(root, 'home.zip');
    expect((await hearth(['backup', archive])).code).toBe(0);
    await running.close();
    server = null;
    fs.writeFileSync(path.join(dataDir, 'uploads', 'since.txt'), 'added after the backup');
    const restored = await restoreBackup(archive, dataDir, {
      knownMigrations: new Set(Object.keys(migrations)),
      inside: true,
    });
    expect(restored.previous).toMatch(/data\/\.hearth-before-restore-/);
    expect(fs.readdirSync(root).sort()).toEqual(['data', 'home.zip']);
    expect(fs.existsSync(path.join(dataDir, 'uploads', 'since.txt'))).toBe(false);
    expect(fs.readFileSync(path.join(restored.previous!, 'uploads', 'since.txt'), 'utf8')).toBe(
      'added after the backup',
    );
    expect(fs.readFileSync(path.join(dataDir, 'uploads', 'notes.txt'), 'utf8')).toBe('shopping list');
    expect(fs.readdirSync(dataDir).filter((n) => n.includes('restoring'))).toEqual([]);
    // A later backup leaves the kept copy out.
    const next = await hearth(['backup', path.join(root, 'next.zip'), '--json']);
    const paths = (JSON.parse(next.stdout) as { files: { path: string }[] }).files.map((f) => f.path);
    expect(paths.some((p) => p.includes('before-restore'))).toBe(false);
  });

  it.runIf(process.getuid?.() === 0)('run as root, leaves the files to the data dir owner', async () => {
    const { running } = await household();
    const archive = path.join(root, 'home.zip');
    expect((await hearth(['backup', archive])).code).toBe(0);
    await running.close();
    server = null;
    fs.chownSync(dataDir, 4242, 4242);
    expect((await hearth(['restore', archive])).code).toBe(0);
    for (const rel of ['', 'hearth.sqlite', 'uploads', 'uploads/ab/photo.jpg']) {
      expect(fs.statSync(path.join(dataDir, rel)).uid, rel).toBe(4242);
    }
  });

  it('refuses a damaged or changed archive and leaves the data dir as it was', async () => {
    const { running } = await household();
    const archive = path.join(root, 'home.zip');
    expect((await hearth(['backup', archive])).code).toBe(0);
    await running.close();
    server = null;
    const before = fs.readdirSync(dataDir).sort();
    const bad = path.join(root, 'bad.zip');
    const cases: [string, (files: Map<string, Buffer>) => void, RegExp][] = [
      [
        'a changed photo',
        (f) => f.set('uploads/ab/photo.jpg', Buffer.alloc(50_000, 8)),
        /uploads\/ab\/photo\.jpg does not match its checksum/,
      ],
      [
        'an extra file',
        (f) => f.set('uploads/evil.sh', Buffer.from('rm -rf /')),
        /holds uploads\/evil\.sh, which its manifest does not list/,
      ],
      ['a missing file', (f) => f.delete('music.sqlite'), /is missing music\.sqlite/],
      ['no manifest', (f) => f.delete('manifest.json'), /has no manifest\.json/],
      ['a garbled manifest', (f) => f.set('manifest.json', Buffer.from('{"format":')), /manifest that is not JSON/],
      [
        'a corrupt database with a matching hash',
        (f) => {
          const db = Buffer.from(f.get('hearth.sqlite')!);
          db.fill(0x5a, 4096 * 2, 4096 * 6);
          f.set('hearth.sqlite', db);
          const manifest = JSON.parse(f.get('manifest.json')!.toString()) as {
            files: { path: string; sha256: string; size: number }[];
          };
          const entry = manifest.files.find((x) => x.path === 'hearth.sqlite')!;
          entry.sha256 = createHash('sha256').update(db).digest('hex');
          f.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
        },
        /hearth\.sqlite in the backup (fails SQLite's integrity check|is not a usable database)/,
      ],
    ];
    for (const [what, change, message] of cases) {
      await rewrite(archive, bad, change);
      const res = await hearth(['restore', bad]);
      expect(res.code, what).toBe(1);
      expect(res.stderr, what).toMatch(message);
      expect(res.stderr, what).toMatch(/Nothing was restored\.\n$/);
      expect(fs.readdirSync(dataDir).sort(), what).toEqual(before);
      expect(
        fs.readdirSync(root).filter((n) => n !== 'data' && !n.endsWith('.zip')),
        what,
      ).toEqual([]);
    }
    fs.writeFileSync(bad, fs.readFileSync(archive).subarray(0, 3000));
    expect(await hearth(['restore', bad])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('is not a Hearth backup'),
    });
    expect(await hearth(['restore', path.join(root, 'nope.zip')])).toMatchObject({
      code: 1,
      stderr: expect.stringContaining('There is no file'),
    });
  });
});
