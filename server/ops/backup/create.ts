/**
 * `hearth backup <file>`: a consistent archive of the data dir while Hearth runs. Each SQLite
 * file (Hearth's database, the music catalogue) is snapshotted with SQLite's online backup API
 * into a staging folder next to the archive; every other file that holds household data
 * (uploads) is read as it is. Sockets, WAL/journal files and temporary files are left out. The
 * archive is written under a temporary name and renamed into place only when complete.
 */
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { once } from 'node:events';
import { pipeline } from 'node:stream/promises';
import SQLite from 'better-sqlite3';
import { ZipFile } from 'yazl';
import {
  DATABASE_NAME,
  FORMAT_VERSION,
  MANIFEST_NAME,
  hashingStream,
  type Manifest,
  type ManifestFile,
} from './manifest';

/** What a backup reports as it goes: bytes archived so far of the total. */
export type BackupProgress = { start: (totalBytes: number) => void; advance: (bytes: number) => void };

/** Files of the data dir that are never household data: live state, or half-written. */
const SKIPPED =
  /(^|\/)(admin\.sock|.*\.sock|.*-wal|.*-shm|.*-journal|.*\.lock|.*\.tmp|.*\.partial(-\d+)?|\.hearth-[^/]*)$/;
/** SQLite files at the top of the data dir: snapshotted, never copied byte by byte. */
const SQLITE_FILE = /^[^/]+\.sqlite$/;

/** Every regular file under `dir` as `/`-separated paths relative to it (sockets, links skipped). */
async function walk(dir: string, prefix = ''): Promise<string[]> {
  const found: string[] = [];
  for (const entry of await fsp.readdir(path.join(dir, prefix), { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (SKIPPED.test(rel)) continue;
    if (entry.isDirectory()) found.push(...(await walk(dir, rel)));
    else if (entry.isFile()) found.push(rel);
  }
  return found;
}

/**
 * Snapshots the SQLite file `source` into `target` with the online backup API. The first step
 * copies 100 pages; every later step copies all that remain, so a writer in the server can
 * restart the copy at most once (a write between two steps restarts it) instead of forever.
 */
async function snapshot(source: string, target: string): Promise<void> {
  const db = new SQLite(source, { fileMustExist: true });
  try {
    db.pragma('busy_timeout = 10000');
    await db.backup(target, { progress: ({ totalPages }) => Math.max(100, totalPages) });
  } finally {
    db.close();
  }
}

/** The migrations applied to a database snapshot (empty for a file without Hearth's table). */
function appliedMigrations(file: string): string[] {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const table = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'kysely_migration'").get();
    if (!table) return [];
    return (db.prepare('SELECT name FROM kysely_migration ORDER BY name').all() as { name: string }[]).map(
      (r) => r.name,
    );
  } finally {
    db.close();
  }
}

/** Checks a snapshot the same way a restore will; throws naming the file when it fails. */
function checkSnapshot(file: string, name: string): void {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const rows = db.pragma('integrity_check') as { integrity_check: string }[];
    if (rows[0]?.integrity_check !== 'ok') {
      throw new Error(`The snapshot of ${name} fails SQLite's integrity check (${rows[0]?.integrity_check ?? '?'}).`);
    }
  } finally {
    db.close();
  }
}

/**
 * Writes the archive of `dataDir` to `outFile` and returns its manifest.
 * @throws when the data dir has no database, or reading or writing fails (no archive is left)
 */
export async function createBackup(
  dataDir: string,
  outFile: string,
  progress: BackupProgress = { start: () => {}, advance: () => {} },
): Promise<Manifest> {
  const out = path.resolve(outFile);
  if (!fs.existsSync(path.join(dataDir, DATABASE_NAME))) {
    throw new Error(`There is no Hearth database in ${dataDir} (no ${DATABASE_NAME}). Check HEARTH_DATA_DIR.`);
  }
  const staging = await fsp.mkdtemp(path.join(path.dirname(out), '.hearth-backup-'));
  const partial = path.join(path.dirname(out), `.${path.basename(out)}.partial-${process.pid}`);
  try {
    const created = new Date().toISOString();
    const outInside = path.relative(dataDir, out);
    const all = (await walk(dataDir)).filter((rel) => rel !== outInside.split(path.sep).join('/'));
    // The database first: every row committed before this moment is in the archive.
    const databases = [DATABASE_NAME, ...all.filter((rel) => SQLITE_FILE.test(rel) && rel !== DATABASE_NAME)];
    const sources = new Map<string, { file: string; kind: ManifestFile['kind'] }>();
    for (const name of databases) {
      const staged = path.join(staging, name);
      await snapshot(path.join(dataDir, name), staged);
      checkSnapshot(staged, name);
      sources.set(name, { file: staged, kind: 'sqlite' });
    }
    for (const rel of all) if (!sources.has(rel)) sources.set(rel, { file: path.join(dataDir, rel), kind: 'file' });
    const migrations = appliedMigrations(path.join(staging, DATABASE_NAME));

    let total = 0;
    for (const { file } of sources.values()) total += (await fsp.stat(file).catch(() => ({ size: 0 }))).size;
    progress.start(total);

    const zip = new ZipFile();
    const written = pipeline(zip.outputStream, fs.createWriteStream(partial, { mode: 0o600 }));
    // A file that vanished mid-way or a full disk: fail the backup rather than wait forever.
    const broken = new Promise<never>((_, reject) => {
      zip.once('error', reject);
      written.catch(reject);
    });
    broken.catch(() => {});
    const files: ManifestFile[] = [];
    const entries = [...sources].map(async ([name, { file, kind }]) => {
      const hashing = hashingStream(progress.advance);
      // Photos and audio are compressed already; a database compresses well.
      zip.addReadStreamLazy(
        name,
        { compress: kind === 'sqlite' || !/\.(jpe?g|png|gif|webp|heic|mp4|mp3|ogg|opus|m4a|zip|gz)$/i.test(name) },
        (cb) => {
          const read = fs.createReadStream(file);
          read.once('error', (err) => hashing.stream.destroy(err));
          cb(null, read.pipe(hashing.stream));
        },
      );
      await Promise.race([once(hashing.stream, 'end'), broken]);
      files.push({ path: name, kind, ...hashing.result() });
    });
    // Once one fails the rest are abandoned: their later failures are not news.
    for (const entry of entries) entry.catch(() => {});
    await Promise.race([Promise.all(entries), broken]);
    const manifest: Manifest = {
      format: 'hearth-backup',
      version: FORMAT_VERSION,
      created,
      migrations,
      files: files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    };
    zip.addBuffer(Buffer.from(`${JSON.stringify(manifest, null, 2)}\n`), MANIFEST_NAME);
    zip.end();
    await written;
    const handle = await fsp.open(partial, 'r');
    await handle.sync();
    await handle.close();
    await fsp.rename(partial, out);
    return manifest;
  } finally {
    await fsp.rm(staging, { recursive: true, force: true });
    await fsp.rm(partial, { force: true });
  }
}
